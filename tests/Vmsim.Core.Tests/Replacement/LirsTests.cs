using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>LIRS (Jiang and Zhang, SIGMETRICS 2002) on a string worked by hand with section 3's rules.</summary>
public sealed class LirsTests
{
    [Fact]
    public void Lirs_keeps_pages_with_small_inter_reference_recency_and_evicts_the_front_of_q()
    {
        // 3 frames: L_hirs = 1 (1% rounded up to one), L_lirs = 2. S is written bottom to top,
        // n marks a non-resident HIR entry; Q front first.
        // 1 2: LIR. S = [1 2].  3: the LIR set is full, so 3 is resident HIR: S = [1 2 3], Q = [3].
        // 4: Q's front 3 is evicted and stays in S as 3n; 4 is HIR: S = [1 2 3n 4], Q = [4].
        // 3: 4 is evicted (4n). 3 was in S: it becomes LIR at the top, and the bottom LIR page 1
        //    becomes HIR at the end of Q; S is pruned down to 2: S = [2 4n 3], Q = [1].
        // 1: hit on a resident HIR page not in S: to the top of S and the end of Q. S = [2 4n 3 1].
        // 2: hit on the bottom LIR page: to the top; pruning drops 4n. S = [3 1 2].
        // 5: Q's front 1 is evicted (1n, still in S). S = [3 1n 2 5], Q = [5].
        // 1: 5 is evicted (5n). 1 was in S: LIR; the bottom LIR page 3 goes to Q. S = [2 5n 1], Q = [3].
        // 4: 3 is evicted; it was not in S, so nothing of it remains. S = [2 5n 1 4], Q = [4].
        // 5: 4 is evicted (4n). 5 was in S: LIR; 2 goes to Q. S = [1 4n 5], Q = [2].
        var lirs = new Lirs();
        var driver = new PolicyDriver(lirs, 3).Run("1 2 3 4 3 1 2 5 1 4 5");
        Assert.Equal((2, 1), (lirs.LirLimit, lirs.HirLimit));
        Assert.Equal([3, 4, 1, 5, 3, 4], driver.Evicted);
        Assert.True(lirs.IsLir(new FrameNumber(driver.FrameOf(1))));
        Assert.True(lirs.IsLir(new FrameNumber(driver.FrameOf(5))));
        Assert.False(lirs.IsLir(new FrameNumber(driver.FrameOf(2))));
        Assert.Equal(1, lirs.NonResidentCount);
    }

    [Fact]
    public void A_fault_finds_its_non_resident_entry_before_the_oldest_is_forgotten()
    {
        // 3 frames: L_lirs = 2, L_hirs = 1, at most 3 non-resident entries.
        // 1 2: LIR. 3: resident HIR. 4, 5, 6: each evicts the one before it, which stays in S:
        //    S = [1 2 3n 4n 5n 6], Q = [6], three non-resident entries.
        // 3: Q's front 6 is evicted, and its entry makes four. 3 is looked up first: in S, so it
        //    becomes LIR and the bottom LIR page 1 goes to Q; then nothing needs forgetting, 3n
        //    having left. S = [2 4n 5n 6n 3], Q = [1]. Had the oldest entry, 3n, been forgotten
        //    to make room for 6's, 3 would have come in as a HIR page outside S.
        // 7: Q's front 1 is evicted (it is not in S: nothing remains of it).
        var lirs = new Lirs();
        var driver = new PolicyDriver(lirs, 3).Run("1 2 3 4 5 6 3 7");
        Assert.Equal([3, 4, 5, 6, 1], driver.Evicted);
        Assert.True(lirs.IsLir(new FrameNumber(driver.FrameOf(3))));
        Assert.Equal(3, lirs.NonResidentCount);
    }

    [Fact]
    public void Lirs_with_one_frame_keeps_it_lir_and_still_finds_victims()
    {
        var driver = new PolicyDriver(new Lirs(), 1).Run("1 2 1 3");
        Assert.Equal([1, 2, 1], driver.Evicted);
    }
}
