using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Simulation;
using Vmsim.Core.Storage;

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
    private readonly bool[] _framesUsed;
    private readonly bool[] _slotsUsed;

    private ReleasedMemory(bool[] framesUsed, bool[] slotsUsed)
    {
        _framesUsed = framesUsed;
        _slotsUsed = slotsUsed;
    }

    /// <summary>Notes which frames and swap slots of <paramref name="machine"/> are in use, before a step.</summary>
    public static ReleasedMemory Before(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var frames = machine.Kernel.Frames;
        var framesUsed = new bool[frames.Count];
        for (var f = 0; f < framesUsed.Length; f++)
        {
            framesUsed[f] = frames[new FrameNumber(f)].Use != FrameUse.Free;
        }

        var swap = machine.Kernel.Swap;
        var slotsUsed = new bool[swap.UsedSlots == 0 ? 0 : swap.Slots];
        for (var s = 0; s < slotsUsed.Length; s++)
        {
            slotsUsed[s] = swap.ReferencesOf(new SwapSlot(s)) > 0;
        }

        return new ReleasedMemory(framesUsed, slotsUsed);
    }

    /// <summary>
    /// After the step that <paramref name="recorded"/> tells, what it released by ending a process
    /// or unmapping memory, or null when it did neither (or released nothing); frames its
    /// evictions emptied are the evictions', not counted here.
    /// </summary>
    public ReleasedView? After(Machine machine, IReadOnlyList<RecordedStep> recorded, IReadOnlyCollection<int> evicted)
    {
        ArgumentNullException.ThrowIfNull(machine);
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
            var frames = machine.Kernel.Frames;
            freed = [.. Enumerable.Range(0, _framesUsed.Length)
                .Where(f => _framesUsed[f] && !evicted.Contains(f) && frames[new FrameNumber(f)].Use == FrameUse.Free)];
            var swap = machine.Kernel.Swap;
            slots = [.. Enumerable.Range(0, _slotsUsed.Length).Where(s => _slotsUsed[s] && swap.ReferencesOf(new SwapSlot(s)) == 0)];
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
