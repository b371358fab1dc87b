using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>ARC (Megiddo and Modha, FAST 2003) on small strings worked by hand with figure 4's rules.</summary>
public sealed class ArcTests
{
    [Fact]
    public void Arc_moves_a_reused_page_to_t2_and_adapts_p_on_ghost_hits_in_b1_and_b2()
    {
        // c = 3, p = 0. Lists are written least recent first.
        // 1 2 3: T1 = [1 2 3].  1: hit, T2 = [1], T1 = [2 3].
        // 4: case IV, |L1| = 2 < 3. REPLACE: |T1| = 2 > p = 0, so T1's LRU page 2 goes to B1.
        //    T1 = [3 4], B1 = [2].
        // 2: case II (in B1): delta = 1 since |B1| >= |B2|; p = 1. REPLACE: |T1| = 2 > 1, so 3
        //    goes to B1. 2 joins T2: T2 = [1 2], T1 = [4], B1 = [3].
        // 5: case IV, |L1| = 2. REPLACE: |T1| = 1 is not > p = 1, so T2's LRU page 1 goes to B2.
        //    T1 = [4 5], B2 = [1].
        // 1: case III (in B2): delta = 1 since |B2| = |B1| = 1; p = 0. REPLACE: |T1| = 2 > 0, so
        //    4 goes to B1. T2 = [2 1], T1 = [5], B1 = [3 4], B2 = [].
        var arc = new Arc();
        var driver = new PolicyDriver(arc, 3);
        driver.Run("1 2 3 1 4 2");
        Assert.Equal(1.0, arc.Target);
        driver.Run("5 1");
        Assert.Equal([2, 3, 1, 4], driver.Evicted);
        Assert.Equal(0.0, arc.Target);
        Assert.Equal((1, 2, 2, 0), (arc.RecencyCount, arc.FrequencyCount, arc.RecencyGhostCount, arc.FrequencyGhostCount));
    }

    [Fact]
    public void Arc_drops_the_lru_ghost_of_b1_when_t1_and_b1_hold_c_pages()
    {
        // c = 2. 1 2: T1 = [1 2]. 3: |L1| = 2 = c and |T1| = 2 = c with B1 empty: the paper
        // deletes T1's LRU page outright. Here REPLACE puts 1 in B1 first and the directory
        // step then drops it, which ends the same: B1 = [], T1 = [2 3].
        // 1: not remembered, so it is a plain miss into T1, not a ghost hit: p stays 0.
        var arc = new Arc();
        var driver = new PolicyDriver(arc, 2).Run("1 2 3 1");
        Assert.Equal([1, 2], driver.Evicted);
        Assert.Equal(0.0, arc.Target);
        Assert.Equal(0, arc.RecencyGhostCount);
    }

    [Fact]
    public void Arc_adapts_p_on_a_ghost_hit_before_it_chooses_the_victim()
    {
        // Continuing the first example: T1 = [5], T2 = [2 1], B1 = [3 4], B2 = [], p = 0.
        // 3 is in B1 (case II): p rises to 1 first, and then REPLACE finds |T1| = 1 not > 1
        // and evicts T2's least recent page 2 into B2. 3 joins T2: T2 = [1 3], T1 = [5].
        var arc = new Arc();
        var driver = new PolicyDriver(arc, 3).Run("1 2 3 1 4 2 5 1 3");
        Assert.Equal(2, driver.LastEvicted);
        Assert.Equal(1.0, arc.Target);
        Assert.Equal((1, 2, 1, 1), (arc.RecencyCount, arc.FrequencyCount, arc.RecencyGhostCount, arc.FrequencyGhostCount));
    }

    [Fact]
    public void Arc_takes_from_t1_when_it_is_at_its_target_and_the_faulting_page_is_a_ghost_of_b2()
    {
        // c = 3, p = 0. 1 1 2 3: T2 = [1], T1 = [2 3].
        // 4: |T1| = 2 > 0, so 2 goes to B1; T1 = [3 4].
        // 2 (in B1): p = 1; |T1| = 2 > 1, so 3 goes to B1; T2 = [1 2], T1 = [4], B1 = [3].
        // 3 (in B1): p = 2; |T1| = 1 is not > 2, so T2's 1 goes to B2; T2 = [2 3], B2 = [1].
        // 1 (in B2): p = 1; |T1| = 1 = p and 1 is a ghost of B2, so the tie goes to T1: 4
        //    goes to B1 (without the rule T2's 2 would have gone). T2 = [2 3 1], T1 = [].
        var arc = new Arc();
        var driver = new PolicyDriver(arc, 3).Run("1 1 2 3 4 2 3 1");
        Assert.Equal(4, driver.LastEvicted);
        Assert.Equal(1.0, arc.Target);
        Assert.Equal((0, 3, 1, 0), (arc.RecencyCount, arc.FrequencyCount, arc.RecencyGhostCount, arc.FrequencyGhostCount));
    }

    [Fact]
    public void Arc_forgets_its_ghosts_and_p_when_every_page_is_released()
    {
        var arc = new Arc();
        var driver = new PolicyDriver(arc, 3).Run("1 2 3 1 4 2");
        foreach (var page in driver.Frames.Where(p => p >= 0))
        {
            driver.Release(page);
        }

        Assert.Equal((0.0, 0, 0), (arc.Target, arc.RecencyGhostCount, arc.FrequencyGhostCount));
    }
}
