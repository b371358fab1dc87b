using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// The circular list of frames and the hand shared by the clock family (CLOCK, NRU,
/// WSClock). New frames go just behind the hand, so that a full sweep examines them
/// last; removing the frame under the hand moves the hand on to the next one.
/// </summary>
internal sealed class ClockRing
{
    private readonly FrameList _ring;

    /// <summary>Creates an empty ring for frames 0 to <paramref name="capacity"/> minus one.</summary>
    public ClockRing(int capacity) => _ring = new FrameList(capacity);

    /// <summary>The frame the next sweep examines first, or <see cref="FrameNumber.None"/> when the ring is empty.</summary>
    public FrameNumber Hand { get; private set; } = FrameNumber.None;

    /// <summary>How many frames are in the ring.</summary>
    public int Count => _ring.Count;

    /// <summary>True when <paramref name="frame"/> is in the ring.</summary>
    public bool Contains(FrameNumber frame) => _ring.Contains(frame);

    /// <summary>The frame after <paramref name="frame"/> in sweep order, wrapping around.</summary>
    public FrameNumber Next(FrameNumber frame) => _ring.NextCircular(frame);

    /// <summary>Puts <paramref name="frame"/> just behind the hand: the last frame a sweep from the hand reaches.</summary>
    public void InsertBehindHand(FrameNumber frame)
    {
        if (Hand.IsValid)
        {
            _ring.AddBefore(Hand, frame);
        }
        else
        {
            _ring.AddLast(frame);
            Hand = frame;
        }
    }

    /// <summary>Takes <paramref name="frame"/> out of the ring, if there; a hand on it moves to the next frame.</summary>
    public void Remove(FrameNumber frame)
    {
        if (!_ring.Contains(frame))
        {
            return;
        }

        if (Hand == frame)
        {
            Hand = _ring.Count == 1 ? FrameNumber.None : _ring.NextCircular(frame);
        }

        _ring.Remove(frame);
    }

    /// <summary>Moves the hand to the frame after <paramref name="frame"/> (past a victim, or past a frame examined).</summary>
    public void AdvancePast(FrameNumber frame) => Hand = _ring.NextCircular(frame);

    /// <summary>The frames from the hand on, up to the length of <paramref name="frames"/> and once each; returns how many.</summary>
    public int FromHand(Span<FrameNumber> frames)
    {
        var count = 0;
        for (var f = Hand; f.IsValid && count < frames.Length && count < Count; f = Next(f))
        {
            frames[count++] = f;
        }

        return count;
    }
}
