using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// ARC, the adaptive replacement cache: two LRU lists of resident pages, T1 for pages seen
/// once recently and T2 for pages seen at least twice, each with a ghost list of pages it
/// recently evicted (B1, B2; identities only). A hit moves a page to the most recent end of
/// T2. A fault on a page remembered in B1 says T1 was too small, and raises the target size
/// p of T1 by max(1, |B2|/|B1|); one remembered in B2 lowers it by max(1, |B1|/|B2|); either
/// way the page goes to T2. Any other page goes to T1. The victim is the least recent page
/// of T1 when |T1| exceeds p, else of T2, and it is remembered in the matching ghost list.
/// The directory is kept as the paper keeps it: |T1| + |B1| at most c, all four lists at
/// most 2c, where c is the number of frames. Parameters: none; p starts at 0.
/// Source: N. Megiddo and D. S. Modha, "ARC: a self-tuning, low overhead replacement
/// cache", FAST 2003 (figure 4).
/// </summary>
/// <remarks>
/// The kernel names the faulting page before it asks for a victim (<see cref="OnMiss"/>),
/// so a ghost hit adapts p first and the victim is then chosen with the new p, with the
/// paper's tie rule (take from T1 when |T1| = p and the faulting page is in B2), as in
/// figure 4. The paper's directory steps for a page in no list (dropping the LRU ghost of
/// B1 or B2) are taken when the page is loaded, after the replacement: they commute with
/// it, so they give the paper's lists exactly. A page released by munmap or exit leaves no
/// ghost, and when the last resident page is released the policy forgets its ghosts and p
/// and starts afresh.
/// </remarks>
public sealed class Arc : IReplacementPolicy, IGhostKeeper
{
    // Resident lists, head = least recently used; the ghost lists B1 and B2 are in _ghosts.
    private FrameList _t1 = new(0);
    private FrameList _t2 = new(0);
    private ArcGhostLists _ghosts = new(0);
    private int[] _asidOf = [];
    private PageNumber[] _pageOf = [];
    private int _c;
    private double _p;

    // The page of the fault in progress and where OnMiss found its ghost: 1 in B1, 2 in B2,
    // 0 in neither (or no fault in progress).
    private int _missAsid;
    private PageNumber _missPage;
    private int _missGhostList;
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "arc";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>The adaptive target size p of T1, between 0 and the number of frames.</summary>
    public double Target => _p;

    /// <summary>|T1|: resident pages seen once since they were last brought in.</summary>
    public int RecencyCount => _t1.Count;

    /// <summary>|T2|: resident pages seen at least twice.</summary>
    public int FrequencyCount => _t2.Count;

    /// <summary>|B1|: ghosts of pages evicted from T1.</summary>
    public int RecencyGhostCount => _ghosts.B1.Count;

    /// <summary>|B2|: ghosts of pages evicted from T2.</summary>
    public int FrequencyGhostCount => _ghosts.B2.Count;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _c = host.FrameCount;
        _t1 = new FrameList(_c);
        _t2 = new FrameList(_c);

        // The directory holds at most 2c pages, so at most 2c ghosts even with few resident.
        _ghosts = new ArcGhostLists(2 * _c);
        _asidOf = new int[_c];
        _pageOf = new PageNumber[_c];
        _p = 0;
    }

    /// <inheritdoc/>
    public void OnMiss(int asid, PageNumber page)
    {
        (_missAsid, _missPage, _missGhostList) = (asid, page, 0);
        var g = _ghosts.Find(asid, page);
        if (g < 0)
        {
            return;
        }

        // Case II (a ghost of B1: T1 evicted it too early) raises T1's target, case III (B2)
        // lowers it, before replacing.
        var fromB1 = _ghosts.InB1(g);
        _p = _ghosts.AdaptedTarget(_p, _c, fromB1);
        _missGhostList = fromB1 ? 1 : 2;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _asidOf[frame.Value] = access.Asid;
        _pageOf[frame.Value] = access.Page;
        var ghostHit = _missGhostList != 0 && _missAsid == access.Asid && _missPage == access.Page;
        _missGhostList = 0;
        if (ghostHit)
        {
            // Cases II and III: p was adapted in OnMiss; the page joins T2 and leaves its ghost list.
            if (_ghosts.Find(access.Asid, access.Page) is var g and >= 0)
            {
                _ghosts.Forget(g);
            }

            _t2.AddLast(frame);
            return;
        }

        // Case IV: a page not in the directory; keep |L1| <= c and |L1| + |L2| <= 2c.
        _ghosts.MakeRoomForNewPage(_t1.Count, _t2.Count, _c);
        _t1.AddLast(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        if (_t1.Remove(frame))
        {
            _t2.AddLast(frame);
        }
        else if (_t2.Contains(frame))
        {
            _t2.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var fromT1 = _t1.Remove(frame);
        if (!fromT1 && !_t2.Remove(frame))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (!_host!.HasEnded(_asidOf[frame.Value]))
            {
                _ghosts.Remember(_asidOf[frame.Value], _pageOf[frame.Value], toB2: !fromT1);
            }
        }
        else if (_t1.Count + _t2.Count == 0)
        {
            Reset();
        }
    }

    /// <inheritdoc/>
    public void OnAddressSpaceExit(int asid)
    {
        _ghosts.ForgetAddressSpace(asid);
    }

    /// <inheritdoc/>
    bool IGhostKeeper.Remembers(int asid) => _ghosts.Remembers(asid);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        // REPLACE(x, p): T1's least recent page when |T1| exceeds p, or equals it and the
        // faulting page x is a ghost of B2; otherwise T2's.
        var fromT1 = _t1.Count > 0 && (_t1.Count > _p || (_missGhostList == 2 && _t1.Count == _p));
        var victim = (fromT1 ? _t1 : _t2).FirstEvictable(_host!);
        return victim.IsValid ? victim : (fromT1 ? _t2 : _t1).FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var fromT1 = _t1.Count > 0 && _t1.Count > _p;
        var order = PolicyViews.FromList(fromT1 ? _t1 : _t2, _ => fromT1 ? "T1" : "T2");
        order.AddRange(PolicyViews.FromList(fromT1 ? _t2 : _t1, _ => fromT1 ? "T2" : "T1"));
        return new PolicyView(
            $"p = {_p:0.##} (target size of T1); T1 {_t1.Count}, T2 {_t2.Count}, B1 ghosts {_ghosts.B1.Count}, B2 ghosts {_ghosts.B2.Count}; " +
            $"the least recent page of {(fromT1 ? "T1" : "T2")} goes next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private void Reset()
    {
        _ghosts.Clear();

        _p = 0;
        _missGhostList = 0;
    }
}
