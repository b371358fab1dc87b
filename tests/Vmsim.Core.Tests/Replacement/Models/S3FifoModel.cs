namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// S3-FIFO as J. Yang, Y. Zhang, Z. Qiu, Y. Yue and R. Vinayak give it in "FIFO queues are all
/// you need for cache eviction", SOSP 2023, algorithm 1 (READ, INSERT, EVICT, EVICTS, EVICTM):
/// a small FIFO S of <paramref name="small"/> pages' share, a main FIFO M, and a ghost FIFO G of
/// at most <paramref name="ghosts"/> pages, each kept oldest first, with a frequency counter
/// per resident page, 0 when it enters a queue, raised by each hit up to 3.
/// The choices docs/policies.md states, in this model's terms:
/// - S's oldest page moves to M when it was hit at least once in S (the paper's "accessed more
///   than once", counting the fault), with its counter back at 0;
/// - one eviction evicts one page: EVICTS moves hit pages to M without evicting from M in
///   between, until it evicts one of S's; if S runs out first, M gives the victim;
/// - INSERT evicts first and asks G about the faulting page after, so the victim's ghost can
///   push the faulting page's own out of G;
/// - a page that <paramref name="canEvict"/> refuses, when it would be evicted (no hit to move
///   it on), is passed over and keeps its place in its queue; a hit page moves on as usual,
///   since moving is not evicting; if S has no page to give, M gives the victim, and S if M has
///   none.
/// </summary>
internal sealed class S3FifoModel(int frames, int small, int ghosts, Func<int, bool>? canEvict = null) : ICacheModel
{
    private const int CounterCap = 3;

    private readonly List<int> _s = [];
    private readonly List<int> _m = [];
    private readonly List<int> _g = [];
    private readonly Dictionary<int, int> _count = [];

    public int? Reference(int page, bool write)
    {
        if (_count.TryGetValue(page, out var count))
        {
            _count[page] = Math.Min(count + 1, CounterCap);
            return null;
        }

        int? evicted = null;
        if (_s.Count + _m.Count == frames)
        {
            evicted = Evict();
        }

        (_g.Remove(page) ? _m : _s).Add(page);
        _count[page] = 0;
        return evicted;
    }

    private int Evict() => _s.Count >= small ? EvictS() ?? EvictM() ?? EvictS()!.Value : EvictM() ?? EvictS()!.Value;

    private int? EvictS()
    {
        var at = 0;
        while (at < _s.Count)
        {
            var oldest = _s[at];
            if (_count[oldest] > 0)
            {
                _s.RemoveAt(at);
                _m.Add(oldest);
                _count[oldest] = 0;
            }
            else if (!CanEvict(oldest))
            {
                at++;
            }
            else
            {
                _s.RemoveAt(at);
                _count.Remove(oldest);
                _g.Add(oldest);
                if (_g.Count > ghosts)
                {
                    _g.RemoveAt(0);
                }

                return oldest;
            }
        }

        return null;
    }

    // M's oldest pages are reinserted, their counters lowered, until one at 0 that can go is
    // found; pages at 0 that cannot go keep their places. Null when no page of M can go.
    private int? EvictM()
    {
        if (!_m.Any(CanEvict))
        {
            return null;
        }

        var at = 0;
        while (true)
        {
            var oldest = _m[at];
            if (_count[oldest] > 0)
            {
                _m.RemoveAt(at);
                _count[oldest]--;
                _m.Add(oldest);
            }
            else if (!CanEvict(oldest))
            {
                at++;
            }
            else
            {
                _m.RemoveAt(at);
                _count.Remove(oldest);
                return oldest;
            }
        }
    }

    private bool CanEvict(int page) => canEvict.Allows(page);
}
