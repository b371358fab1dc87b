using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

/// <summary>
/// Shared anonymous memory (MAP_SHARED | MAP_ANONYMOUS, Linux's shmem): a memory object of
/// its own, shared by fork without copy-on-write, whose pages live in the page cache and go
/// to swap. Every machine here checks every kernel invariant after each step.
/// </summary>
public class SharedAnonymousMemoryTests
{
    private static (Machine Machine, Process Parent, Process Child) ForkedWithSharedMemory(int frames = 8, int swap = 16)
    {
        var machine = new Machine(Checked(frames: frames, swap: swap));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x100), 4, Protection.ReadWrite, shared: true, name: "shared");
        Assert.Equal(FaultKind.ZeroFill, machine.Access(parent, Page(machine, 0x100), AccessKind.Write));
        var child = machine.Fork(parent);
        return (machine, parent, child);
    }

    private static FrameNumber FrameOf(Process process, ulong page) =>
        process.AddressSpace.PageTable.Walk(new PageNumber(page), alloc: false, out _) is { IsValid: true } pte && pte.Entry.IsPresent
            ? pte.Entry.Frame
            : FrameNumber.None;

    [Fact]
    public void Fork_shares_the_pages_writable_and_a_write_by_the_child_copies_nothing()
    {
        var (machine, parent, child) = ForkedWithSharedMemory();

        Assert.Equal(FaultKind.None, machine.Access(child, Page(machine, 0x100), AccessKind.Write));

        Assert.Equal(0, machine.Counters.CowCopy);
        Assert.Equal(FrameOf(parent, 0x100), FrameOf(child, 0x100));
        Assert.Equal(FrameUse.Shmem, machine.Kernel.Frames[FrameOf(child, 0x100)].Use);
    }

    [Fact]
    public void A_page_first_touched_by_one_sharer_is_found_by_the_other_in_the_page_cache()
    {
        var (machine, parent, child) = ForkedWithSharedMemory();

        Assert.Equal(FaultKind.ZeroFill, machine.Access(child, Page(machine, 0x101), AccessKind.Write));
        Assert.Equal(FaultKind.PageCache, machine.Access(parent, Page(machine, 0x101), AccessKind.Read));

        Assert.Equal(FrameOf(child, 0x101), FrameOf(parent, 0x101));
        Assert.Equal(2, machine.Counters.ZeroFill);
    }

    [Fact]
    public void A_dirty_page_goes_to_swap_and_comes_back_for_every_sharer()
    {
        var (machine, parent, child) = ForkedWithSharedMemory(frames: 2);
        machine.Mmap(child, new PageNumber(0x400), 2, Protection.ReadWrite, name: "heap");

        // The child's heap takes both frames: the shared page, dirty, goes to swap.
        machine.Access(child, Page(machine, 0x400), AccessKind.Write);
        machine.Access(child, Page(machine, 0x401), AccessKind.Write);
        Assert.Equal(1, machine.Counters.SwapOuts);
        Assert.False(FrameOf(parent, 0x100).IsValid);
        Assert.False(FrameOf(child, 0x100).IsValid);
        var memory = machine.Kernel.Files.Files.Single(f => f.IsShmem);
        Assert.True(memory.SwappedPages.ContainsKey(0));

        Assert.Equal(FaultKind.SwapIn, machine.Access(parent, Page(machine, 0x100), AccessKind.Read));
        Assert.Equal(FaultKind.PageCache, machine.Access(child, Page(machine, 0x100), AccessKind.Read));
        Assert.Equal(FrameOf(parent, 0x100), FrameOf(child, 0x100));
        Assert.Empty(memory.SwappedPages);
        Assert.Equal(1, machine.Counters.MajorFaults);
    }

    [Fact]
    public void A_page_read_back_from_swap_keeps_its_slot_and_is_dropped_without_a_second_write()
    {
        var machine = new Machine(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite, shared: true);
        machine.Access(p, Page(machine, 0), AccessKind.Write);
        machine.Access(p, Page(machine, 1), AccessKind.Read);    // page 0 to swap
        Assert.Equal(FaultKind.SwapIn, machine.Access(p, Page(machine, 0), AccessKind.Read));
        machine.Access(p, Page(machine, 1), AccessKind.Read);    // page 0 again, clean: its slot still holds it

        Assert.Equal(1, machine.Counters.SwapOuts);
        Assert.Equal(FaultKind.SwapIn, machine.Access(p, Page(machine, 0), AccessKind.Read));
    }

    [Fact]
    public void A_page_never_written_is_dropped_and_zero_filled_again()
    {
        var machine = new Machine(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite, shared: true);
        machine.Access(p, Page(machine, 0), AccessKind.Read);
        machine.Access(p, Page(machine, 1), AccessKind.Read);

        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0), AccessKind.Read));
        Assert.Equal(0, machine.Counters.SwapOuts);
    }

    [Fact]
    public void When_the_last_sharer_exits_the_pages_and_swap_slots_are_freed()
    {
        var (machine, parent, child) = ForkedWithSharedMemory(frames: 2);
        machine.Access(child, Page(machine, 0x101), AccessKind.Write);
        machine.Access(child, Page(machine, 0x102), AccessKind.Write); // one of the pages to swap
        Assert.Equal(1, machine.Kernel.Swap.UsedSlots);

        machine.Exit(parent);
        Assert.Equal(0, machine.Kernel.Frames.FreeCount);                 // the child still maps them

        machine.Exit(child);
        Assert.Equal(2, machine.Kernel.Frames.FreeCount);
        Assert.Equal(0, machine.Kernel.Swap.UsedSlots);
        Assert.Empty(machine.Kernel.PageCache.Entries);
    }

    [Fact]
    public void Munmap_of_the_last_mapping_frees_it_but_a_file_keeps_its_pages_cached()
    {
        var machine = new Machine(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 1, Protection.ReadWrite, shared: true);
        machine.Mmap(p, new PageNumber(0x200), 1, Protection.ReadWrite, file: "db", shared: true);
        machine.Access(p, Page(machine, 0x100), AccessKind.Write);
        machine.Access(p, Page(machine, 0x200), AccessKind.Write);

        machine.Munmap(p, new PageNumber(0x100), 1);
        machine.Munmap(p, new PageNumber(0x200), 1);

        Assert.Equal(3, machine.Kernel.Frames.FreeCount);
        Assert.Single(machine.Kernel.PageCache.Entries);
    }

    [Fact]
    public void Two_shared_anonymous_mappings_are_two_objects()
    {
        var machine = new Machine(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 1, Protection.ReadWrite, shared: true);
        machine.Mmap(p, new PageNumber(0x200), 1, Protection.ReadWrite, shared: true);

        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0x100), AccessKind.Write));
        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0x200), AccessKind.Read));
        Assert.NotEqual(FrameOf(p, 0x100), FrameOf(p, 0x200));
        Assert.Equal(["shared anon #1", "shared anon #2"], machine.Kernel.Files.Files.Select(f => f.Name));
    }

    [Fact]
    public void With_swap_full_a_dirty_page_cannot_be_evicted()
    {
        var machine = new Machine(Checked(frames: 1, swap: 0));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite, shared: true);
        machine.Access(p, Page(machine, 0), AccessKind.Write);

        Assert.Equal(FaultKind.Oom, machine.Access(p, Page(machine, 1), AccessKind.Read));
        Assert.Equal(ProcessState.Oom, p.State);
    }

    // What a narration shows, step by step: the operation's name, or "access" with the fault's kind.
    private static string[] StepsOf(StepRecorder recorder) =>
        recorder.Steps.Select(s => s.Operation?.Operation ?? $"access {s.Access!.Value.Fault}").ToArray();

    private static (Machine Machine, StepRecorder Recorder, Process Process) RecordedWithSharedPage(int frames = 4, int swap = 16)
    {
        var machine = new Machine(Checked(frames: frames, swap: swap));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 2, Protection.ReadWrite, shared: true);
        machine.Access(p, Page(machine, 0x100), AccessKind.Write);
        return (machine, recorder, p);
    }

    [Fact]
    public void The_memory_is_told_freed_after_the_exit_that_frees_it()
    {
        var (machine, recorder, p) = RecordedWithSharedPage();

        machine.Exit(p);

        Assert.Equal(["spawn", "mmap", "access ZeroFill", "exit", "free"], StepsOf(recorder));
        Assert.Contains("was the last to map shared anon #1, so the memory is freed: 1 resident page and 0 swapped ones", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void The_memory_is_told_freed_after_the_munmap_that_frees_it()
    {
        var (machine, recorder, p) = RecordedWithSharedPage();

        machine.Munmap(p, new PageNumber(0x100), 2);

        Assert.Equal(["spawn", "mmap", "access ZeroFill", "munmap", "free"], StepsOf(recorder));
    }

    [Fact]
    public void The_memory_is_told_freed_after_the_access_that_ends_in_a_sigsegv()
    {
        var (machine, recorder, p) = RecordedWithSharedPage();

        machine.Access(p, Page(machine, 0x900), AccessKind.Read);

        Assert.Equal(["spawn", "mmap", "access ZeroFill", "access SegvUnmapped", "free"], StepsOf(recorder));
    }

    [Fact]
    public void The_memory_is_told_freed_after_the_access_whose_fault_ends_in_an_oom_kill()
    {
        var (machine, recorder, p) = RecordedWithSharedPage(frames: 1, swap: 0);

        Assert.Equal(FaultKind.Oom, machine.Access(p, Page(machine, 0x101), AccessKind.Read));

        Assert.Equal(["spawn", "mmap", "access ZeroFill", "access Oom", "free"], StepsOf(recorder));
        Assert.Single(recorder.Steps[^2].OomKills);
    }
}
