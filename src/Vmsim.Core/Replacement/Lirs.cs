using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// LIRS, low inter-reference recency set: pages are ranked by the recency of their
/// second-to-last reference (their last inter-reference recency, IRR), not their last.
/// Most frames hold LIR pages (small IRR), which are never evicted; a few hold resident
/// HIR pages, kept in a queue Q whose front is the victim. A stack S orders pages by
/// recency and holds every LIR page plus HIR pages, resident or not, more recent than the
/// least recent LIR page, which is always at the bottom (S is pruned of HIR entries
/// beneath it). A hit on a LIR page moves it to the top of S. A hit on a resident HIR page
/// that is still in S means its new IRR beats the bottom LIR page's recency: it becomes
/// LIR, and the bottom LIR page becomes HIR at the end of Q; a HIR page not in S just goes
/// to the top of S and the end of Q. A fault evicts the front of Q (a page evicted while in
/// S stays there as a non-resident HIR entry); the new page becomes LIR, demoting the
/// bottom LIR page, if S still holds it, and otherwise a resident HIR page at the end of Q.
/// Until the LIR set is full, new pages become LIR.
/// Parameters: resident HIR pages = 1% of the frames (at least 1, so LIR gets the rest);
/// at most as many non-resident HIR entries as frames, the oldest-evicted forgotten first,
/// once the faulting page has been looked up among them.
/// Source: S. Jiang and X. Zhang, "LIRS: an efficient low inter-reference recency set
/// replacement policy to improve buffer cache performance", SIGMETRICS 2002.
/// </summary>
/// <remarks>
/// The policy sees every access. Each step is O(1) amortised: pruning removes an entry of
/// S that earlier steps put there. The kernel evicts before it loads the faulting page, so
/// the victim's entry is made before the faulting page is looked up: S may hold one
/// non-resident entry more than the frames until the load, which looks the page up first and
/// then forgets the oldest, as 2Q trims A1out (otherwise a page whose entry is the oldest
/// would lose it to the victim's just before it is found). If no resident HIR page can be evicted (all pinned, or
/// none because frames went to other uses), the least recent evictable LIR page goes. A
/// released page leaves no entry; when the last resident page is released S is emptied.
/// With a single frame there is no room for a HIR page and the one frame is LIR.
/// </remarks>
public sealed class Lirs : IGhostTableKeeper
{
    private readonly double _hirFraction;

    // Ids in S: frames 0..c-1 are resident pages, c + slot is a non-resident HIR entry.
    private FrameList _stack = new(0);
    private FrameList _queue = new(0);
    private FrameList _ghostAge = new(0);
    private GhostTable _ghosts;
    private bool[] _isLir = [];
    private int _c;
    private int _lirCount;
    private IFrameHost? _host;

    /// <summary>Creates LIRS giving <paramref name="hirFraction"/> of the frames to resident HIR pages (1% by default, at least one frame).</summary>
    public Lirs(double hirFraction = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hirFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(hirFraction, 1.0);
        _hirFraction = hirFraction;
        _ghosts = new GhostTable(0, Forget);
    }

    /// <inheritdoc/>
    public string Name => "lirs";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>L_lirs: the most LIR pages there may be.</summary>
    public int LirLimit { get; private set; }

    /// <summary>L_hirs: the frames left for resident HIR pages.</summary>
    public int HirLimit { get; private set; }

    /// <summary>Resident pages with LIR status.</summary>
    public int LirCount => _lirCount;

    /// <summary>Resident HIR pages (the length of Q).</summary>
    public int ResidentHirCount => _queue.Count;

    /// <summary>Non-resident HIR entries in S.</summary>
    public int NonResidentCount => _ghosts.Count;

    /// <summary>True when the page in <paramref name="frame"/> has LIR status.</summary>
    public bool IsLir(FrameNumber frame) => _isLir[frame.Value];

    /// <summary>True when the page in <paramref name="frame"/> has an entry in the stack S.</summary>
    public bool InStack(FrameNumber frame) => _stack.Contains(frame);

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _c = host.FrameCount;
        HirLimit = _c < 2 ? 0 : Math.Max(1, (int)(_c * _hirFraction));
        LirLimit = _c - HirLimit;
        // One entry more than the frames: the victim's is made before the faulting page is looked up.
        _stack = new FrameList((2 * _c) + 1);
        _queue = new FrameList(_c);
        _ghosts = new GhostTable(_c + 1, Forget);
        _ghostAge = new FrameList(_c + 1);
        _isLir = new bool[_c];
        _lirCount = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var identity = _host!.IdentityOf(frame);
        var g = _ghosts.Find(identity);
        if (g >= 0)
        {
            // A non-resident HIR page still in S: its IRR is below the recency of the bottom LIR page.
            Forget(g);
            _stack.AddLast(frame);
            Promote(frame);
        }
        else if (_lirCount < LirLimit)
        {
            _isLir[frame.Value] = true;
            _lirCount++;
            _stack.AddLast(frame);
        }
        else
        {
            _isLir[frame.Value] = false;
            _stack.AddLast(frame);
            _queue.AddLast(frame);
        }

