using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>CAR (Bansal and Modha, FAST 2004) on a string worked by hand with figure 2's rules.</summary>
public sealed class CarTests
{
    [Fact]
    public void Car_runs_arcs_lists_as_two_clocks_on_the_reference_bits()
    {
        // c = 3, p = 0. Clocks are written from the hand; bits in brackets; new pages start at 0.
        // 1 2 3: T1 = [1(0) 2(0) 3(0)].  1: hit, bit set.
        // 4: |T1| = 3 >= max(1, p): 1 has its bit set, so it is cleared and goes to T2's tail;
        //    2 has it clear: evicted to B1. T1 = [3 4], T2 = [1], B1 = [2].
        // 5: T1's head 3 is clear: evicted, B1 = [2 3]. |T1| + |B1| = 3 = c: B1's LRU 2 is
        //    discarded. T1 = [4 5], B1 = [3].
        // 2: (forgotten) T1's head 4 goes, B1 = [3 4]; again |T1| + |B1| = 3, 3 is discarded.
        //    T1 = [5 2], B1 = [4].
        // 4: T1's head 5 goes, B1 = [4 5]. 4 was in B1: p = min(0 + max(1, 0/2), 3) = 1, and 4
        //    goes to T2's tail. T1 = [2], T2 = [1 4], B1 = [5].
        // 1: hit, bit set.  6: |T1| = 1 >= max(1, 1): 2 goes, B1 = [5 2]. T1 = [6].
        // 7: 6 goes, B1 = [5 2 6]; |T1| + |B1| = 3: 5 discarded. T1 = [7], B1 = [2 6].
        // 2: 7 goes, B1 = [2 6 7]. 2 was in B1: p = 2; T2 = [1 4 2], T1 = [], B1 = [6 7].
        // 8: |T1| = 0 < max(1, 2): T2's hand. 1 has its bit set: cleared, to the tail. 4 is
        //    clear: evicted to B2. T2 = [2 1], B2 = [4], T1 = [8].
        // 4: |T1| = 1 < 2: T2's head 2 is clear, evicted, B2 = [4 2]. 4 was in B2:
        //    p = max(2 - max(1, |B1|/|B2| = 2/2), 0) = 1; T2 = [1 4], B2 = [2].
        var car = new Car();
        var driver = new PolicyDriver(car, 3).Run("1 2 3 1 4 5 2 4 1 6 7 2 8 4");
        Assert.Equal([2, 3, 4, 5, 2, 6, 7, 4, 2], driver.Evicted);
        Assert.Equal(1.0, car.Target);
        Assert.Equal((1, 2, 2, 1), (car.RecencyCount, car.FrequencyCount, car.RecencyGhostCount, car.FrequencyGhostCount));
    }

    [Fact]
    public void Car_does_not_count_the_faulting_access_as_a_reference()
    {
        // The retried access sets the accessed bit; CAR clears it at the load, so with no hit
        // the first page is evicted at the first look, as FIFO would.
        var driver = new PolicyDriver(new Car(), 3).Run("1 2 3 4");
        Assert.Equal([1], driver.Evicted);
    }

    [Fact]
    public void Cars_t1_hand_goes_round_once_past_pages_that_cannot_be_evicted()
    {
        // c = 4, p = 0; 1 and 5 are written anonymous pages with swap full, so they cannot go.
        // 0 1 3 5: T1 = [0 1 3 5], bits clear.  0 3: hits, bits set.
        // 2: |T1| = 4 >= max(1, p): the T1 hand. 0 is set: cleared, to T2. 1 cannot go: to
        //    T1's tail, T1 = [3 5 1]. 3 is set: to T2. 5 cannot go: to the tail, T1 = [1 5].
        //    The hand has passed every page of T1 and is back at 1, so the T2 hand serves: 0
        //    is clear, evicted to B2. T1 = [1 5 2], T2 = [3].
        // Swap frees a slot; 4: the T1 hand finds 1, clear: evicted. (Counting the pages passed
        // over since the last one that could go, the hand would pass 1 a second time and stand
        // at 5, which would go here.)
        var held = new HashSet<int> { 1, 5 };
        var driver = new PolicyDriver(new Car(), 4) { Unwritable = held.Contains };
        driver.Run("0 1 3 5 0 3 2");
        held.Clear();
        driver.Run("4");
        Assert.Equal([0, 1], driver.Evicted);
    }
}
