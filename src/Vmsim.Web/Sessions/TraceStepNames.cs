using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Web.Sessions;

/// <summary>
/// How the visualizer's narration of a trace names the step a TLB entry left at, as
/// <c>vmsim replay</c> does: by the trace's access ("at access 9"), or for a step that was no
/// access, a process starting, by the access it came before ("before access 9"). A replay dates
/// the TLB's history by the page's steps (<see cref="StepMap"/>), and each step's first event
/// is a trace access, whose line is its number in the trace, or a process starting before the
/// access of its line. A context switch is made within the access it comes before, so it is
/// named before that access.
/// </summary>
internal sealed class TraceStepNames(Replay replay, StepMap steps) : IStepNames
{
    /// <inheritdoc/>
    public string At(int step)
    {
        var first = Event(step);
        return first is { IsAccess: true } access ? StepNames.AtAccess(access.Step.Line) : StepNames.BeforeAccess(LineOf(first));
    }

    /// <inheritdoc/>
    public string Switch(int step) => StepNames.BeforeAccess(LineOf(Event(step)));

    // The first event of the step; null for the set-up (event 0), before the trace's first access.
    private PlannedEvent? Event(int step) => replay.EventOf(steps.FirstEvent(step));

    private static int LineOf(PlannedEvent? @event) => @event?.Step.Line ?? 1;
}