        // The page has been looked up: now the oldest entry may go to keep S's bound.
        while (_ghosts.Count > _c)
        {
            Forget(_ghostAge.Head.Value);
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        if (_isLir[frame.Value])
        {
            var wasBottom = _stack.Head == frame;
            _stack.MoveToLast(frame);
            if (wasBottom)
            {
                Prune();
            }
        }
        else if (_stack.Contains(frame) || (_lirCount < LirLimit && _queue.Contains(frame)))
        {
            // In S, its IRR beats the bottom LIR page's recency; and while the LIR set is
            // short (after pages were released) any reused HIR page may join it.
            if (_stack.Contains(frame))
            {
                _stack.MoveToLast(frame);
            }
            else
            {
                _stack.AddLast(frame);
            }

            _queue.Remove(frame);
            Promote(frame);
        }
        else if (_queue.Contains(frame))
        {
            _stack.AddLast(frame);
            _queue.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (_isLir[frame.Value])
        {
            _isLir[frame.Value] = false;
            _lirCount--;
            var wasBottom = _stack.Head == frame;
            _stack.Remove(frame);
            if (wasBottom)
            {
                Prune();
            }
        }
        else if (_queue.Remove(frame) && _stack.Contains(frame))
        {
            if (reason == RemovalReason.Evicted && _host!.IdentityOf(frame) is var page && page.CanRecur(_host))
            {
                BecomeNonResident(frame, page);
            }
            else
            {
                _stack.Remove(frame);
            }
        }

        if (reason == RemovalReason.Released && _lirCount + _queue.Count == 0)
        {
            while (_ghostAge.Count > 0)
            {
                Forget(_ghostAge.Head.Value);
            }
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => new(_ghosts);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var victim = _queue.FirstEvictable(host);
        if (victim.IsValid)
        {
            return victim;
        }

        for (var id = _stack.Head; id.IsValid; id = _stack.Next(id))
        {
            if (id.Value < _c && _isLir[id.Value] && host.CanEvict(id))
            {
                return id;
            }
        }

        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = PolicyViews.DescribedFromList(_queue, f => new PolicyFrameNote(f, _stack.Contains(f) ? "HIR, in S" : "HIR") { List = "HIR" });
        for (var id = _stack.Head; id.IsValid; id = _stack.Next(id))
        {
            if (id.Value < _c && _isLir[id.Value])
            {
                order.Add(PolicyViews.OnList(id, "LIR"));
            }
        }

        return new PolicyView(
            $"LIR {_lirCount} of {LirLimit}, resident HIR {_queue.Count} (L_hirs {HirLimit}), non-resident HIR in S {_ghosts.Count}, " +
            $"S holds {_stack.Count}; the front of Q goes next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    // The page at the top of S becomes LIR; if that makes one too many, the bottom LIR page
    // becomes a resident HIR page at the end of Q.
    private void Promote(FrameNumber frame)
    {
        _isLir[frame.Value] = true;
        _lirCount++;
        if (_lirCount > LirLimit)
        {
            Prune();
            var bottom = _stack.Head;
            _isLir[bottom.Value] = false;
            _lirCount--;
            _stack.Remove(bottom);
            _queue.AddLast(bottom);
            Prune();
        }
    }

    // Removes HIR entries from the bottom of S until a LIR page is there; the entries of
    // non-resident pages are forgotten with them.
    private void Prune()
    {
        while (_stack.Count > 0)
        {
            var id = _stack.Head;
            if (id.Value < _c)
            {
                if (_isLir[id.Value])
                {
                    return;
                }

                _stack.Remove(id);
            }
            else
            {
                Forget(id.Value - _c);
            }
        }
    }

    // The evicted HIR page keeps its place in S as a non-resident entry.
    private void BecomeNonResident(FrameNumber frame, PageIdentity page)
    {
        _ghosts.Forget(page);

        // Full only after two evictions without a load between them.
        if (_ghosts.IsFull)
        {
            Forget(_ghostAge.Head.Value);
        }

        var slot = _ghosts.Add(page);
        var id = new FrameNumber(_c + slot);
        _stack.AddBefore(frame, id);
        _stack.Remove(frame);
        _ghostAge.AddLast(new FrameNumber(slot));
    }

    private void Forget(int slot)
    {
        _stack.Remove(new FrameNumber(_c + slot));
        _ghostAge.Remove(new FrameNumber(slot));
        _ghosts.Remove(slot);
    }
}
