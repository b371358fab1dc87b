using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// LRU-K: evicts the page whose K-th most recent reference is the oldest (the largest
/// backward K-distance), so a page is judged by how often it is used, not only by how
/// recently. HIST(p) keeps the times of a page's last K uncorrelated references and LAST(p)
/// the time of its last reference. A reference within the correlated reference period
/// (CRP) of the last one belongs to the same burst and only updates LAST; an uncorrelated
/// one shifts HIST, moving the older entries forward by the burst's length, and records
/// itself as HIST(p, 1). Pages with fewer than K references have an infinite backward
/// K-distance and go first, the least recently used of them first (the paper's subsidiary
/// LRU). The history of an evicted page is retained, so a page faulted back in remembers
/// its earlier references. With K = 1 the policy is LRU.
/// Parameters: K = 2, CRP = 0 accesses (every reference uncorrelated), history retained
/// for as many evicted pages as there are frames, the oldest-evicted forgotten first, once
/// the faulting page has been looked up.
/// Source: E. J. O'Neil, P. E. O'Neil and G. Weikum, "The LRU-K page replacement algorithm
/// for database disk buffering", SIGMOD 1993.
/// </summary>
/// <remarks>
/// The policy sees every access. Resident pages stand in a binary heap ordered by
/// (HIST(p, K), LAST(p)), with infinite distances as the earliest time, so a hit or a load
/// costs O(log n) and a victim search pops only the pages that cannot be evicted (or are
/// within their CRP) before the victim, then puts them back. Ties, possible only with a CRP,
/// go to the lower frame number. The paper's retained information period is a time; here
/// the retained history is bounded by a count, which keeps memory fixed. The kernel evicts
/// before it loads the faulting page, so the victim's history is kept before the faulting
/// page's is looked up: one history more than the frames is kept until the load, which looks
/// the page up first and then forgets the oldest, as 2Q trims A1out (otherwise a page whose
/// history is the oldest would lose it to the victim's just before it is found). When the last
/// resident page is released the retained history is forgotten.
/// </remarks>
public sealed class LruK : IGhostTableKeeper
{
    private const long NoReference = -1;
    private readonly int _k;
    private readonly long _correlatedPeriod;

    // _history[f * K + i] is HIST(p, i + 1) of the page in frame f.
    private long[] _history = [];
    private long[] _last = [];
    private FrameHeap<OldestKthReference> _heap = new(0, default);

    // Retained history of evicted pages, per ghost slot, in the order they were evicted.
    private GhostQueue _ghosts = new(0);
    private long[] _ghostHistory = [];

    private IFrameHost? _host;

    /// <summary>Creates LRU-<paramref name="k"/> with correlated reference period <paramref name="correlatedPeriod"/> (in accesses).</summary>
    public LruK(int k = 2, long correlatedPeriod = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(correlatedPeriod);
        _k = k;
        _correlatedPeriod = correlatedPeriod;
    }

    /// <inheritdoc/>
    public string Name => "lru-k";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess;

    /// <summary>K: how many references back the policy looks.</summary>
    public int K => _k;

    /// <summary>The correlated reference period, in accesses.</summary>
    public long CorrelatedPeriod => _correlatedPeriod;

    /// <summary>HIST(p, K) of the page in <paramref name="frame"/>: the time of its K-th most recent uncorrelated reference, or -1 if it has fewer.</summary>
    public long KthReferenceOf(FrameNumber frame) => _history[(frame.Value * _k) + _k - 1];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        _history = new long[n * _k];
        _last = new long[n];
        _heap = new FrameHeap<OldestKthReference>(n, new OldestKthReference(_history, _last, _k));

        // One history more than the frames: the victim's is kept before the faulting page is looked up.
        _ghosts = new GhostQueue(n + 1);
        _ghostHistory = new long[(n + 1) * _k];
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var f = frame.Value;
        var identity = _host!.IdentityOf(frame);
        var h = f * _k;
        var g = _ghosts.Lookup.Find(identity);
        if (g >= 0)
        {
            Array.Copy(_ghostHistory, g * _k, _history, h + 1, _k - 1);
            _ghosts.Forget(g);
        }
        else
        {
            _history.AsSpan(h + 1, _k - 1).Fill(NoReference);
        }

