using Vmsim.Core.Addressing;

namespace Vmsim.Core.Storage;

/// <summary>
/// The swap device (Linux's <c>swap_info_struct</c>): slots of one page each, with a
/// reference count per slot. A slot is referenced by each non-present PTE that holds
/// it and, while the page is resident again, by the frame that keeps it as its swap
/// copy (the swap cache). A slot whose count drops to zero is free. Slots are handed
/// out lowest number first.
/// </summary>
public sealed class SwapDevice
{
    private readonly int[] _references;
    private readonly int[] _cachedFrame;
    private readonly Stack<int> _free;

    /// <summary>Creates a device of <paramref name="slots"/> slots (0 means no swap).</summary>
    public SwapDevice(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        _references = new int[slots];
        _cachedFrame = new int[slots];
        Array.Fill(_cachedFrame, -1);
        _free = new Stack<int>(slots);
        for (var s = slots - 1; s >= 0; s--)
        {
            _free.Push(s);
        }
    }

    /// <summary>The number of slots.</summary>
    public int Slots => _references.Length;

    /// <summary>Slots not in use.</summary>
    public int FreeSlots => _free.Count;

    /// <summary>Slots in use.</summary>
    public int UsedSlots => Slots - _free.Count;

    /// <summary>Takes a free slot with one reference; false when the device is full.</summary>
    public bool TryAllocate(out SwapSlot slot)
    {
        if (!_free.TryPop(out var s))
        {
            slot = SwapSlot.None;
            return false;
        }

        _references[s] = 1;
        slot = new SwapSlot(s);
        return true;
    }

    /// <summary>The number of references to <paramref name="slot"/>.</summary>
    public int ReferencesOf(SwapSlot slot) => _references[slot.Value];

    /// <summary>Adds <paramref name="count"/> references to a slot in use.</summary>
    public void Retain(SwapSlot slot, int count = 1)
    {
        if (_references[slot.Value] <= 0)
        {
            throw new InvalidOperationException($"swap slot {slot} is retained while free");
        }

        _references[slot.Value] += count;
    }

    /// <summary>Drops one reference; the slot is freed when none remain. Returns true if it was freed.</summary>
    public bool Release(SwapSlot slot)
    {
        var remaining = --_references[slot.Value];
        if (remaining < 0)
        {
            throw new InvalidOperationException($"swap slot {slot} is released more often than it was retained");
        }

        if (remaining > 0)
        {
            return false;
        }

        _cachedFrame[slot.Value] = -1;
        _free.Push(slot.Value);
        return true;
    }

    /// <summary>The resident frame that holds the page of <paramref name="slot"/> (the swap cache), or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber CachedFrame(SwapSlot slot) => new(_cachedFrame[slot.Value]);

    /// <summary>Records that <paramref name="frame"/> holds the page of <paramref name="slot"/>, or that none does.</summary>
    public void SetCachedFrame(SwapSlot slot, FrameNumber frame) => _cachedFrame[slot.Value] = frame.Value;
}
