using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>SIEVE (Zhang et al., NSDI 2024) on a string worked by hand.</summary>
public sealed class SieveTests
{
    [Fact]
    public void Sieve_leaves_visited_pages_in_place_and_its_hand_moves_on_from_the_victim()
    {
        // 3 frames; the queue is written oldest first, V marks the visited (accessed) bit.
        // 1 2 3: [1 2 3], the hand at the oldest.  1: hit, 1V.
        // 4: the hand clears 1 and moves on; 2 is unvisited: evicted. Hand on 3. [1 3 4].
        // 2: 3 is unvisited: evicted. Hand on 4. [1 4 2].
        // 1 4: hits, 1V 4V.
        // 5: the hand clears 4, then 2 is unvisited: evicted. The hand was at the newest end
        //    and wraps to the oldest. [1 4 5].
        // 6: 1 is visited: cleared; 4 was cleared by the previous sweep: evicted. [1 5 6].
        // Page 1 stayed the oldest in the queue all along, and survives.
        var sieve = new Sieve();
        var driver = new PolicyDriver(sieve, 3).Run("1 2 3 1 4 2 1 4 5 6");
        Assert.Equal([2, 3, 2, 4], driver.Evicted);
        Assert.Equal(driver.FrameOf(5), sieve.Hand.Value);

        // Inspect starts at the hand: 5 and 6, then round to the oldest, 1.
        Assert.Equal([5, 6, 1], sieve.Inspect().Order.Select(n => driver.Frames[n.Frame.Value]));
    }

    [Fact]
    public void Sieve_reaches_a_new_unused_page_before_old_survivors_where_clock_reaches_it_last()
    {
        // 4 frames. 1 2 3 4, 1 hit. 5: both clear 1 and evict 2, the hand moving on to 3.
        //   SIEVE puts 5 at the newest end: [1 3 4 5], hand on 3.
        //   CLOCK puts 5 behind its hand: from the hand, 3 4 1 5.
        // 3 4: hits. 6: both clear 3 and 4. SIEVE's hand then meets 5, new and unused: evicted
        //   ("quick demotion"). CLOCK's meets 1, cleared by the first sweep: evicted; 5, behind
        //   the hand, is the last page it would look at.
        var references = "1 2 3 4 1 5 3 4 6";
        Assert.Equal([2, 5], new PolicyDriver(new Sieve(), 4).Run(references).Evicted);
        Assert.Equal([2, 1], new PolicyDriver(new Clock(ClockInsert.Cold), 4).Run(references).Evicted);
    }
}