        _history[h] = access.Time;
        _last[f] = access.Time;
        if (!_heap.Contains(f))
        {
            _heap.Add(f);
        }

        // The page has been looked up: now the oldest history may go, to keep as many as there are frames.
        _ghosts.TrimTo(_last.Length);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        var f = frame.Value;
        if (!_heap.Contains(f))
        {
            return;
        }

        var t = access.Time;
        var h = f * _k;
        if (t - _last[f] > _correlatedPeriod)
        {
            // A new, uncorrelated reference: the burst that ended at LAST(p) counts as one.
            var burst = _last[f] - _history[h];
            for (var i = _k - 1; i >= 1; i--)
            {
                _history[h + i] = _history[h + i - 1] == NoReference ? NoReference : _history[h + i - 1] + burst;
            }

            _history[h] = t;
        }

        _last[f] = t;

        // The key only grows, so the page can only sink.
        _heap.Later(f);
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (!_heap.Remove(frame.Value))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (_host!.IdentityOf(frame) is var page && page.CanRecur(_host))
            {
                Retain(frame, page);
            }
        }
        else if (_heap.Count == 0)
        {
            _ghosts.Clear();
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => _ghosts.Lookup;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var victim = Search(requireUncorrelated: _correlatedPeriod > 0);
        if (!victim.IsValid && _correlatedPeriod > 0)
        {
            // Every page that can go is within its correlated period: take the best of them.
            victim = Search(requireUncorrelated: false);
        }

        return victim;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var frames = _heap.InOrder();
        var order = new List<PolicyFrameNote>(frames.Length);
        foreach (var f in frames)
        {
            var kth = _history[(f * _k) + _k - 1];
            order.Add(new PolicyFrameNote(
                new FrameNumber(f),
                kth == NoReference ? $"fewer than {Plural.Count(_k, "reference")}, last t={_last[f]}" : $"{Ordinal(_k)} last reference t={kth}, last t={_last[f]}")
            {
                Time = kth == NoReference ? null : kth,
            });
        }

        return new PolicyView(
            $"K = {_k}, correlated period {_correlatedPeriod}; the oldest K-th last reference goes first, pages with fewer than K first of all; " +
            $"history kept for {Plural.Count(_ghosts.Count, "evicted page")}",
            order)
        {
            TimeIs = $"{Ordinal(_k)} last reference",
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private FrameNumber Search(bool requireUncorrelated)
    {
        var host = _host!;
        return requireUncorrelated
            ? _heap.FirstEvictable(host, new PastCorrelatedPeriod(_last, host.Now, _correlatedPeriod))
            : _heap.FirstEvictable(host);
    }

    // Keeps the history of the page in the frame, as the newest retained entry.
    private void Retain(FrameNumber frame, PageIdentity page)
    {
        var g = _ghosts.Remember(page);
        Array.Copy(_history, frame.Value * _k, _ghostHistory, g * _k, _k);
    }

    // A page whose last reference is older than the correlated period.
    private readonly struct PastCorrelatedPeriod(long[] last, long now, long period) : IFrameFilter
    {
        public bool Accepts(int frame) => now - last[frame] > period;
    }

    // The older K-th last reference first (none counts as the oldest), then the older last
    // reference, then the lower frame number.
    private readonly struct OldestKthReference(long[] history, long[] last, int k) : IFrameOrder
    {
        public bool Before(int a, int b)
        {
            var ka = history[(a * k) + k - 1];
            var kb = history[(b * k) + k - 1];
            if (ka != kb)
            {
                return ka < kb;
            }

            return last[a] != last[b] ? last[a] < last[b] : a < b;
        }
    }

    // 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st.
    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
