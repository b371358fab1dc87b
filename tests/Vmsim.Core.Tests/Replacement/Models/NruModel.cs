namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Enhanced second chance (NRU's four classes by reference and modify bits), with the sweeps
/// of Stallings (Operating Systems: Internals and Design Principles, 8.2) and Silberschatz
/// 10.4.5.3: frames in a ring with a hand. Starting at the hand, (1) look for a frame neither
/// referenced nor modified, changing nothing; (2) failing that, look for one not referenced but
/// modified, clearing the reference bit of each frame passed over; (3) failing that, go back
/// to where the hand started, every reference bit now clear, and repeat (1) and, if need be,
/// (2). The victim's frame takes the new page and the hand moves to the frame after it.
/// </summary>
/// <remarks>
/// Every reference sets the reference bit, and a write the modify bit, as the MMU would; a page
/// is loaded with the bits its faulting reference set. Frames fill in order while they are
/// free, so the ring is in the order of loading with the hand at the first frame. A frame
/// whose page <paramref name="canEvict"/> refuses is passed over in every sweep, its bits as
/// they were.
/// </remarks>
internal sealed class NruModel(int frames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly int[] _pageIn = Enumerable.Repeat(-1, frames).ToArray();
    private readonly bool[] _referenced = new bool[frames];
    private readonly bool[] _modified = new bool[frames];
    private int _hand;

    public int? Reference(int page, bool write)
    {
        var frame = Array.IndexOf(_pageIn, page);
        int? evicted = null;
        if (frame < 0)
        {
            frame = Array.IndexOf(_pageIn, -1);
            if (frame < 0)
            {
                frame = Victim();
                evicted = _pageIn[frame];
                _hand = (frame + 1) % frames;
            }

            _pageIn[frame] = page;
            _modified[frame] = false;
        }

        _referenced[frame] = true;
        _modified[frame] |= write;
        return evicted;
    }

    private int Victim()
    {
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < frames; i++)
            {
                var f = (_hand + i) % frames;
                if (!_referenced[f] && !_modified[f] && CanEvict(f))
                {
                    return f;
                }
            }

            for (var i = 0; i < frames; i++)
            {
                var f = (_hand + i) % frames;
                if (!CanEvict(f))
                {
                    continue;
                }

                if (!_referenced[f] && _modified[f])
                {
                    return f;
                }

                _referenced[f] = false;
            }
        }

        throw new InvalidOperationException("every reference bit was cleared, so the second round finds a victim");
    }

    private bool CanEvict(int frame) => canEvict.Allows(_pageIn[frame]);
}
