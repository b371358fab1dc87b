using Vmsim.Core.Simulation;

namespace Vmsim.Web.Snapshots;

/// <summary>
/// What a step released when it ended a process or unmapped memory: the frames and swap slots
/// that the OOM kill, the SIGSEGV, the exit, the munmap or the shrinking brk gave back, as their
/// events carry them (<see cref="FreedMemory"/>). The machine after such a step shows only the
/// aftermath (frames free, slots gone); this is what the page marks as freed.
/// </summary>
internal static class ReleasedMemory
{
    /// <summary>
    /// What the step that <paramref name="recorded"/> tells released by ending a process or
    /// unmapping memory, or null when it did neither (or released nothing). Frames the fault then
    /// took at once (the page it read, the copy it made after an OOM kill) are in use again, but
    /// released all the same.
    /// </summary>
    public static ReleasedView? Of(IReadOnlyList<RecordedStep> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var (cause, releases) = Releases(recorded);
        if (cause is null)
        {
            return null;
        }

        int[] freed = [.. releases.SelectMany(r => r.Frames).Select(f => f.Value).Distinct().Order()];
        int[] slots = [.. releases.SelectMany(r => r.Slots).Select(s => s.Value).Distinct().Order()];
        return freed.Length == 0 && slots.Length == 0 ? null : new ReleasedView(cause, freed, slots);
    }

    // What released memory in the step, and what each release freed: the OOM killer, a SIGSEGV or
    // the process's own exit ending a process, or an unmapping (munmap, or brk shrinking the heap).
    private static (string? Cause, IReadOnlyList<FreedMemory> Releases) Releases(IReadOnlyList<RecordedStep> recorded)
    {
        var kills = recorded.SelectMany(r => r.OomKills).ToList();
        if (kills.Count > 0)
        {
            return ("the OOM kill", [.. kills.Select(k => k.Freed)]);
        }

        if (recorded.Select(r => r.Access).FirstOrDefault(a => a?.Freed is not null) is { Freed: { } segv })
        {
            return ("the SIGSEGV", [segv]);
        }

        return recorded.Select(r => r.Operation).FirstOrDefault(o => o is { Operation: "exit" or "munmap" or "brk", Freed: not null }) is { } operation
            ? ($"the {operation.Operation}", [operation.Freed!])
            : (null, []);
    }
}
