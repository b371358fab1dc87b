using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>Full 2Q (Johnson and Shasha, VLDB 1994) on a string worked by hand with section 2.2's pseudo-code.</summary>
public sealed class TwoQueueTests
{
    [Fact]
    public void Two_q_passes_new_pages_through_a1in_and_admits_to_am_only_from_a1out()
    {
        // 4 frames: Kin = 1, Kout = 2. Queues are written oldest first.
        // 1 2 3 4: free slots, A1in = [1 2 3 4].
        // 5: |A1in| = 4 > Kin: 1 is paged out to A1out = [1]. A1in = [2 3 4 5].
        // 1: in A1out: reclaimfor pages out 2, A1out = [1 2]; 1 joins Am = [1] (its identity
        //    stays in A1out, as in the pseudo-code).
        // 6: 3 out, A1out = [1 2 3] trimmed to [2 3]. A1in = [4 5 6].
        // 1: hit in Am.  4: hit in A1in, a correlated reference: nothing moves.
        // 7: 4 out all the same, A1out = [3 4]. A1in = [5 6 7].
        // 2: no longer remembered: 5 out, A1out = [4 5], 2 into A1in = [6 7 2].
        // 4: in A1out: 6 out, A1out = [5 6] (4 is trimmed); 4 joins Am = [1 4].
        // 3: 7 out, A1out = [6 7]. A1in = [2 3].  8: 2 out, A1out = [7 2]. A1in = [3 8].
        // 9: 3 out, A1out = [2 3]. A1in = [8 9].
        // 2: in A1out: 8 out (A1out = [3 8]), 2 joins Am = [1 4 2]. A1in = [9].
        // 3: in A1out, and |A1in| = 1 is not above Kin: Am's LRU page 1 is paged out, leaving
        //    no ghost. Am = [4 2 3].
        var twoQ = new TwoQueue();
        var driver = new PolicyDriver(twoQ, 4).Run("1 2 3 4 5 1 6 1 4 7 2 4 3 8 9 2 3");
        Assert.Equal((1, 2), (twoQ.Kin, twoQ.Kout));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 2, 3, 8, 1], driver.Evicted);
        Assert.Equal((1, 3, 2), (twoQ.A1inCount, twoQ.AmCount, twoQ.A1outCount));
    }
}
