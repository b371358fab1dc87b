using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>
/// What the frames and swap slots hold at one moment (each frame's use and mappings, each
/// slot's references), to tell afterwards what a release freed and what others keep
/// (<see cref="Freed"/>): the events of an OOM kill, a SIGSEGV, an exit, an munmap and a brk
/// carry it. Taking one reads every frame and slot, so it is taken only when an observer
/// listens, never on the access path.
/// </summary>
public sealed class HeldMemory
{
    private readonly Kernel _kernel;

    // Each frame's map count, or -1 for a free frame.
    private readonly int[] _mapCounts;

    // Each slot's references; empty when no slot was in use, as none can be freed then.
    private readonly int[] _slotReferences;

    /// <summary>Notes what the frames and slots of <paramref name="kernel"/> hold now.</summary>
    public HeldMemory(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _kernel = kernel;
        var frames = kernel.Frames;
        _mapCounts = new int[frames.Count];
        var pinned = new List<FrameNumber>();
        for (var f = 0; f < frames.Count; f++)
        {
            ref readonly var record = ref frames[new FrameNumber(f)];
            _mapCounts[f] = record.Use == FrameUse.Free ? -1 : record.MapCount;
            if (record.Pinned)
            {
                pinned.Add(new FrameNumber(f));
            }
        }

        Pinned = pinned;
        var swap = kernel.Swap;
        _slotReferences = new int[swap.UsedSlots == 0 ? 0 : swap.Slots];
        for (var s = 0; s < _slotReferences.Length; s++)
        {
            _slotReferences[s] = swap.ReferencesOf(new SwapSlot(s));
        }
    }

    /// <summary>The frames pinned then (by a fault in progress), ascending.</summary>
    public IReadOnlyList<FrameNumber> Pinned { get; }

    /// <summary>
    /// What was freed since: the frames in use then that are free now, the swap slots referenced
    /// then that no one references now, and those kept: frames in use then and now with fewer
    /// mappings (pages others still map, or kept in the page cache), and slots that lost
    /// references but keep some.
    /// </summary>
    public FreedMemory Freed() => new()
    {
        Frames = Frames(freed: true),
        Slots = Slots(freed: true),
        KeptFrames = Frames(freed: false),
        KeptSlots = Slots(freed: false),
    };

    private List<FrameNumber> Frames(bool freed)
    {
        var frames = _kernel.Frames;
        var found = new List<FrameNumber>();
        for (var f = 0; f < _mapCounts.Length; f++)
        {
            var frame = new FrameNumber(f);
            ref readonly var record = ref frames[frame];
            if (_mapCounts[f] >= 0 && (freed
                ? record.Use == FrameUse.Free
                : record.Use != FrameUse.Free && record.MapCount < _mapCounts[f]))
            {
                found.Add(frame);
            }
        }

        return found;
    }

    private List<SwapSlot> Slots(bool freed)
    {
        var swap = _kernel.Swap;
        var found = new List<SwapSlot>();
        for (var s = 0; s < _slotReferences.Length; s++)
        {
            var slot = new SwapSlot(s);
            var now = swap.ReferencesOf(slot);
            if (now < _slotReferences[s] && (now == 0) == freed)
            {
                found.Add(slot);
            }
        }

        return found;
    }
}
