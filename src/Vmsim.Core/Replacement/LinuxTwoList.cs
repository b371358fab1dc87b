using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Linux's two-list LRU, as <c>mm/vmscan.c</c> runs it for mapped pages, with the refault
/// distance of <c>mm/workingset.c</c>. Pages sit on an inactive or an active list, newest
/// first, and the kernel learns of use only from the accessed ("young") bits of the page
/// table entries, which reclaim reads and clears through the reverse map
/// (<c>folio_referenced</c>). A faulted page starts at the head of the inactive list. Reclaim
/// first keeps the inactive list at least as long as the active one, moving pages from the
/// active tail to the inactive head with their bits cleared (<c>shrink_active_list</c>; the
/// inactive ratio is 1 below a gigabyte). Then it walks the inactive list from its tail
/// (<c>shrink_folio_list</c>): a page found young whose <c>PG_referenced</c> flag is set was
/// used in two scan intervals and is activated (flag cleared); a page found young for the
/// first time gets the flag and goes back to the inactive head; the first page found not
/// young is the victim. So a page touched once, at its fault, is evicted on the scan after
/// next unless touched again, and a page touched again is promoted.
/// Every eviction leaves a shadow entry stamped with the nonresident age, a counter that
/// evictions and activations advance. A page faulted back in has a refault distance of the
/// age now minus its stamp; if that is no larger than the active list (the workingset), the
/// page would have stayed resident had the inactive list been that much longer, and it goes
/// straight to the active list (<c>workingset_refault</c>).
/// Parameters: inactive ratio 1; shadow entries for as many pages as there are frames.
/// Source: Linux <c>mm/vmscan.c</c> (<c>folio_check_references</c>, <c>shrink_active_list</c>,
/// <c>inactive_is_low</c>) and <c>mm/workingset.c</c> (J. Weiner, "mm: thrash detection-based
/// file cache sizing", Linux 3.15, 2014); the design goes back to R. van Riel's split LRU
/// (Linux 2.6.28).
/// </summary>
/// <remarks>
/// The policy asks to see no hits: like the kernel, it knows only what the accessed bits
/// say when reclaim looks. Shadow entries older than the last <c>frames</c> evictions could
/// never pass the distance test (the distance would exceed the active list), so keeping
/// that many loses nothing. Not modelled: separate anon and file lists and the scan balance
/// between them, the protection of executable file pages, batching of scans, and the
/// multi-generational LRU. Pages that cannot be evicted are passed over with their bits
/// untouched. When the last resident page is released the shadows and the age are forgotten.
/// </remarks>
public sealed class LinuxTwoList : IReplacementPolicy, IGhostKeeper
{
    // Head = the Linux list tail (oldest), tail = the Linux list head (newest).
    private FrameList _inactive = new(0);
    private FrameList _active = new(0);
    private bool[] _referenced = [];

    private GhostTable _shadows = new(0);
    private long[] _shadowStamp = [];
    private FrameList _shadowAge = new(0);
    private int[] _asidOf = [];
    private PageNumber[] _pageOf = [];
    private long _nonresidentAge;
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "linux";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>Pages on the inactive list.</summary>
    public int InactiveCount => _inactive.Count;

    /// <summary>Pages on the active list.</summary>
    public int ActiveCount => _active.Count;

    /// <summary>The nonresident age: evictions plus activations so far.</summary>
    public long NonresidentAge => _nonresidentAge;

    /// <summary>Shadow entries of evicted pages.</summary>
    public int ShadowCount => _shadows.Count;

    /// <summary>True when the page in <paramref name="frame"/> is on the active list.</summary>
    public bool IsActive(FrameNumber frame) => _active.Contains(frame);

    /// <summary>True when the page in <paramref name="frame"/> has <c>PG_referenced</c> set.</summary>
    public bool IsReferenced(FrameNumber frame) => _referenced[frame.Value];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        _inactive = new FrameList(n);
        _active = new FrameList(n);
        _referenced = new bool[n];
        _shadows = new GhostTable(n);
        _shadowStamp = new long[n];
        _shadowAge = new FrameList(n);
        _asidOf = new int[n];
        _pageOf = new PageNumber[n];
        _nonresidentAge = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _asidOf[frame.Value] = access.Asid;
        _pageOf[frame.Value] = access.Page;
        _referenced[frame.Value] = false;
        var g = _shadows.Find(access.Asid, access.Page);
        if (g >= 0)
        {
            var distance = _nonresidentAge - _shadowStamp[g];
            Forget(g);
            if (distance <= _active.Count)
            {
                // A refault within the workingset: activate at once, which ages too.
                _active.AddLast(frame);
                _nonresidentAge++;
                return;
            }
        }

