using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A context switch is counted and told whenever the CPU passes from one process to another,
/// including from one that has just ended: only the very first process to run starts an idle CPU.
/// </summary>
public class ContextSwitchTests
{
    private static (Machine Machine, StepRecorder Recorder, Process A, Process B) TwoProcesses(bool asidTagged = true)
    {
        var machine = new Machine(Checked(frames: 8) with { TlbAsidTagged = asidTagged });
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var a = machine.Spawn("a");
        var b = machine.Spawn("b");
        machine.Mmap(a, new PageNumber(0x10), 1, Protection.ReadWrite);
        machine.Mmap(b, new PageNumber(0x10), 1, Protection.ReadWrite);
        return (machine, recorder, a, b);
    }

    [Fact]
    public void The_first_process_to_run_is_no_switch_and_each_change_of_process_is_one()
    {
        var (machine, _, a, b) = TwoProcesses();

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        Assert.Equal(0, machine.Counters.ContextSwitches);
        machine.Access(b, Page(machine, 0x10), AccessKind.Read);
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        Assert.Equal(2, machine.Counters.ContextSwitches);
    }

    [Fact]
    public void Running_another_process_after_the_current_one_exits_is_a_switch_away_from_the_ended_one()
    {
        var (machine, recorder, a, b) = TwoProcesses(asidTagged: false);
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        machine.Access(b, Page(machine, 0x10), AccessKind.Read);
        machine.Exit(b);
        Assert.Null(machine.Current);

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(2, machine.Counters.ContextSwitches);
        Assert.Contains(recorder.Steps, s => s.Operation?.Operation == "switch" && s.Explanation.Contains($"from {b}, which had exited, to {a} and flushed the TLB", StringComparison.Ordinal));
        Assert.Same(a, machine.Current);
    }

    [Fact]
    public void A_process_killed_by_a_segmentation_fault_is_switched_away_from_as_killed()
    {
        var (machine, recorder, a, b) = TwoProcesses();
        machine.Access(a, Page(machine, 0x10), AccessKind.Read);
        machine.Access(b, Page(machine, 0x99), AccessKind.Read); // not mapped: SIGSEGV

        machine.Access(a, Page(machine, 0x10), AccessKind.Read);

        Assert.Equal(2, machine.Counters.ContextSwitches);
        Assert.Contains(recorder.Steps, s => s.Operation?.Operation == "switch" && s.Explanation.Contains($"from {b}, which had been killed, to {a}", StringComparison.Ordinal));
    }
}
