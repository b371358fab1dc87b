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
    private readonly Stack<int> _free;

    /// <summary>Creates <paramref name="count"/> free frames.</summary>
    public FrameTable(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the machine needs at least one frame");
        }

        _frames = new Frame[count];
        _free = new Stack<int>(count);
        for (var f = count - 1; f >= 0; f--)
        {
            _frames[f] = new Frame { SwapSlot = SwapSlot.None, Owner = -1 };
            _free.Push(f);
        }
    }

    /// <summary>The number of frames.</summary>
    public int Count => _frames.Length;

    /// <summary>The number of frames on the free list.</summary>
    public int FreeCount => _free.Count;

    /// <summary>The record of <paramref name="frame"/>, by reference.</summary>
    public ref Frame this[FrameNumber frame] => ref _frames[frame.Value];

    /// <summary>Takes a frame from the free list; false when it is empty.</summary>
    public bool TryAllocate(FrameUse use, out FrameNumber frame)
    {
        if (!_free.TryPop(out var f))
        {
            frame = FrameNumber.None;
            return false;
        }

        _frames[f] = new Frame { Use = use, SwapSlot = SwapSlot.None, Owner = -1 };
        frame = new FrameNumber(f);
        return true;
    }

    /// <summary>Returns <paramref name="frame"/> to the free list; it must hold nothing any more.</summary>
    public void Free(FrameNumber frame)
    {
        ref var record = ref _frames[frame.Value];
        if (record.Use == FrameUse.Free)
        {
            throw new InvalidOperationException($"frame {frame} is freed twice");
        }

        if (record.MapCount != 0)
        {
            throw new InvalidOperationException($"frame {frame} is freed while {record.MapCount} page-table entries still map it");
        }

        record = new Frame { Use = FrameUse.Free, SwapSlot = SwapSlot.None, Owner = -1 };
        _free.Push(frame.Value);
    }

    /// <summary>True when <paramref name="frame"/> is on the free list (checked by the invariant checker).</summary>
    public bool IsOnFreeList(FrameNumber frame) => _free.Contains(frame.Value);
}
