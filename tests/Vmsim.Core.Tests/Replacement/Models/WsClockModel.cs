namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// WSClock as R. W. Carr and J. L. Hennessy give it in "WSCLOCK: a simple and effective
/// algorithm for virtual memory management", SOSP 1981 (and Tanenbaum, Modern Operating
/// Systems, 3.4.9): the pages on a clock in load order, each with its referenced and dirty
/// bits and the virtual time of its last use. On a fault the hand sweeps: a referenced page is
/// cleared and its last use set to now; an unreferenced page older than the window tau is the
/// victim if clean, and if dirty has its write scheduled (here done at once) and the hand moves
/// on. After a whole revolution without a victim the hand goes round again for a clean old page,
/// and failing that takes the page of oldest last use, the first from the hand on a tie
/// (docs/policies.md). The hand rests just past the victim, and the page loaded goes just
/// behind it, so that the hand meets it last. Time is the number of references made before
/// the current one.
/// </summary>
internal sealed class WsClockModel(int frames, long window) : ICacheModel
{
    // Clock order: the hand is at _ring[_hand], and the sweep goes up the list, wrapping.
    private readonly List<Page> _ring = [];
    private int _hand;
    private long _now = -1;

    public int? Reference(int page, bool write)
    {
        _now++;
        if (_ring.Find(p => p.Number == page) is { } resident)
        {
            resident.Referenced = true;
            resident.Dirty |= write;
            return null;
        }

        int? evicted = null;
        if (_ring.Count == frames)
        {
            var victim = Victim();
            evicted = _ring[victim].Number;
            _ring.RemoveAt(victim);
            _hand = victim;
        }

        // Just behind the hand, which stays on the page it was on (or the one after the victim).
        _hand = _ring.Count == 0 ? 0 : _hand % _ring.Count;
        _ring.Insert(_hand, new Page(page) { Referenced = true, Dirty = write, LastUse = _now });
        _hand++;
        return evicted;
    }

    private int Victim()
    {
        for (var i = 0; i < _ring.Count; i++)
        {
            var at = (_hand + i) % _ring.Count;
            var page = _ring[at];
            if (page.Referenced)
            {
                page.Referenced = false;
                page.LastUse = _now;
            }
            else if (_now - page.LastUse > window)
            {
                if (!page.Dirty)
                {
                    return at;
                }

                page.Dirty = false;
            }
        }

        var oldest = -1;
        for (var i = 0; i < _ring.Count; i++)
        {
            var at = (_hand + i) % _ring.Count;
            var page = _ring[at];
            if (_now - page.LastUse > window && !page.Dirty)
            {
                return at;
            }

            if (oldest < 0 || page.LastUse < _ring[oldest].LastUse)
            {
                oldest = at;
            }
        }

        return oldest;
    }

    private sealed class Page(int number)
    {
        public int Number { get; } = number;

        public bool Referenced { get; set; }

        public bool Dirty { get; set; }

        public long LastUse { get; set; }
    }
}
