using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>Linux's two lists and refault distance on strings worked by hand with vmscan.c's and workingset.c's rules.</summary>
public sealed class LinuxTwoListTests
{
    [Fact]
    public void Linux_evicts_a_page_touched_once_before_a_page_touched_twice_which_it_activates()
    {
        // 4 frames. Lists oldest first; a page's accessed bit is set by its fault.
        // 1 2 3 4: inactive [1 2 3 4], all young.
        // 5: the inactive scan finds 1, 2, 3, 4 young with PG_referenced clear: each gets the
        //    flag and goes back to the head, its bit cleared. It comes round to 1, now not
        //    young: evicted. Inactive [2 3 4 5].
        // 2: hit, young again.
        // 6: 2 is young with PG_referenced set (used in two scan intervals): activated.
        //    3 is not young: evicted, though it was loaded after 1 and touched as often as 4.
        // 7: the inactive list [4 5 6] is not shorter than the active [2]; 4 is not young: evicted.
        var linux = new LinuxTwoList();
        var driver = new PolicyDriver(linux, 4).Run("1 2 3 4 5 2 6 7");
        Assert.Equal([1, 3, 4], driver.Evicted);
        Assert.True(linux.IsActive(new FrameNumber(driver.FrameOf(2))));
        Assert.False(linux.IsActive(new FrameNumber(driver.FrameOf(6))));
        Assert.Equal((3, 1), (linux.InactiveCount, linux.ActiveCount));
    }

    [Fact]
    public void Linux_activates_a_refault_whose_distance_fits_in_the_active_list()
    {
        // 4 frames. 5 evicts 1 (as above); the nonresident age is now 1 (one eviction).
        // 2 3: hits. 6: 2 and 3 are activated (age 3) and 4, not young, is evicted with shadow
        //    stamp 3 (age 4). Inactive [5 6], active [2 3].
        // 4: the lists are balanced (2 and 2). The scan flags 5 and 6 and sends them to the
        //    head; 5 comes round unreferenced: evicted (age 5). 4's refault distance is
        //    5 - 3 = 2, no more than the 2 active pages: 4 goes straight to the active list.
        var linux = new LinuxTwoList();
        var driver = new PolicyDriver(linux, 4).Run("1 2 3 4 5 2 3 6 4");
        Assert.Equal([1, 4, 5], driver.Evicted);
        Assert.True(linux.IsActive(new FrameNumber(driver.FrameOf(4))));
        Assert.Equal(6, linux.NonresidentAge);
    }

    [Fact]
    public void Linux_puts_a_refault_from_long_ago_on_the_inactive_list()
    {
        // As the first example, then 3 faults again: 5 is evicted (age 4 to 5), and 3's refault
        // distance is 5 - 2 = 3, more than the single active page: inactive.
        var linux = new LinuxTwoList();
        var driver = new PolicyDriver(linux, 4).Run("1 2 3 4 5 2 6 7 3");
        Assert.Equal([1, 3, 4, 5], driver.Evicted);
        Assert.False(linux.IsActive(new FrameNumber(driver.FrameOf(3))));
    }
}