        _inactive.AddLast(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (!_inactive.Remove(frame) && !_active.Remove(frame))
        {
            return;
        }

        _referenced[frame.Value] = false;
        if (reason == RemovalReason.Evicted)
        {
            Shadow(frame);
        }
        else if (_inactive.Count + _active.Count == 0)
        {
            while (_shadowAge.Count > 0)
            {
                Forget(_shadowAge.Head.Value);
            }

            _nonresidentAge = 0;
        }
    }

    /// <inheritdoc/>
    public void OnAddressSpaceExit(int asid)
    {
        foreach (var slot in _shadows.SlotsOf(asid))
        {
            Forget(slot);
        }
    }

    /// <inheritdoc/>
    bool IGhostKeeper.Remembers(int asid) => _shadows.SlotsOf(asid).Count > 0;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        ShrinkActive(requireOneEvictable: false);
        var victim = ShrinkInactive();
        if (victim.IsValid)
        {
            return victim;
        }

        // The whole inactive list was activated or cannot go: deactivate more, as the next
        // reclaim pass would, and look again.
        return ShrinkActive(requireOneEvictable: true) ? ShrinkInactive() : FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var host = _host!;
        var order = PolicyViews.FromList(_inactive, f => $"inactive{(_referenced[f.Value] ? ", referenced" : string.Empty)}, young {PolicyViews.Bit(host.IsAccessed(f), 'A')}");
        order.AddRange(PolicyViews.FromList(_active, f => $"active, young {PolicyViews.Bit(host.IsAccessed(f), 'A')}"));
        return new PolicyView(
            $"inactive {_inactive.Count}, active {_active.Count}; nonresident age {_nonresidentAge}, {_shadows.Count} shadow entries; " +
            "reclaim scans the inactive list from its oldest page",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    // Moves pages from the oldest end of the active list to the newest end of the inactive
    // list, clearing their accessed bits, while the inactive list is shorter than the active
    // one; with requireOneEvictable, also until one evictable page has moved. Returns true
    // when an evictable page moved.
    private bool ShrinkActive(bool requireOneEvictable)
    {
        var host = _host!;
        var moved = false;
        var f = _active.Head;
        while (f.IsValid && (_inactive.Count < _active.Count || (requireOneEvictable && !moved)))
        {
            var next = _active.Next(f);
            if (host.CanEvict(f))
            {
                // folio_referenced clears the young bits; a referenced mapped page that is
                // not executable is deactivated all the same.
                host.TestAndClearAccessed(f);
                _active.Remove(f);
                _referenced[f.Value] = false;
                _inactive.AddLast(f);
                moved = true;
            }

            f = next;
        }

        return moved;
    }

    // Walks the inactive list from its oldest page. Pages sent back to the newest end are
    // met again before the walk ends, by then with their bits clear unless activated.
    private FrameNumber ShrinkInactive()
    {
        var host = _host!;
        var f = _inactive.Head;
        while (f.IsValid)
        {
            var next = _inactive.Next(f);
            if (host.CanEvict(f))
            {
                if (!host.TestAndClearAccessed(f))
                {
                    return f;
                }

                if (_referenced[f.Value])
                {
                    _referenced[f.Value] = false;
                    _inactive.Remove(f);
                    _active.AddLast(f);
                    _nonresidentAge++;
                }
                else
                {
                    _referenced[f.Value] = true;
                    if (next.IsValid)
                    {
                        _inactive.MoveToLast(f);
                    }
                    else
                    {
                        // Already the newest: look at it again at once, now with its bit clear.
                        continue;
                    }
                }
            }

            f = next;
        }

        return FrameNumber.None;
    }

    private void Shadow(FrameNumber frame)
    {
        var asid = _asidOf[frame.Value];
        var page = _pageOf[frame.Value];
        if (_host!.HasEnded(asid))
        {
            // The eviction still ages the inactive list; a page nobody can fault again leaves no shadow.
            _nonresidentAge++;
            return;
        }

        var old = _shadows.Find(asid, page);
        if (old >= 0)
        {
            Forget(old);
        }

        if (_shadows.IsFull)
        {
            Forget(_shadowAge.Head.Value);
        }

        var g = _shadows.Add(asid, page);
        _shadowStamp[g] = _nonresidentAge;
        _shadowAge.AddLast(new FrameNumber(g));

        // workingset_eviction reads the age, then advances it.
        _nonresidentAge++;
    }

    private void Forget(int slot)
    {
        _shadowAge.Remove(new FrameNumber(slot));
        _shadows.Remove(slot);
    }
}
