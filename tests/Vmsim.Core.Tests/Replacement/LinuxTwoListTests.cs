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
    public void A_page_deactivated_while_in_use_keeps_its_referenced_flag_and_is_activated_at_its_next_young_sighting()
    {
        // 3 frames; lists oldest first, R = PG_referenced, Y = young.
        // 1 2 3: inactive [1Y 2Y 3Y].
        // 4: the scan flags 1, 2 and 3 and rotates each, bits cleared; 1 comes round not young:
        //    evicted. Inactive [2R 3R 4Y].
        // 2 3: hits, young again.
        // 5: 2 and 3 are young with the flag: activated, keeping it (folio_check_references
        //    sets it for activated pages too). 4 is flagged and, the newest, looked at again at
        //    once, not young: evicted. Inactive [5Y], active [2R 3R].
        // 5 is then left unused since (its young bit cleared by hand).
        // 6: the inactive list is shorter than the active: 2 is deactivated, its young bit
        //    cleared and its flag kept. Inactive [5 2R]; 5 is not young: evicted.
        // 2: a hit, young again. 7: the scan meets 2 young with its flag still set: activated
        //    at once, and 6 goes. Had deactivation cleared the flag, 2 would need a second
        //    young sighting and would be evicted here instead of 6.
        var linux = new LinuxTwoList();
        var driver = new PolicyDriver(linux, 3).Run("1 2 3 4 2 3 5");
        Assert.Equal([1, 4], driver.Evicted);
        Assert.True(linux.IsReferenced(new FrameNumber(driver.FrameOf(2))));
        driver.SetAccessed(5, false);

        driver.Run("6 2 7");

        Assert.Equal([1, 4, 5, 6], driver.Evicted);
        Assert.True(linux.IsActive(new FrameNumber(driver.FrameOf(2))));
    }

    [Fact]
    public void A_page_young_in_two_processes_is_activated_at_its_first_sighting()
    {
        // A page of a shared file read by two processes is young in both of their entries:
        // folio_referenced counts two references, and folio_check_references activates the page
        // at once, where a page young in one entry only is flagged and rotated.
        var machine = new Vmsim.Core.Simulation.Machine(TestMachines.Checked(frames: 3, policy: "linux", swap: 8));
        var p = machine.Spawn("p");
        var q = machine.Spawn("q");
        machine.Mmap(p, new PageNumber(0x100), 1, Protection.Read, file: "shared", shared: true, name: "shared");
        machine.Mmap(q, new PageNumber(0x100), 1, Protection.Read, file: "shared", shared: true, name: "shared");
        machine.Mmap(p, new PageNumber(0x200), 8, Protection.Read, file: "log", name: "log");
        machine.Access(p, TestMachines.Page(machine, 0x100), AccessKind.Read);
        machine.Access(q, TestMachines.Page(machine, 0x100), AccessKind.Read);
        machine.Access(p, TestMachines.Page(machine, 0x200), AccessKind.Read);
        machine.Access(p, TestMachines.Page(machine, 0x201), AccessKind.Read);

        // Memory is full: the next fault scans the inactive file list from the shared page.
        machine.Access(p, TestMachines.Page(machine, 0x202), AccessKind.Read);

        var linux = (LinuxTwoList)machine.Kernel.Policy;
        Assert.True(machine.Kernel.PageCache.TryFind(machine.Kernel.Files.Open("shared").Id, 0, out var shared));
        Assert.True(linux.IsActive(shared));
        Assert.Equal(1, linux.ActiveCount);
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

    // Pages 100 and up are anonymous, the others file pages; swap has room.
    private static PolicyDriver SplitDriver(LinuxTwoList linux) =>
        new(linux, 4) { Anonymous = page => page >= 100, HasFreeSwap = true };

    [Fact]
    public void Linux_reclaims_file_pages_only_while_the_inactive_file_list_is_not_low()
    {
        // 4 frames: file pages 1 2, anonymous pages 100 101, all young.
        // 3: swap has room, but the inactive file list [1 2] is not shorter than the active
        //    file list (empty) and no file page has refaulted: cache trim mode, so reclaim
        //    takes file pages even at swappiness 200. The scan flags 1 and 2; 1 comes round
        //    not young: evicted. 4: the same, 2 goes.
        var linux = new LinuxTwoList(swappiness: 200);
        var driver = SplitDriver(linux).Run("1 2 100 101 3 4");

        Assert.Equal([1, 2], driver.Evicted);
        Assert.Equal((2, 0), linux.LengthsOf(anonymous: true));
        Assert.Equal((2, 0), linux.LengthsOf(anonymous: false));
    }

    [Theory]
    [InlineData(200, 100)]
    [InlineData(0, 3)]
    public void After_a_file_refault_swappiness_decides_between_anonymous_and_file_pages(int swappiness, int victim)
    {
        // 4 frames: file pages 1 2, anonymous pages 100 101.
        // 3: cache trim mode (as above): 1 is evicted, shadow stamp 0, age 1.
        // 1: cache trim again: 2, flagged by the last scan and not young since, is evicted
        //    (age 2). 1's refault distance is 2 - 0 = 2, within the file page's workingset
        //    (active file 0, plus the anonymous pages 2 with swap free): 1 goes straight to
        //    the active file list. A file page refaulted, so cache trim mode ends.
        // 4: reclaim takes both kinds in proportion. At swappiness 200 the file share is 0:
        //    the anonymous list is scanned, 100 and 101 flagged, 100 evicted. At 0 the
        //    anonymous share is 0: the inactive file list [3] goes, 3 flagged and, the
        //    newest, looked at again at once, not young: evicted.
        var linux = new LinuxTwoList(swappiness);
        var driver = SplitDriver(linux).Run("1 2 100 101 3 1 4");

        Assert.Equal([1, 2, victim], driver.Evicted);
        Assert.True(linux.IsActive(new FrameNumber(driver.FrameOf(1))));
    }

    [Fact]
    public void Without_a_free_swap_slot_only_file_pages_are_reclaimed_while_there_are_any()
    {
        // As the refault example at swappiness 200, but swap is full: reclaim takes file pages.
        var linux = new LinuxTwoList(swappiness: 200);
        var driver = new PolicyDriver(linux, 4) { Anonymous = page => page >= 100, HasFreeSwap = false }.Run("1 2 100 101 3 1 4");

        Assert.DoesNotContain(100, driver.Evicted);
        Assert.DoesNotContain(101, driver.Evicted);
    }

    [Fact]
    public void Streaming_a_file_through_the_machine_leaves_a_busy_heap_resident()
    {
        // A heap of 4 pages written over and over while a 64-page file is read through once
        // on 8 frames: the page cache read once stays inactive and not low, so reclaim trims
        // it and never swaps the heap out. The file pages go, each evicted in its turn.
        var machine = new Vmsim.Core.Simulation.Machine(TestMachines.Checked(frames: 8, policy: "linux", swap: 32));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 4, Protection.ReadWrite, name: "heap");
        machine.Mmap(p, new PageNumber(0x200), 64, Protection.Read, file: "log", name: "log");
        for (var page = 0UL; page < 64; page++)
        {
            machine.Access(p, TestMachines.Page(machine, 0x200 + page), AccessKind.Read);
            machine.Access(p, TestMachines.Page(machine, 0x100 + (page % 4)), AccessKind.Write);
        }

        Assert.Equal(0, machine.Counters.SwapOuts);
        Assert.Equal(4, machine.Counters.ZeroFill);
        Assert.Equal(64 - 4, machine.Counters.Evictions);

        // The kernel told the policy which pages are anonymous: the heap is on the anonymous lists.
        var linux = (LinuxTwoList)machine.Kernel.Policy;
        var (inactive, active) = linux.LengthsOf(anonymous: true);
        Assert.Equal(4, inactive + active);
        Assert.Equal(4, linux.InactiveCount + linux.ActiveCount - inactive - active);
    }
}
