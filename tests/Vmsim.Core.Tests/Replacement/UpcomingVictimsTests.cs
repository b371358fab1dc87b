using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// The victim hints the kernel prefetches by: FIFO and LRU name the head of their list
/// (what they evict next while nothing is hit), CLOCK the frames from its hand; a policy
/// without a hint names none. A hint changes nothing: asking for it twice gives the same
/// answer and the next eviction is unchanged.
/// </summary>
public class UpcomingVictimsTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    public void A_list_policy_names_the_next_victims_in_order(string name)
    {
        var policy = PolicyCatalog.Create(name);
        var driver = new PolicyDriver(policy, 3).Run("1 2 3 1 4");
        var hinted = Hint(policy, 2);

        // The next two faults evict the two frames named, in that order: each new page lands in the frame freed for it.
        driver.Access(8);
        driver.Access(9);
        Assert.Equal([hinted[0].Value, hinted[1].Value], [driver.FrameOf(8), driver.FrameOf(9)]);
    }

    [Fact]
    public void Lru_names_the_least_recently_used_first()
    {
        var policy = PolicyCatalog.Create("lru");
        var driver = new PolicyDriver(policy, 3).Run("1 2 3 1");
        Assert.Equal([driver.FrameOf(2), driver.FrameOf(3)], Hint(policy, 2).Select(f => f.Value));
    }

    [Fact]
    public void Clock_names_the_frames_from_its_hand_once_each()
    {
        var policy = PolicyCatalog.Create("clock");
        var driver = new PolicyDriver(policy, 3).Run("1 2 3 4");
        var hinted = Hint(policy, 5);
        Assert.Equal(3, hinted.Length);
        Assert.Equal(3, hinted.Distinct().Count());
        Assert.Equal(hinted[0], policy.SelectVictim());
    }

    [Fact]
    public void A_policy_without_a_hint_names_none_and_asking_changes_nothing()
    {
        var policy = PolicyCatalog.Create("random", new PolicyOptions { Seed = 3 });
        new PolicyDriver(policy, 3).Run("1 2 3 4 5");
        Assert.Empty(Hint(policy, 2));

        var fifo = PolicyCatalog.Create("fifo");
        new PolicyDriver(fifo, 3).Run("1 2 3 4");
        Assert.Equal(Hint(fifo, 2), Hint(fifo, 2));
        Assert.Equal(Hint(fifo, 1)[0], fifo.SelectVictim());
    }

    private static FrameNumber[] Hint(IReplacementPolicy policy, int length)
    {
        var next = new FrameNumber[length];
        return next[..policy.UpcomingVictims(next)];
    }
}
