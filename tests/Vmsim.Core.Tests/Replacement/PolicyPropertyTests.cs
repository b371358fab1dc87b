using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>What must hold of every policy, checked on seeded random strings.</summary>
public sealed class PolicyPropertyTests
{
    // A small window so that WS and WSClock see pages leave their working sets.
    private static readonly PolicyOptions Options = new() { WorkingSetWindow = 6, Seed = 3 };

    public static TheoryData<string> PolicyNames()
    {
        var data = new TheoryData<string>();
        foreach (var info in PolicyCatalog.All)
        {
            data.Add(info.Name);
        }

        return data;
    }

    private static PolicyDriver Driver(string name, int frames) =>
        new(PolicyCatalog.Create(name, Options), frames, tickInterval: 4);

    [Fact]
    public void Catalog_lists_every_policy_once_under_its_own_name()
    {
        string[] expected =
        [
            "fifo", "lru", "opt", "random", "clock", "nru", "aging", "lfu", "wsclock", "ws",
            "arc", "car", "2q", "lirs", "clock-pro", "sieve", "s3-fifo", "slru", "lru-k", "mru", "w-tinylfu", "linux",
        ];
        Assert.Equal(expected, PolicyCatalog.All.Select(p => p.Name));
        foreach (var info in PolicyCatalog.All)
        {
            Assert.Equal(info.Name, info.Create(Options).Name);
            Assert.False(string.IsNullOrWhiteSpace(info.Description));
            Assert.False(string.IsNullOrWhiteSpace(info.Source));
        }
    }

    [Fact]
    public void Catalog_passes_options_to_the_policies()
    {
        var options = new PolicyOptions { ClockInsert = ClockInsert.Cold, AgingBits = 5, WorkingSetWindow = 42 };
        Assert.Equal(ClockInsert.Cold, Assert.IsType<Clock>(PolicyCatalog.Create("clock", options)).Insert);
        Assert.Equal(5, Assert.IsType<Aging>(PolicyCatalog.Create("aging", options)).Bits);
        Assert.Equal(42, Assert.IsType<WsClock>(PolicyCatalog.Create("wsclock", options)).Window);
        Assert.Equal(42, Assert.IsType<WorkingSet>(PolicyCatalog.Create("WS", options)).Window);
    }

    [Fact]
    public void Opt_never_faults_more_than_any_other_policy()
    {
        foreach (var frames in new[] { 1, 2, 3, 5, 8 })
        {
            for (var seed = 1; seed <= 25; seed++)
            {
                var references = ReferenceStrings.Random(seed, 200, 12);
                var opt = Driver("opt", frames).Run(references).Faults;
                foreach (var info in PolicyCatalog.All)
                {
                    var faults = Driver(info.Name, frames).Run(references).Faults;
                    Assert.True(opt <= faults, $"opt faulted {opt} times, {info.Name} {faults}, with {frames} frames on seed {seed}");
                }
            }
        }
    }

    [Theory]
    [InlineData("lru")]
    [InlineData("opt")]
    public void Stack_algorithm_never_faults_more_with_more_frames(string name)
    {
        for (var seed = 1; seed <= 25; seed++)
        {
            var references = ReferenceStrings.Random(seed, 300, 15);
            var previous = int.MaxValue;
            for (var frames = 1; frames <= 16; frames++)
            {
                var faults = Driver(name, frames).Run(references).Faults;
                Assert.True(faults <= previous, $"{name} faulted {faults} times with {frames} frames, {previous} with one fewer, on seed {seed}");
                previous = faults;
            }
        }
    }

