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
}
