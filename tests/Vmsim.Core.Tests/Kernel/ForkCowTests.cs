using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

public class ForkCowTests
{
    private static (Machine Machine, Process Parent) ParentWithTwoDirtyPages()
    {
        var machine = new Machine(Checked(frames: 8));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10), 4, Protection.ReadWrite, name: "heap");
        machine.Access(parent, Page(machine, 0x10), AccessKind.Write);
        machine.Access(parent, Page(machine, 0x11), AccessKind.Write);
        return (machine, parent);
    }

    private static Pte PteOf(Process process, ulong page) =>
        process.AddressSpace.PageTable.Walk(new PageNumber(page), alloc: false, out _).Entry;

    [Fact]
    public void Fork_shares_frames_read_only_and_copy_on_write_in_both()
    {
        var (machine, parent) = ParentWithTwoDirtyPages();
        var child = machine.Fork(parent);
        foreach (var process in new[] { parent, child })
        {
            var pte = PteOf(process, 0x10);
            Assert.True(pte.IsPresent);
            Assert.Equal(PteFlags.Cow, pte.Flags & (PteFlags.Cow | PteFlags.Write));
        }

        Assert.Equal(PteOf(parent, 0x10).Frame, PteOf(child, 0x10).Frame);
        Assert.Equal(2, machine.Kernel.Frames[PteOf(parent, 0x10).Frame].MapCount);
        Assert.Equal(0, machine.Counters.CowCopy);
    }

    [Fact]
    public void Child_write_copies_the_page_and_the_parent_keeps_the_old_frame()
    {
        var (machine, parent) = ParentWithTwoDirtyPages();
        var original = PteOf(parent, 0x10).Frame;
        var child = machine.Fork(parent);

        Assert.Equal(FaultKind.CowCopy, machine.Access(child, Page(machine, 0x10), AccessKind.Write));
        var copy = PteOf(child, 0x10).Frame;
        Assert.NotEqual(original, copy);
        Assert.Equal(original, PteOf(parent, 0x10).Frame);
        Assert.True((PteOf(child, 0x10).Flags & PteFlags.Write) != 0);

        // The parent reads its old frame, without a fault.
        Assert.Equal(FaultKind.None, machine.Access(parent, Page(machine, 0x10), AccessKind.Read));
        Assert.Equal(original, PteOf(parent, 0x10).Frame);

        // A second write by the child is a hit.
        Assert.Equal(FaultKind.None, machine.Access(child, Page(machine, 0x10), AccessKind.Write));
        Assert.Equal(1, machine.Counters.CowCopy);
        Assert.Equal(1, child.Counters.CowCopy);
    }

    [Fact]
    public void Parent_write_after_the_child_exits_reuses_the_page_without_a_copy()
    {
        var (machine, parent) = ParentWithTwoDirtyPages();
        var original = PteOf(parent, 0x11).Frame;
        var child = machine.Fork(parent);
        machine.Access(child, Page(machine, 0x11), AccessKind.Read);
        machine.Exit(child);

        Assert.Equal(FaultKind.CowReuse, machine.Access(parent, Page(machine, 0x11), AccessKind.Write));
        Assert.Equal(original, PteOf(parent, 0x11).Frame);
        Assert.Equal(0, machine.Counters.CowCopy);
        Assert.Equal(1, machine.Counters.CowReuse);
        Assert.Equal(ProcessState.Exited, child.State);
    }

    [Fact]
    public void Fork_shares_swapped_pages_through_the_slot_and_the_second_reader_hits_the_swap_cache()
    {
        var (machine, parent, child) = ForkedWithPageZeroSwapped(frames: 2);
        Assert.Equal(2, machine.Kernel.Swap.ReferencesOf(PteOf(parent, 0).Slot));

        Assert.Equal(FaultKind.SwapIn, machine.Access(child, Page(machine, 0), AccessKind.Read));
        Assert.Equal(FaultKind.SwapCache, machine.Access(parent, Page(machine, 0), AccessKind.Read));
        Assert.Equal(PteOf(parent, 0).Frame, PteOf(child, 0).Frame);

        // Still shared: a write by the child copies.
        Assert.Equal(FaultKind.CowCopy, machine.Access(child, Page(machine, 0), AccessKind.Write));
    }

    [Fact]
    public void A_child_copying_a_swapped_shared_page_leaves_the_original_in_the_swap_cache_for_the_parent()
    {
        var (machine, parent, child) = ForkedWithPageZeroSwapped();

        // The child's write reads the page back from swap, then copies it for itself alone.
        Assert.Equal(FaultKind.SwapIn, machine.Access(child, Page(machine, 0), AccessKind.Write));
        var slot = PteOf(parent, 0).Slot;
        var cached = machine.Kernel.Swap.CachedFrame(slot);
        Assert.True(cached.IsValid);
        Assert.NotEqual(cached, PteOf(child, 0).Frame);
        Assert.Equal(0, machine.Kernel.Frames[cached].MapCount);

        // The parent's entry still holds the slot: its read finds the page in the swap cache.
        Assert.Equal(FaultKind.SwapCache, machine.Access(parent, Page(machine, 0), AccessKind.Read));
        Assert.Equal(cached, PteOf(parent, 0).Frame);
        Assert.Equal(1, machine.Counters.SwapIns);

        // The parent was the slot's last user, so the page came back writable: its write is a hit.
        Assert.Equal(FaultKind.None, machine.Access(parent, Page(machine, 0), AccessKind.Write));
        Assert.Equal(cached, PteOf(parent, 0).Frame);
        Assert.Equal(1, machine.Counters.CowCopy);
    }

    [Fact]
    public void The_page_left_in_the_swap_cache_goes_with_the_last_entry_that_holds_its_slot()
    {
        var (machine, parent, child) = ForkedWithPageZeroSwapped();
        machine.Access(child, Page(machine, 0), AccessKind.Write);
        var slot = PteOf(parent, 0).Slot;
        var cached = machine.Kernel.Swap.CachedFrame(slot);
        var freeFrames = machine.Kernel.Frames.FreeCount;

        machine.Munmap(parent, new PageNumber(0), 1);

        Assert.Equal(FrameUse.Free, machine.Kernel.Frames[cached].Use);
        Assert.Equal(freeFrames + 1, machine.Kernel.Frames.FreeCount);
        Assert.Equal(0, machine.Kernel.Swap.ReferencesOf(slot));
        Assert.False(machine.Kernel.Swap.CachedFrame(slot).IsValid);
    }

    // FIFO: the parent writes one page more than there are frames, so page 0 goes to swap; then it forks.
    private static (Machine Machine, Process Parent, Process Child) ForkedWithPageZeroSwapped(int frames = 3)
    {
        var machine = new Machine(Checked(frames: frames, policy: "fifo"));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0), 4, Protection.ReadWrite);
        for (ulong p = 0; p <= (ulong)frames; p++)
        {
            machine.Access(parent, Page(machine, p), AccessKind.Write);
        }

        Assert.True(PteOf(parent, 0).IsSwapped);
        var child = machine.Fork(parent);
        return (machine, parent, child);
    }

    [Fact]
    public void Shared_file_mapping_stays_shared_after_fork()
    {
        var machine = new Machine(Checked(frames: 8));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x40), 2, Protection.ReadWrite, file: "data.bin", shared: true);
        machine.Access(parent, Page(machine, 0x40), AccessKind.Write);
        var child = machine.Fork(parent);
        Assert.Equal(FaultKind.None, machine.Access(child, Page(machine, 0x40), AccessKind.Write));
        Assert.Equal(PteOf(parent, 0x40).Frame, PteOf(child, 0x40).Frame);
        Assert.Equal(0, machine.Counters.CowCopy);
    }

    [Fact]
    public void Fork_leaves_read_only_text_shared_without_marking_it_copy_on_write()
    {
        var machine = new Machine(Checked(frames: 8));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x400), 1, Protection.ReadExecute, file: "prog", name: "text");
        machine.Access(parent, Page(machine, 0x400), AccessKind.Execute);
        var child = machine.Fork(parent);
        Assert.Equal(PteFlags.None, PteOf(child, 0x400).Flags & (PteFlags.Cow | PteFlags.Write));
        Assert.Equal(PteOf(parent, 0x400).Frame, PteOf(child, 0x400).Frame);
    }

    [Fact]
    public void Mprotect_adding_write_to_a_page_shared_after_fork_keeps_it_copy_on_write()
    {
        var machine = new Machine(Checked(frames: 8));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10), 1, Protection.Read);
        machine.Access(parent, Page(machine, 0x10), AccessKind.Read);
        var child = machine.Fork(parent);
        machine.Mprotect(child, new PageNumber(0x10), 1, Protection.ReadWrite);
        Assert.Equal(PteFlags.Cow, PteOf(child, 0x10).Flags & (PteFlags.Cow | PteFlags.Write));

        Assert.Equal(FaultKind.CowCopy, machine.Access(child, Page(machine, 0x10), AccessKind.Write));
        Assert.NotEqual(PteOf(parent, 0x10).Frame, PteOf(child, 0x10).Frame);
    }

    [Fact]
    public void Mprotect_adding_write_to_a_page_of_its_own_makes_it_writable_at_once()
    {
        var machine = new Machine(Checked(frames: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 1, Protection.Read);
        machine.Access(p, Page(machine, 0x10), AccessKind.Read);
        machine.Mprotect(p, new PageNumber(0x10), 1, Protection.ReadWrite);
        Assert.Equal(FaultKind.None, machine.Access(p, Page(machine, 0x10), AccessKind.Write));
    }

    [Fact]
    public void A_copy_on_write_source_left_unmapped_by_the_oom_killer_is_freed_after_the_copy_fails()
    {
        // b writes its heap page, which it shares with its child c1, when no frame is free and
        // nothing can be evicted (no swap): the OOM killer ends c1 (whose pages others keep),
        // then b itself, while the page b was copying from is pinned. It must still be freed.
        var scenario = Vmsim.Core.Workloads.Scenarios.ScenarioReader.Parse(CopyOnWriteIntoOom, "oom-cow.yaml");
        var run = new ScenarioRun(scenario, scenario.Machine with { CheckInvariants = true });

        var result = run.RunToEnd();

        Assert.Equal(ProcessState.Oom, result.Processes["b"].State);
        Assert.Equal(ProcessState.Oom, result.Processes["c1"].State);
        Assert.Equal(3, run.Machine.Kernel.Frames.FreeCount);
    }
}
