namespace Vmsim.Core.Simulation;

/// <summary>
/// A run of accesses not made: consecutive accesses of one process that a scenario did not
/// make because the process had ended (<see cref="OperationEvent.IsSkippedAccess"/>), such as
/// the rest of a touch after a SIGSEGV or an OOM kill. One by one they say nothing new, so the
/// command line's step table and narration and the visualizer's steps all show a run as its
/// first access, in the narrator's words, and one line for the rest (<see cref="MoreNotMade"/>),
/// deciding where a run ends by <see cref="Continues"/>.
/// </summary>
public static class SkippedAccessRun
{
    /// <summary>
    /// True when <paramref name="next"/>, the step right after <paramref name="previous"/>,
    /// continues the run <paramref name="previous"/> is in: both are accesses not made, of the
    /// same process. False when either is an access made, an operation, or null (a step that
    /// was no operation), and when they are of two processes (two never created are two, though
    /// neither has a pid).
    /// </summary>
    public static bool Continues(OperationEvent? previous, OperationEvent? next) =>
        previous is { IsSkippedAccess: true } && next is { IsSkippedAccess: true } && next.Pid == previous.Pid && next.NeverCreated == previous.NeverCreated;

    /// <summary>
    /// The words for the <paramref name="more"/> accesses of a run after its first: "52 more
    /// accesses of P2 not made, likewise", "1 more access of P2 not made, likewise"; without
    /// <paramref name="process"/> (where the context names it), "52 more accesses not made, likewise".
    /// </summary>
    public static string MoreNotMade(int more, string? process = null) =>
        $"{Plural.Count(more, "more access")}{(process is null ? string.Empty : $" of {process}")} not made, likewise";
}
