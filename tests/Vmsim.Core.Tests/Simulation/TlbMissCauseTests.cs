using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A TLB miss on a page the TLB held before says why the translation was gone and since which
/// step; a page the TLB never held is a first use.
/// </summary>
public class TlbMissCauseTests
{
    private static (Machine Machine, StepRecorder Recorder, Process A) OneProcess(MachineConfig config, Protection protection = Protection.ReadWrite)
    {
        var machine = new Machine(config);
        var recorder = new StepRecorder { FaultPaths = true };
        recorder.Attach(machine);
        var a = machine.Spawn("a");
        machine.Mmap(a, new PageNumber(0x10), 4, protection);
        return (machine, recorder, a);
    }

    // The number the step table gives the last step recorded.
    private static int LastStep(StepRecorder recorder) => recorder.Steps[^1].Index + 1;

    private static string TlbStage(RecordedStep step) => Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Tlb).Body;

    [Fact]
    public void A_page_never_translated_before_is_a_first_use()
    {
        var (machine, recorder, a) = OneProcess(Checked());

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(TlbMiss.FirstUse, recorder.Steps[^1].TlbMiss);
        Assert.Contains("is not in the TLB (miss): first use, the TLB never held this page's translation.", TlbStage(recorder.Steps[^1]));
    }

    [Fact]
    public void A_tlb_hit_has_no_miss_to_explain()
    {
        var (machine, recorder, a) = OneProcess(Checked());
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.True(recorder.Steps[^1].Access!.Value.TlbHit);
        Assert.Null(recorder.Steps[^1].TlbMiss);
    }

    [Fact]
    public void A_resident_page_whose_reference_bit_clock_cleared_misses_since_that_sweep()
    {
        // Silberschatz under clock, 3 frames: the 4th reference (step 6) sweeps every frame and
        // clears page 0's bit; the 5th (step 7) reads page 0, resident all along.
        var recorder = new StepRecorder();
        ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"), recorder.Attach);

        var step = recorder.Steps[6];
        Assert.Equal(FaultKind.None, step.Access!.Value.Fault);
        Assert.Equal(new TlbMiss(TlbMissCause.ReferenceBitCleared, 6), step.TlbMiss);
        Assert.Contains("found by a page-table walk (TLB miss: the entry was dropped at step 6, when the clock policy cleared the page's reference bit); no fault.", step.Explanation);
    }

    [Fact]
    public void A_page_evicted_after_its_bit_was_cleared_misses_because_it_was_evicted()
    {
        // The 8th reference (step 10) clears page 2's bit and then evicts it; the 9th (step 11) reads it.
        var recorder = new StepRecorder { FaultPaths = true, DecimalPages = true };
        ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"), recorder.Attach);

        var step = recorder.Steps[10];
        Assert.Equal(new TlbMiss(TlbMissCause.Evicted, 10), step.TlbMiss);
        Assert.Contains("page 2 of ASID 1 is not in the TLB (miss): the page was evicted at step 10, and its translation went with it.", TlbStage(step));
    }

    [Fact]
    public void A_page_whose_bit_was_cleared_before_the_step_that_evicted_it_misses_since_the_clear()
    {
        // The 8th reference (step 10) spares page 0, clearing its bit and dropping its entry; the
        // 9th (step 11) evicts it, when the TLB no longer held it; the 11th (step 13) reads it.
        var recorder = new StepRecorder { FaultPaths = true, DecimalPages = true };
        ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"), recorder.Attach);

        Assert.Equal(new TlbMiss(TlbMissCause.ReferenceBitCleared, 10), recorder.Steps[12].TlbMiss);
        Assert.Contains("page 0 of ASID 1 is not in the TLB (miss): the entry was dropped at step 10, when the clock policy cleared the page's reference bit.", TlbStage(recorder.Steps[12]));
    }

    [Fact]
    public void A_page_linux_deactivated_misses_since_its_deactivation()
    {
        // At the 18th reference (step 20) the search moves page 3, referenced, from the active
        // list to the inactive one, clearing its bit and dropping its entry; the 20th reads it.
        var recorder = new StepRecorder { FaultPaths = true, DecimalPages = true };
        ReferenceStringRun.Run(ReferenceString.Parse("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9 3"), Checked(5, "linux"), recorder.Attach);

        var miss = recorder.Steps[^1].TlbMiss;
        Assert.Equal(new TlbMiss(TlbMissCause.Deactivated, 20), miss);
        Assert.Contains("the entry was dropped at step 20, when the linux policy deactivated the page, moving it to its inactive list and clearing its reference bit", TlbStage(recorder.Steps[^1]));
    }

    [Fact]
    public void A_translation_pushed_out_of_a_full_tlb_set_misses_since_the_fill_that_replaced_it()
    {
        var (machine, recorder, a) = OneProcess(Checked() with { TlbEntries = 1, TlbWays = 1 });
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        machine.Access(a, Page(machine, 0x11), AccessKind.Read);
        var replacedAt = LastStep(recorder);

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(new TlbMiss(TlbMissCause.Replaced, replacedAt), recorder.Steps[^1].TlbMiss);
        Assert.Contains($"TLB miss: the entry was pushed out at step {replacedAt} by another translation: its TLB set was full", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void A_context_switch_without_asids_flushes_the_translation()
    {
        var (machine, recorder, a) = OneProcess(Checked() with { TlbAsidTagged = false });
        var b = machine.Spawn("b");
        machine.Mmap(b, new PageNumber(0x10), 1, Protection.ReadWrite);
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        machine.Access(b, Page(machine, 0x10), AccessKind.Read);
        var switchedAt = recorder.Steps.Single(s => s.Operation?.Operation == "switch").Index + 1;

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(new TlbMiss(TlbMissCause.ContextSwitch, switchedAt), recorder.Steps[^1].TlbMiss);
        Assert.Contains($"the whole TLB was flushed at the context switch of step {switchedAt}, its entries carrying no ASID", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void Mprotect_shoots_the_translation_down()
    {
        var (machine, recorder, a) = OneProcess(Checked());
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        machine.Mprotect(a, new PageNumber(0x10), 1, Protection.Read);
        var protectedAt = LastStep(recorder);

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(new TlbMiss(TlbMissCause.ProtectionChanged, protectedAt), recorder.Steps[^1].TlbMiss);
        Assert.Contains($"shot down at step {protectedAt}, when mprotect changed the page's protection", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void Munmap_takes_the_translation_with_the_page()
    {
        var (machine, recorder, a) = OneProcess(Checked());
        machine.Access(a, Page(machine, 0x10), AccessKind.Write);
        machine.Munmap(a, new PageNumber(0x10), 4);
        var unmappedAt = LastStep(recorder);
        machine.Mmap(a, new PageNumber(0x10), 4, Protection.ReadWrite);

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(new TlbMiss(TlbMissCause.Unmapped, unmappedAt), recorder.Steps[^1].TlbMiss);
        Assert.Contains($"the page was unmapped at step {unmappedAt}, and its translation went with it", TlbStage(recorder.Steps[^1]));
    }

    [Fact]
    public void Fork_says_it_write_protected_and_flushed_and_the_parent_s_next_write_misses_because_of_it()
    {
        var (machine, recorder, a) = OneProcess(Checked());
        machine.Access(a, Page(machine, 0x10), AccessKind.Write);
        machine.Access(a, Page(machine, 0x11), AccessKind.Write);
        machine.Fork(a, "child");
        var fork = recorder.Steps[^1];
        var forkedAt = fork.Index + 1;

        machine.Access(a, Page(machine, 0x10), AccessKind.Write);

        Assert.Contains("the kernel write-protected 2 writable private pages of P1 (a) and flushed their TLB entries", fork.Explanation);
        var write = recorder.Steps[^1];
        Assert.Equal(FaultKind.CowCopy, write.Access!.Value.Fault);
        Assert.Equal(new TlbMiss(TlbMissCause.ForkWriteProtect, forkedAt), write.TlbMiss);
        Assert.Contains($"The TLB had no entry for the page (the entry was flushed at step {forkedAt}, when fork write-protected the page for copy-on-write), so the MMU walked the page table and found it read-only.", write.Explanation);
    }

    [Fact]
    public void Fork_of_a_process_with_no_writable_private_page_protects_nothing()
    {
        var (machine, recorder, a) = OneProcess(Checked(), Protection.Read);
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        machine.Fork(a, "child");

        Assert.DoesNotContain("write-protected", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void Fork_leaves_a_private_file_page_read_in_alone_it_is_read_only_already()
    {
        // A read fault maps the page cache's page read-only and copy-on-write in a writable
        // private region; one written page is writable, and only it is write-protected.
        var (machine, recorder, a) = OneProcess(Checked());
        machine.Mmap(a, new PageNumber(0x600), 1, Protection.ReadWrite, file: "/etc/data");
        machine.Access(a, Page(machine, 0x600), AccessKind.Read);
        machine.Access(a, Page(machine, 0x10), AccessKind.Write);

        machine.Fork(a, "child");

        Assert.Contains("the kernel write-protected 1 writable private page of P1 (a) and flushed its TLB entry", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void Fork_counts_only_the_entries_the_tlb_held()
    {
        // A TLB of one entry holds the last page written; the other was pushed out before the fork.
        var (machine, recorder, a) = OneProcess(Checked() with { TlbEntries = 1, TlbWays = 1 });
        machine.Access(a, Page(machine, 0x10), AccessKind.Write);
        machine.Access(a, Page(machine, 0x11), AccessKind.Write);

        machine.Fork(a, "child");

        Assert.Contains("the kernel write-protected 2 writable private pages of P1 (a) and flushed their TLB entries (1 of the 2 was in the TLB)", recorder.Steps[^1].Explanation);
    }

    [Fact]
    public void A_replay_after_its_recorded_steps_keeps_no_history()
    {
        MemoryAccess[] accesses = [new(0x1000, AccessKind.Read, 1, 0), new(0x2000, AccessKind.Read, 1, 0), new(0x1000, AccessKind.Read, 1, 0)];

        var replay = TraceRun.Replay(new ArrayTraceReader(accesses), new MachineConfig { Frames = 8, Policy = "clock" }, stepLimit: 1);

        Assert.Single(replay.Steps, s => s.Access is not null);
        Assert.Null(replay.Machine.Tlb.History);
    }
}
