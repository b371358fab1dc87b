using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// The fault path of a step: the stages an access went through, from the TLB lookup to the
/// restart, built from the machine's events, for each kind of fault.
/// </summary>
public class FaultPathTests
{
    private static (Machine Machine, StepRecorder Recorder) Recorded(MachineConfig config)
    {
        var machine = new Machine(config);
        var recorder = new StepRecorder { FaultPaths = true };
        recorder.Attach(machine);
        return (machine, recorder);
    }

    private static FaultPath PathOf(RecordedStep step) => Assert.IsType<FaultPath>(step.FaultPath);

    private static FaultStageKind[] Kinds(FaultPath path) => [.. path.Stages.Select(s => s.Kind)];

    private static string Stage(FaultPath path, FaultStageKind kind) => Assert.Single(path.Stages, s => s.Kind == kind).Text;

    [Fact]
    public void A_first_touch_of_anonymous_memory_walks_to_a_missing_table_then_zero_fills_a_free_frame_and_allocates_the_tables()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10000), 2, Protection.ReadWrite, name: "heap");
        machine.Access(p, Page(machine, 0x10000), AccessKind.Write);

        var step = recorder.Steps[^1];
        Assert.Equal(1, step.Access!.Value.Walk!.Value.TablesRead);
        Assert.Equal(3, step.Access.Value.TablesAllocated);
        var path = PathOf(step);
        Assert.Equal([FaultStageKind.Tlb, FaultStageKind.Walk, FaultStageKind.Kernel, FaultStageKind.Frame, FaultStageKind.Fetch, FaultStageKind.PageTable, FaultStageKind.Restart], Kinds(path));
        Assert.Equal("TLB: page 0x10000 of ASID 1 is not in the TLB (miss): first use, the TLB never held this page's translation.", Stage(path, FaultStageKind.Tlb));
        Assert.Equal("Walk: PML4[0]: that entry points to no PDPT yet, so the walk stops at the PML4 → page fault (write, user mode).", Stage(path, FaultStageKind.Walk));
        Assert.StartsWith("Kernel: region heap (0x10000000-0x10002000, rw-) covers the address and allows the write", Stage(path, FaultStageKind.Kernel));
        Assert.Equal("Frame: frame 0 from the free list.", Stage(path, FaultStageKind.Frame));
        Assert.Equal("Fetch: zero-fill: frame 0 filled with zeros (minor fault).", Stage(path, FaultStageKind.Fetch));
        Assert.Equal("Page table: PT[0] now maps frame 0, present, rw-, user. On the way the kernel allocated 3 page-table pages: PDPT, PD and PT.", Stage(path, FaultStageKind.PageTable));
        Assert.Equal("Restart: the faulting instruction is executed again: TLB miss, the walk now finds frame 0, and the TLB is filled; the write sets the entry's accessed and dirty bits.", Stage(path, FaultStageKind.Restart));
    }

    [Fact]
    public void A_second_page_of_the_same_table_walks_every_level_to_an_empty_entry()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x400), 2, Protection.Read);
        machine.Access(p, Page(machine, 0x400), AccessKind.Read);
        machine.Access(p, Page(machine, 0x401), AccessKind.Read);

        var path = PathOf(recorder.Steps[^1]);
        Assert.Equal("Walk: PML4[0] → PDPT[0] → PD[2] → PT[1]: the entry is empty, not present → page fault (read, user mode).", Stage(path, FaultStageKind.Walk));
        Assert.Equal("Page table: PT[1] now maps frame 1, present, r--, user.", Stage(path, FaultStageKind.PageTable));
    }

    [Fact]
    public void A_file_read_looks_in_the_page_cache_and_reads_the_file_and_another_process_finds_it_there()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4));
        var a = machine.Spawn("a");
        var b = machine.Spawn("b");
        machine.Mmap(a, new PageNumber(0x400), 1, Protection.ReadExecute, file: "/bin/sh", name: "text");
        machine.Mmap(b, new PageNumber(0x400), 1, Protection.ReadExecute, file: "/bin/sh", name: "text");
        machine.Access(a, Page(machine, 0x400), AccessKind.Execute);
        var read = PathOf(recorder.Steps[^1]);
        machine.Access(b, Page(machine, 0x400), AccessKind.Execute);
        var cached = PathOf(recorder.Steps[^1]);

        Assert.Equal("Page cache: file '/bin/sh' (page 0) is not in the page cache → read it from the file (major fault).", Stage(read, FaultStageKind.Lookup));
        Assert.Equal("Fetch: read file '/bin/sh' (page 0) into frame 0 (a disk read); the page joins the page cache.", Stage(read, FaultStageKind.Fetch));
        Assert.Equal("Page cache: file '/bin/sh' (page 0) is in the page cache, in frame 0 → just map it (minor fault).", Stage(cached, FaultStageKind.Lookup));
        Assert.DoesNotContain(cached.Stages, s => s.Kind is FaultStageKind.Frame or FaultStageKind.Fetch);
        Assert.Equal("Restart: the faulting instruction is executed again: TLB miss, the walk now finds frame 0, and the TLB is filled; the instruction fetch sets the entry's accessed bit.", Stage(cached, FaultStageKind.Restart));
    }

    [Fact]
    public void A_swap_in_with_no_frame_free_evicts_a_dirty_page_to_swap_clearing_its_entry_and_its_TLB_entry()
    {
        var (machine, recorder) = Recorded(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10000), 2, Protection.ReadWrite, name: "heap");
        machine.Access(p, Page(machine, 0x10000), AccessKind.Write);
        machine.Access(p, Page(machine, 0x10001), AccessKind.Write); // page 0x10000 to slot 0
        machine.Access(p, Page(machine, 0x10000), AccessKind.Read); // back in; 0x10001 to slot 1

        var step = recorder.Steps[^1];
        var path = PathOf(step);
        Assert.Equal("Walk: PML4[0] → PDPT[0] → PD[128] → PT[0]: the entry is not present; it holds swap slot 0 → page fault (read, user mode).", Stage(path, FaultStageKind.Walk));
        Assert.Equal("Swap cache: the page of slot 0 is not in memory → swap it in (major fault).", Stage(path, FaultStageKind.Lookup));
        Assert.Equal(
            "Frame: none free, so reclaim: the fifo policy evicted page 0x10001 of P1 (p) from frame 0, writing it to swap slot 1 because it was dirty. "
            + "Frame 0: the reverse map cleared the entry of P1 (p) page 0x10001; the TLB dropped its translation. The fault takes frame 0.",
            Stage(path, FaultStageKind.Frame));
        Assert.Equal([new MappedPage(p.Pid, new PageNumber(0x10001))], Assert.Single(step.Evictions).TlbDropped);
        Assert.Equal("Fetch: swap-in: slot 0 read into frame 0 (a disk read); the frame keeps the slot as its swap cache.", Stage(path, FaultStageKind.Fetch));
    }

    [Fact]
    public void A_write_to_a_shared_copy_on_write_page_copies_it_and_the_last_sharer_reuses_it()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10000), 1, Protection.ReadWrite, name: "heap");
        machine.Access(parent, Page(machine, 0x10000), AccessKind.Write);
        var child = machine.Fork(parent, "child");
        machine.Access(parent, Page(machine, 0x10000), AccessKind.Read); // the TLB holds the read-only entry
        machine.Access(child, Page(machine, 0x10000), AccessKind.Write);
        var copy = PathOf(recorder.Steps[^1]);
        machine.Exit(child);
        machine.Access(parent, Page(machine, 0x10000), AccessKind.Write);
        var reuse = PathOf(recorder.Steps[^1]);

        Assert.Equal("Walk: PML4[0] → PDPT[0] → PD[128] → PT[0]: the entry maps frame 0 but does not allow the write (present, r--, user, copy-on-write) → page fault (write, user mode).", Stage(copy, FaultStageKind.Walk));
        Assert.Equal("Copy-on-write: frame 0 is shared with P1 (parent) → copy it (minor fault).", Stage(copy, FaultStageKind.Lookup));
        Assert.Equal("Frame: frame 1 from the free list.", Stage(copy, FaultStageKind.Frame));
        Assert.Equal("Fetch: copy of frame 0 into frame 1.", Stage(copy, FaultStageKind.Fetch));
        Assert.Equal("Page table: PT[0] now maps frame 1, present, rw-, user.", Stage(copy, FaultStageKind.PageTable));

        Assert.Equal([FaultStageKind.Tlb, FaultStageKind.Kernel, FaultStageKind.Lookup, FaultStageKind.PageTable, FaultStageKind.Restart], Kinds(reuse));
        Assert.Equal("TLB: page 0x10000 of ASID 1 is in the TLB (hit), but the entry does not allow the write → page fault (write, user mode), without a walk.", Stage(reuse, FaultStageKind.Tlb));
        Assert.Equal("Copy-on-write: no other process shares frame 0 any more → reuse it: no copy, no new frame (minor fault).", Stage(reuse, FaultStageKind.Lookup));
        Assert.Equal("Page table: PT[0] still maps frame 0, now present, rw-, user: copy-on-write cleared.", Stage(reuse, FaultStageKind.PageTable));
    }

    [Fact]
    public void Each_kind_of_SIGSEGV_ends_the_path_at_the_kernel_with_its_reason()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4));
        var wild = machine.Spawn("wild");
        machine.Access(wild, new VirtualAddress(0xdead0000), AccessKind.Read);
        var unmapped = PathOf(recorder.Steps[^1]);
        var writer = machine.Spawn("writer");
        machine.Mmap(writer, new PageNumber(0x600), 1, Protection.Read, name: "rodata");
        machine.Access(writer, Page(machine, 0x600), AccessKind.Write);
        var protection = PathOf(recorder.Steps[^1]);
        var far = machine.Spawn("far");
        machine.Access(far, new VirtualAddress(1UL << 50), AccessKind.Read);
        var outside = PathOf(recorder.Steps[^1]);
        var kernel = machine.Spawn("kernel");
        machine.Access(kernel, new VirtualAddress(0xffff_8000_0000_0000UL), AccessKind.Read);
        var kernelHalf = recorder.Steps[^1];

        Assert.Equal(FaultStageKind.Kernel, unmapped.Stages[^1].Kind);
        Assert.Equal("Kernel: no region of P1 (wild) covers 0xdead0000 → SIGSEGV (address not mapped); P1 (wild) is killed and its pages released.", unmapped.Stages[^1].Text);
        Assert.Equal("Kernel: region rodata (0x600000-0x601000, r--) covers 0x600000 but refuses the write (write to read-only memory) → SIGSEGV; P2 (writer) is killed and its pages released.", protection.Stages[^1].Text);
        Assert.Equal([FaultStageKind.Walk, FaultStageKind.Kernel], Kinds(outside));
        Assert.Equal("Walk: none: address 0x4000000000000 is beyond the 48-bit addresses the page table translates, so the MMU raises a general-protection fault (#GP) at once, not a page fault: the address is not canonical.", outside.Stages[0].Text);
        Assert.StartsWith("Kernel: not canonical on x86-64: bits 63–48 must all equal bit 47, so no region can cover it → SIGSEGV", outside.Stages[1].Text);

        // The kernel's half is canonical: a user access there is a page fault, and the kernel refuses it.
        var kernelPath = PathOf(kernelHalf);
        Assert.EndsWith("so the MMU raises a page fault (read, user mode) at once: the kernel's half is mapped for the kernel alone.", kernelPath.Stages[0].Text);
        Assert.StartsWith("Kernel: in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff, so no region", kernelPath.Stages[1].Text);
        Assert.Equal("P4 (kernel) read address 0xffff800000000000: in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff, so the kernel sent SIGSEGV and P4 (kernel) was killed; its pages were released.", kernelHalf.Explanation);
    }

    [Fact]
    public void On_sv39_an_address_that_is_not_canonical_raises_a_page_fault_not_a_general_protection_fault()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4) with { Geometry = Vmsim.Core.Addressing.PageGeometry.Sv39 });
        var p = machine.Spawn("p");
        machine.Access(p, new VirtualAddress(0x80_0000_0000UL), AccessKind.Read);

        var path = PathOf(recorder.Steps[^1]);

        Assert.Equal("Walk: none: address 0x8000000000 is beyond the 39-bit addresses the page table translates, so the MMU raises a page fault (read, user mode) at once: the address is not canonical.", path.Stages[0].Text);
        Assert.StartsWith("Kernel: not canonical on sv39: bits 63–39 must all equal bit 38", path.Stages[1].Text);
    }

    [Fact]
    public void A_hit_stops_at_the_TLB_or_at_the_walk_that_fills_it()
    {
        var (machine, recorder) = Recorded(Checked(frames: 4, tlb: 0));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10000), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x10000), AccessKind.Write);
        machine.Access(p, Page(machine, 0x10000), AccessKind.Read);
        var walked = PathOf(recorder.Steps[^1]);

        Assert.Equal([FaultStageKind.Tlb, FaultStageKind.Walk], Kinds(walked));
        Assert.Equal("TLB: the machine has none, so the MMU walks the page table.", walked.Stages[0].Text);
        Assert.Equal("Walk: PML4[0] → PDPT[0] → PD[128] → PT[0]: the entry maps frame 0 and allows the read. No fault.", walked.Stages[1].Text);

        var (tlbMachine, tlbRecorder) = Recorded(Checked(frames: 4));
        var q = tlbMachine.Spawn("q");
        tlbMachine.Mmap(q, new PageNumber(0x10000), 1, Protection.ReadWrite);
        tlbMachine.Access(q, Page(tlbMachine, 0x10000), AccessKind.Write);
        tlbMachine.Access(q, Page(tlbMachine, 0x10000), AccessKind.Read);
        var hit = PathOf(tlbRecorder.Steps[^1]);
        Assert.Equal("TLB: page 0x10000 of ASID 1 is in the TLB (hit): frame 0, and the entry allows the read. No fault, no walk.", Assert.Single(hit.Stages).Text);
    }

    [Fact]
    public void The_demo_passes_over_dirty_anonymous_pages_with_swap_full_and_ends_in_the_OOM_killer()
    {
        var run = new ScenarioRun(BundledExamples.Read("demo")!);
        var recorder = new StepRecorder { FaultPaths = true };
        recorder.Attach(run.Machine);
        run.RunToEnd();

        var step32 = recorder.Steps[31];
        var eviction = Assert.Single(step32.Evictions);
        Assert.Equal([5, 0, 1, 2, 3], eviction.PassedOver.Select(p => p.Frame.Value));
        Assert.All(eviction.PassedOver, p => Assert.Equal(PassOverReason.DirtyNoSwap, p.Reason));
        Assert.Contains("the fifo policy passed over frames 5 and 0-3 (dirty anonymous pages, and no swap slot free) and evicted page 0x10000 of P1 (shell) from frame 4, without writing", step32.Explanation);
        Assert.Contains("passed over frames 5 and 0-3 (dirty anonymous pages, and no swap slot free) and evicted page 0x10000", Stage(PathOf(step32), FaultStageKind.Frame));

        var step33 = recorder.Steps[32];
        Assert.Equal(FaultKind.Oom, step33.Access!.Value.Fault);
        var oom = PathOf(step33);
        Assert.Equal(FaultStageKind.Frame, oom.Stages[^1].Kind);
        Assert.Contains("So the OOM killer killed P2 (editor), the faulting process itself", oom.Stages[^1].Text);
        Assert.EndsWith("The fault is not resolved: P2 (editor) is gone, and the access is never restarted.", oom.Stages[^1].Text);
        Assert.Equal([5, 0, 1, 2, 3, 4], Assert.Single(step33.OomKills).PassedOver.Select(p => p.Frame.Value));
    }

    [Fact]
    public void A_recorder_not_asked_for_paths_builds_none()
    {
        var machine = new Machine(Checked(frames: 4));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10000), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x10000), AccessKind.Write);

        Assert.Null(recorder.Steps[^1].FaultPath);
    }
}
