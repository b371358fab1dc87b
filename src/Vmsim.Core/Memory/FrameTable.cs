using Vmsim.Core.Addressing;

namespace Vmsim.Core.Memory;

/// <summary>
/// The physical frames and the free list (Linux's <c>mem_map</c> and the buddy
/// allocator's free lists, reduced to single pages). Frames are handed out lowest
/// number first, so that small examples read naturally.
/// </summary>
public sealed class FrameTable
{
    private readonly Frame[] _frames;

    // The free list as a stack of frame numbers (lowest on top at first): _free[0.._freeCount).
    private readonly int[] _free;
    private int _freeCount;

    /// <summary>Creates <paramref name="count"/> free frames.</summary>
    public FrameTable(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the machine needs at least one frame");
        }

        _frames = new Frame[count];
        _free = new int[count];
        for (var f = count - 1; f >= 0; f--)
        {
            _frames[f] = Unused;
            _free[_freeCount++] = f;
        }
    }

    /// <summary>Hints the host processor to fetch the record of <paramref name="frame"/> (see <see cref="CacheHint"/>).</summary>
    internal void Prefetch(FrameNumber frame) => CacheHint.Prefetch(_frames, frame.Value);

    /// <summary>The number of frames.</summary>
    public int Count => _frames.Length;

    /// <summary>The number of frames on the free list.</summary>
    public int FreeCount => _freeCount;

    /// <summary>The record of <paramref name="frame"/>, by reference.</summary>
    public ref Frame this[FrameNumber frame] => ref _frames[frame.Value];

    /// <summary>Takes a frame from the free list; false when it is empty.</summary>
    public bool TryAllocate(FrameUse use, out FrameNumber frame)
    {
        if (_freeCount == 0)
        {
            frame = FrameNumber.None;
            return false;
        }

        var f = _free[--_freeCount];

        // A free frame's record was reset when it was freed: only its use changes.
        ref var record = ref _frames[f];
        System.Diagnostics.Debug.Assert(record.Equals(Unused), "a free frame's record is reset");
        record.Use = use;
        frame = new FrameNumber(f);
        return true;
    }

    /// <summary>Returns <paramref name="frame"/> to the free list; it must hold nothing any more.</summary>
    public void Free(FrameNumber frame)
    {
        ref var record = ref _frames[frame.Value];
        if (record.Use == FrameUse.Free || record.MapCount != 0)
        {
            FreedWrongly(frame, record);
        }

        record = Unused;
        _free[_freeCount++] = frame.Value;
    }

    /// <summary>True when <paramref name="frame"/> is on the free list (checked by the invariant checker).</summary>
    public bool IsOnFreeList(FrameNumber frame) => Array.IndexOf(_free, frame.Value, 0, _freeCount) >= 0;

    // The record of a frame on the free list.
    private static Frame Unused => new() { Use = FrameUse.Free, SwapSlot = SwapSlot.None, Owner = -1 };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void FreedWrongly(FrameNumber frame, in Frame record) =>
        throw new InvalidOperationException(record.Use == FrameUse.Free
            ? $"frame {frame} is freed twice"
            : $"frame {frame} is freed while {Plural.Count(record.MapCount, "page-table entry")} still {(record.MapCount == 1 ? "maps" : "map")} it");
}