    [Fact]
    public void Random_is_deterministic_under_its_seed_and_differs_across_seeds()
    {
        var references = ReferenceStrings.Random(11, 500, 20);
        var first = new PolicyDriver(new RandomPolicy(7), 4).Run(references).Evicted;
        var again = new PolicyDriver(new RandomPolicy(7), 4).Run(references).Evicted;
        var other = new PolicyDriver(new RandomPolicy(8), 4).Run(references).Evicted;
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Random_picks_each_evictable_frame_about_equally_often()
    {
        // With frame 0 pinned, 3000 choices should spread evenly over frames 1 to 3.
        var perFrame = new int[4];
        var policy = new RandomPolicy(5);
        var host = new PolicyDriver(policy, 4);
        host.Run("1 2 3 4");
        host.Pin(0);
        for (var i = 0; i < 3000; i++)
        {
            perFrame[policy.SelectVictim().Value]++;
        }

        Assert.Equal(0, perFrame[0]);
        for (var f = 1; f < 4; f++)
        {
            Assert.InRange(perFrame[f], 850, 1150);
        }
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_never_chooses_a_pinned_frame(string name)
    {
        var driver = Driver(name, 5);
        driver.Run("90 91 92 93 94");
        driver.Pin(1);
        driver.Pin(3);

        // The driver throws if a victim cannot be evicted.
        driver.Run(ReferenceStrings.Random(4, 400, 12));
        Assert.True(driver.IsResident(91));
        Assert.True(driver.IsResident(93));
        Assert.True(driver.Faults > 50);
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_returns_none_when_every_frame_is_pinned(string name)
    {
        var policy = PolicyCatalog.Create(name, Options);
        var driver = new PolicyDriver(policy, 4, tickInterval: 4);
        driver.Run(ReferenceStrings.Random(9, 50, 8));
        for (var f = 0; f < 4; f++)
        {
            driver.Pin(f);
        }

        Assert.Equal(FrameNumber.None, policy.SelectVictim());
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_returns_none_when_it_holds_no_frames(string name)
    {
        var policy = PolicyCatalog.Create(name, Options);
        _ = new PolicyDriver(policy, 4);
        Assert.Equal(FrameNumber.None, policy.SelectVictim());
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_stays_consistent_when_frames_are_released_from_the_middle(string name)
    {
        var policy = PolicyCatalog.Create(name, Options);
        var driver = new PolicyDriver(policy, 5, tickInterval: 4);
        var references = ReferenceStrings.Random(21, 700, 14);
        var random = new Random(5);
        for (var i = 0; i < references.Length; i += 7)
        {
            driver.Run(references.AsSpan(i, Math.Min(7, references.Length - i)).ToArray());
            var resident = driver.Frames.Where(p => p >= 0).ToArray();
            driver.Release(resident[random.Next(resident.Length)]);
        }

        foreach (var page in driver.Frames.Where(p => p >= 0))
        {
            driver.Release(page);
        }

        Assert.Equal(FrameNumber.None, policy.SelectVictim());

        // Emptied, it must work as new: the same string faults as often as on a fresh policy.
        var fresh = Driver(name, 5).Run(references).Faults;
        var before = driver.Faults;
        if (name != "random")
        {
            Assert.Equal(fresh, driver.Run(references).Faults - before);
        }
        else
        {
            driver.Run(references);
        }
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_does_not_allocate_on_hit_load_or_victim_search(string name)
    {
        var policy = PolicyCatalog.Create(name, Options);
        var driver = new PolicyDriver(policy, 8, tickInterval: 4);
        driver.Run(ReferenceStrings.Random(1, 100, 12));
        for (var page = 1000; page < 1008; page++)
        {
            // Make every frame hold a page, so every search has work to do.
            if (driver.Frames.Contains(-1))
            {
                driver.Access(page, nextUse: AccessContext.Never);
            }
        }

        var context = new AccessContext(1000, 1, new PageNumber(1), AccessKind.Write, 2000);
        Churn(policy, context, 200);
        // The least of three equal windows: something allocated once (the runtime tiering a
        // method up on this thread) shows in one window, an allocation per call in all.
        var least = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Churn(policy, context, 2000);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(least == 0, $"{name}: {least} bytes allocated over 2,000 rounds in every window");
    }

    private static void Churn(IReplacementPolicy policy, AccessContext context, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var victim = policy.SelectVictim();
            policy.OnRemove(victim, RemovalReason.Evicted);
            policy.OnLoad(victim, context);
            policy.OnHit(victim, context);
            policy.OnHit(new FrameNumber(i % 8), context);
            policy.OnTick(i);
        }
    }
}
