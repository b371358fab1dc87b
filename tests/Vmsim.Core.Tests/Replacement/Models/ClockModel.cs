namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// CLOCK, second chance, as Corbató gives it (MIT Project MAC MAC-M-384, 1968) and
/// Silberschatz 10.4.5.2 draws it: the pages in a ring in the order they were loaded and a
/// hand at the oldest; a page whose reference bit is set has it cleared and is passed over
/// (its second chance), and the first page found with the bit clear goes, the new page taking
/// its place just behind the hand. Drawn here as a queue whose front is under the hand:
/// passing a page over moves it to the back.
/// </summary>
/// <remarks>
/// Every reference sets the bit, as the MMU would. docs/policies.md ("CLOCK: hot or cold
/// insertion"): with <paramref name="hot"/> a page is loaded with the bit its faulting
/// access set; cold, with it clear, so that only a later hit earns the second chance. A page
/// that <paramref name="canEvict"/> refuses is passed over with its bit as it was.
/// </remarks>
internal sealed class ClockModel(int frames, bool hot, Func<int, bool>? canEvict = null) : ICacheModel
{
    // From the hand round the ring: the front is the next page the hand looks at.
    private readonly List<int> _ring = [];
    private readonly HashSet<int> _referenced = [];

    public int? Reference(int page, bool write)
    {
        if (_ring.Contains(page))
        {
            _referenced.Add(page);
            return null;
        }

        int? evicted = null;
        if (_ring.Count == frames)
        {
            while (!(canEvict.Allows(_ring[0])) || _referenced.Remove(_ring[0]))
            {
                _ring.Add(_ring[0]);
                _ring.RemoveAt(0);
            }

            evicted = _ring[0];
            _ring.RemoveAt(0);
        }

        _ring.Add(page);
        if (hot)
        {
            _referenced.Add(page);
        }

        return evicted;
    }
}
