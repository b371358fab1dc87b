namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// LRU-K as E. J. O'Neil, P. E. O'Neil and G. Weikum give it in "The LRU-K page replacement
/// algorithm for database disk buffering", SIGMOD 1993, section 2.1's pseudo-code, with
/// <paramref name="k"/> and the correlated reference period <paramref name="crp"/> in
/// references. Time t counts references from 1; HIST(p, i) = 0 stands for no i-th reference
/// (an infinite backward distance), which stays 0 when an uncorrelated reference moves the
/// older entries forward by the burst's length. HIST(p) and LAST(p) are kept for resident
/// pages and retained for evicted ones.
/// The choices docs/policies.md states, in this model's terms:
/// - among pages whose HIST(q, K) is equal (0, fewer than K references), the least recently
///   used goes first, the paper's subsidiary policy;
/// - if every page is within its correlated period, the same order chooses as if none were;
/// - the retained information period is a count: the histories of as many evicted pages as
///   there are frames, the earliest evicted forgotten first, and only after the faulting page
///   has looked its own up;
/// - only pages that <paramref name="canEvict"/> allows are candidates, the correlated period
///   and the order applied among them.
/// </summary>
internal sealed class LruKModel(int frames, int k, long crp, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly List<int> _resident = [];
    private readonly List<int> _retainedEarliestFirst = [];
    private readonly Dictionary<int, (long[] Hist, long Last)> _history = [];
    private long _t;

    public int? Reference(int page, bool write)
    {
        _t++;
        if (_resident.Contains(page))
        {
            var (hist, last) = _history[page];
            if (_t - last > crp)
            {
                // An uncorrelated reference closes the burst that ended at LAST(p).
                var burst = last - hist[0];
                for (var i = k - 1; i >= 1; i--)
                {
                    hist[i] = hist[i - 1] == 0 ? 0 : hist[i - 1] + burst;
                }

                hist[0] = _t;
            }

            _history[page] = (hist, _t);
            return null;
        }

        int? victim = null;
        if (_resident.Count == frames)
        {
            victim = SelectVictim();
            _resident.Remove(victim.Value);
            _retainedEarliestFirst.Add(victim.Value);
        }

        long[] h;
        if (_retainedEarliestFirst.Remove(page))
        {
            h = _history[page].Hist;
            for (var i = k - 1; i >= 1; i--)
            {
                h[i] = h[i - 1];
            }
        }
        else
        {
            h = new long[k];
        }

        h[0] = _t;
        _history[page] = (h, _t);
        _resident.Add(page);
        if (_retainedEarliestFirst.Count > frames)
        {
            _history.Remove(_retainedEarliestFirst[0]);
            _retainedEarliestFirst.RemoveAt(0);
        }

        return victim;
    }

    // The page with the smallest HIST(q, K) among those outside their correlated period, the
    // least recently used first on a tie; all of them if none is outside.
    private int SelectVictim()
    {
        var evictable = _resident.Where(q => canEvict.Allows(q)).ToList();
        var eligible = evictable.Where(q => _t - _history[q].Last > crp).ToList();
        if (eligible.Count == 0)
        {
            eligible = evictable;
        }

        return eligible.OrderBy(q => _history[q].Hist[k - 1]).ThenBy(q => _history[q].Last).First();
    }
}
