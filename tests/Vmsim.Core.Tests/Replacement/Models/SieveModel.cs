namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// SIEVE as Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson and K. V. Rashmi give it in "SIEVE is
/// simpler than LRU: an efficient turn-key eviction algorithm for web caches", NSDI 2024,
/// figure 2's pseudo-code: one queue, kept oldest first, a visited bit per page, and a hand
/// that rests on a page or on none (then it starts from the oldest). A hit sets the bit; a new
/// page joins the newest end with it clear. To evict, the hand moves towards the newer end,
/// clearing set bits, wrapping from the newest to the oldest, and evicts the first page whose
/// bit is clear; it then rests on the page that was next newer, or on none. A page that
/// <paramref name="canEvict"/> refuses is passed over as it stands, its bit neither read nor
/// cleared (docs/policies.md: a sweep does not clear the bits of pages that cannot go).
/// </summary>
internal sealed class SieveModel(int frames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly List<(int Page, bool Visited)> _oldestFirst = [];
    private int? _hand;

    public int? Reference(int page, bool write)
    {
        var i = _oldestFirst.FindIndex(e => e.Page == page);
        if (i >= 0)
        {
            _oldestFirst[i] = (page, true);
            return null;
        }

        int? evicted = null;
        if (_oldestFirst.Count == frames)
        {
            var o = _hand ?? 0;
            while (_oldestFirst[o].Visited || !(canEvict.Allows(_oldestFirst[o].Page)))
            {
                if (canEvict.Allows(_oldestFirst[o].Page))
                {
                    _oldestFirst[o] = (_oldestFirst[o].Page, false);
                }

                o = o + 1 < _oldestFirst.Count ? o + 1 : 0;
            }

            evicted = _oldestFirst[o].Page;
            _oldestFirst.RemoveAt(o);

            // The next newer page has taken index o, unless the victim was the newest.
            _hand = o < _oldestFirst.Count ? o : null;
        }

        _oldestFirst.Add((page, false));
        return evicted;
    }
}
