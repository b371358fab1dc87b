using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;

namespace Vmsim.Web.Snapshots;

/// <summary>
/// What a step released when it ended a process or unmapped memory: the frames and swap slots
/// in use before the step that the OOM kill, the SIGSEGV, the exit, the munmap or the shrinking
/// brk gave back. The machine after such a step shows only the aftermath (frames free, slots
/// gone); this is what the page marks as freed.
/// </summary>
internal sealed class ReleasedMemory
{
    private const string OomKill = "the OOM kill";
    private readonly HeldMemory _held;

    private ReleasedMemory(HeldMemory held) => _held = held;

    /// <summary>Notes what the frames and swap slots of <paramref name="machine"/> hold, before a step.</summary>
    public static ReleasedMemory Before(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new ReleasedMemory(new HeldMemory(machine.Kernel));
    }

    /// <summary>
    /// After the step that <paramref name="recorded"/> tells, what it released by ending a process
    /// or unmapping memory, or null when it did neither (or released nothing); frames its
    /// evictions emptied are the evictions', not counted here.
    /// </summary>
    public ReleasedView? After(IReadOnlyList<RecordedStep> recorded, IReadOnlyCollection<int> evicted)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(evicted);
        var cause = Cause(recorded);
        if (cause is null)
        {
            return null;
        }

        int[] freed;
        int[] slots;
        if (cause == OomKill)
        {
            // The kill says what it freed: frames the fault then took at once (the page it read,
            // the copy it made) are in use again, but the kill's all the same.
            var kills = recorded.SelectMany(r => r.OomKills).ToList();
            freed = [.. kills.SelectMany(k => k.FreedFrames).Select(f => f.Value).Distinct().Order()];
            slots = [.. kills.SelectMany(k => k.FreedSlots).Select(s => s.Value).Distinct().Order()];
        }
        else
        {
            freed = [.. _held.FreedFrames().Select(f => f.Value).Where(f => !evicted.Contains(f))];
            slots = [.. _held.FreedSlots().Select(s => s.Value)];
        }

        return freed.Length == 0 && slots.Length == 0 ? null : new ReleasedView(cause, freed, slots);
    }

    // What released memory in the step: the OOM killer, a SIGSEGV or the process's own exit
    // ending a process, or an unmapping (munmap, or brk shrinking the heap).
    private static string? Cause(IReadOnlyList<RecordedStep> recorded)
    {
        if (recorded.Any(r => r.OomKills.Count > 0))
        {
            return OomKill;
        }

        if (recorded.Any(r => r.Access is { } a && (a.Fault is FaultKind.SegvUnmapped or FaultKind.SegvProtection)))
        {
            return "the SIGSEGV";
        }

        return recorded.Select(r => r.Operation?.Operation).FirstOrDefault(o => o is "exit" or "munmap" or "brk") is { } operation
            ? $"the {operation}"
            : null;
    }
}
