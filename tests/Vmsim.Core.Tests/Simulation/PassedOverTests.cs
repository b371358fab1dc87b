using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>The frames a policy asked about and reclaim could not take, as an eviction reports them.</summary>
public class PassedOverTests
{
    [Fact]
    public void A_process_at_its_local_quota_passes_over_another_process_s_older_page_for_one_of_its_own()
    {
        var machine = new Machine(Checked(frames: 4) with { Scope = ReplacementScope.Local });
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var q = machine.Spawn("q", frameQuota: 2);
        var p = machine.Spawn("p", frameQuota: 2);
        machine.Mmap(q, new PageNumber(0x10000), 1, Protection.Read);
        machine.Mmap(p, new PageNumber(0x20000), 3, Protection.Read);
        machine.Access(q, Page(machine, 0x10000), AccessKind.Read); // frame 0, FIFO's oldest
        machine.Access(p, Page(machine, 0x20000), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20001), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20002), AccessKind.Read); // at its quota: one of its own goes

        var step = recorder.Steps[^1];
        var eviction = Assert.Single(step.Evictions);
        Assert.Equal(EvictionCause.AtQuota, eviction.Cause);
        Assert.Equal([new PassedOverFrame(new FrameNumber(0), PassOverReason.OtherProcess)], eviction.PassedOver);
        Assert.Contains("the fifo policy passed over frame 0 (another process's page) and evicted page 0x20000 of P2 (p) from frame 1", step.Explanation);
    }

    [Fact]
    public void A_frame_the_clock_passes_twice_in_one_search_is_noted_once()
    {
        // p at its quota: the hand passes q's frame, clears the bits of p's two pages, comes round
        // to q's frame again, and takes p's first page.
        var machine = new Machine(Checked(frames: 4, policy: "clock") with { Scope = ReplacementScope.Local });
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var q = machine.Spawn("q", frameQuota: 2);
        var p = machine.Spawn("p", frameQuota: 2);
        machine.Mmap(q, new PageNumber(0x10000), 1, Protection.Read);
        machine.Mmap(p, new PageNumber(0x20000), 3, Protection.Read);
        machine.Access(q, Page(machine, 0x10000), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20000), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20001), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20000), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20001), AccessKind.Read);
        machine.Access(p, Page(machine, 0x20002), AccessKind.Read);

        var eviction = Assert.Single(recorder.Steps[^1].Evictions);
        Assert.Equal(EvictionCause.AtQuota, eviction.Cause);
        Assert.Equal([new PassedOverFrame(new FrameNumber(0), PassOverReason.OtherProcess)], eviction.PassedOver);
    }

    [Fact]
    public void An_eviction_with_nothing_passed_over_reads_as_before()
    {
        var machine = new Machine(Checked(frames: 1));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10000), 2, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x10000), AccessKind.Write);
        machine.Access(p, Page(machine, 0x10001), AccessKind.Write);

        var step = recorder.Steps[^1];
        Assert.Empty(Assert.Single(step.Evictions).PassedOver);
        Assert.Contains("the fifo policy evicted page 0x10000 of P1 (p) from frame 0", step.Explanation);
    }

    [Fact]
    public void A_page_wsclock_found_evictable_and_its_own_write_back_left_without_a_swap_slot_is_passed_over_on_its_second_round()
    {
        // Three dirty pages, two swap slots. Page 3's fault takes page 0 (all three equally old)
        // into one slot. Page 1 is used again; at page 4's fault the hand clears page 1's bit
        // (young, and with a slot free it could go), finds page 2 old and dirty and has it written
        // to the last slot, and no victim in the round. The second round, which asks about page 1
        // again, finds it dirty with no slot left and passes it over, then takes page 2, clean now.
        const string Yaml = """
            machine: { frames: 3, swap: 2, policy: wsclock, window: 1 }
            processes:
              - name: p
                regions: [{ name: heap, start: 0x10000, pages: 8, prot: rw- }]
            script:
              - { touch: p, region: heap, pages: 0-2, access: write }
              - { touch: p, region: heap, pages: 3 }
              - { touch: p, region: heap, pages: 1 }
              - { touch: p, region: heap, pages: 4 }
            """;
        var run = new ScenarioRun(Vmsim.Core.Workloads.Scenarios.ScenarioReader.Parse(Yaml, "wsclock.yaml"));
        var recorder = new StepRecorder();
        recorder.Attach(run.Machine);
        run.RunToEnd();

        var step = recorder.Steps[^1];
        var eviction = Assert.Single(step.Evictions);
        Assert.Equal(2, eviction.Frame.Value);
        Assert.Equal([new PassedOverFrame(new FrameNumber(1), PassOverReason.DirtyNoSwap)], eviction.PassedOver);
        Assert.Equal(BitClearKind.Cleaned, Assert.Single(step.BitClears, c => c.Frame.Value == 2).Kind);
    }
}
