using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Linux's split LRU, as <c>mm/vmscan.c</c> runs it for mapped pages, with the refault
/// distance of <c>mm/workingset.c</c>. Anonymous pages (swap-backed: private anonymous
/// memory and shared anonymous memory) and file pages each have an inactive and an active
/// list, newest first, and the kernel learns of use only from the accessed ("young") bits
/// of the page-table entries, which reclaim reads and clears through the reverse map
/// (<c>folio_referenced</c>). A faulted page starts at the head of its kind's inactive list.
/// <para>
/// Which kind to reclaim (<c>get_scan_count</c>): file pages only when no swap slot is
/// free; file pages only while the inactive file list is at least as long as the active
/// one and no file page has refaulted since the last reclaim (cache trim mode: plenty of
/// page cache that is not in use, so the anonymous working set is left alone); otherwise
/// both, in proportion to <c>swappiness</c> (0 to 200; anonymous pages get
/// swappiness / 200 of the pressure at equal cost) divided by each kind's recent reclaim
/// cost. A kind's cost grows by one for each page its scans found in use and kept, and by
/// 32 (<c>SWAP_CLUSTER_MAX</c>) for each page written out on reclaim and each page of that
/// kind that refaulted into its workingset; both costs are halved when their sum passes a
/// quarter of the resident pages (<c>lru_note_cost</c>). The proportion is kept exactly by
/// taking each victim from the kind furthest behind its share.
/// </para>
/// <para>
/// Within a kind, reclaim first keeps the inactive list at least as long as the active one,
/// moving pages from the active tail to the inactive head with their bits cleared and their
/// <c>PG_referenced</c> flags kept (<c>shrink_active_list</c>; the inactive ratio is 1 below
/// a gigabyte). Then it walks the inactive list from its tail (<c>shrink_folio_list</c>,
/// <c>folio_check_references</c>): a page found young gets the flag; if it had the flag
/// already (used in two scan intervals, or activated before and deactivated while in use)
/// or was young in more than one page-table entry, it is activated, keeping the flag;
/// otherwise it goes back to the inactive head. The first page found not young is the
/// victim. If the kind chosen has no victim, the other is tried.
/// </para>
/// <para>
/// Every eviction leaves a shadow entry stamped with the nonresident age, a counter that
/// evictions and activations advance. A page faulted back in has a refault distance of the
/// age now minus its stamp; if that is no larger than the workingset it competes with, the
/// page would have stayed resident had its inactive list been that much longer, and it goes
/// straight to its active list (<c>workingset_refault</c>, <c>workingset_test_recent</c>):
/// for a file page the active file pages, plus all anonymous pages when swap is free; for
/// an anonymous page all file pages, plus the active anonymous pages when swap is free.
/// </para>
/// Parameters: swappiness 60; inactive ratio 1; shadow entries for as many pages as there are frames.
/// Source: Linux <c>mm/vmscan.c</c> (<c>get_scan_count</c>, <c>prepare_scan_count</c>,
/// <c>folio_check_references</c>, <c>shrink_active_list</c>, <c>inactive_is_low</c>),
/// <c>mm/swap.c</c> (<c>lru_note_cost</c>) and <c>mm/workingset.c</c> (J. Weiner, "mm:
/// thrash detection-based file cache sizing", Linux 3.15, 2014, and "mm: workingset:
/// age nonresident information alongside anonymous pages", Linux 5.9, 2020); the split
/// LRU is R. van Riel's (Linux 2.6.28).
/// </summary>
/// <remarks>
/// The policy asks to see no hits: like the kernel, it knows only what the accessed bits
/// say when reclaim looks. Shadow entries older than the last <c>frames</c> evictions could
/// never pass the distance test, so keeping that many loses nothing. Not modelled: the
/// protection of executable file pages, reclaim in batches of 32 pages at falling
/// priorities (one victim is taken at a time, so the cache trim test asks only that the
/// inactive file list be not low, where Linux also wants it larger than 2^priority pages),
/// the last-resort equal scan, control groups, and the multi-generational LRU. Pages that
/// cannot be evicted are passed over with their bits untouched. When the last resident page
/// is released the shadows, the age and the costs are forgotten.
/// </remarks>
public sealed class LinuxTwoList : IGhostTableKeeper
{
    // SWAP_CLUSTER_MAX: what one page written out or refaulted costs, against one rotated.
    private const int IoCost = 32;

    private readonly int _swappiness;

    // Anonymous lists first, file lists second.
    private readonly Lists _anon = new();
    private readonly Lists _file = new();
    private bool[] _referenced = [];
    private bool[] _swapBacked = [];

    private GhostQueue _shadows = new(0);
    private long[] _shadowStamp = [];
    private long _nonresidentAge;
    private bool _fileRefaulted;
    private double _anonShare;
    private double _fileShare;
    private IFrameHost? _host;

    /// <summary>Creates the policy with <paramref name="swappiness"/> from 0 (file pages only while there are any) to 200 (anonymous pages only).</summary>
    public LinuxTwoList(int swappiness = 60)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(swappiness);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(swappiness, 200);
        _swappiness = swappiness;
    }

    /// <inheritdoc/>
    public string Name => "linux";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>Pages on the inactive lists, both kinds.</summary>
    public int InactiveCount => _anon.Inactive.Count + _file.Inactive.Count;

    /// <summary>Pages on the active lists, both kinds.</summary>
    public int ActiveCount => _anon.Active.Count + _file.Active.Count;

    /// <summary>The lengths of the inactive and active lists of anonymous (<paramref name="anonymous"/>) or file pages.</summary>
    public (int Inactive, int Active) LengthsOf(bool anonymous) => anonymous
        ? (_anon.Inactive.Count, _anon.Active.Count)
        : (_file.Inactive.Count, _file.Active.Count);

    /// <summary>The nonresident age: evictions plus activations so far.</summary>
    public long NonresidentAge => _nonresidentAge;

    /// <summary>Shadow entries of evicted pages.</summary>
    public int ShadowCount => _shadows.Count;

    /// <summary>True when the page in <paramref name="frame"/> is on an active list.</summary>
    public bool IsActive(FrameNumber frame) => _anon.Active.Contains(frame) || _file.Active.Contains(frame);

    /// <summary>True when the page in <paramref name="frame"/> has <c>PG_referenced</c> set.</summary>
    public bool IsReferenced(FrameNumber frame) => _referenced[frame.Value];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        _anon.Reset(n);
        _file.Reset(n);
        _referenced = new bool[n];
        _swapBacked = new bool[n];
        _shadows = new GhostQueue(n);
        _shadowStamp = new long[n];
        ForgetHistory();
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var f = frame.Value;
        var identity = _host!.IdentityOf(frame);
        _referenced[f] = false;
        _swapBacked[f] = _host!.IsSwapBacked(frame);
        var lists = KindOf(frame);
        var g = _shadows.Lookup.Find(identity);
        if (g >= 0)
        {
            var distance = _nonresidentAge - _shadowStamp[g];
            _shadows.Forget(g);
            if (distance <= WorkingsetSize(_swapBacked[f]))
            {
                // A refault within the workingset: activate at once, which ages too, and
                // count it against the kind whose reclaim was a mistake.
                lists.Active.AddLast(frame);
                _nonresidentAge++;
                NoteCost(lists, IoCost);
                _fileRefaulted |= !_swapBacked[f];
                return;
            }
        }

        lists.Inactive.AddLast(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var lists = KindOf(frame);
        if (!lists.Inactive.Remove(frame) && !lists.Active.Remove(frame))
        {
            return;
        }

        _referenced[frame.Value] = false;
        if (reason == RemovalReason.Evicted)
        {
            Shadow(frame);
        }
        else if (InactiveCount + ActiveCount == 0)
        {
            _shadows.Clear();
            ForgetHistory();
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => _shadows.Lookup;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var first = ChooseKind();
        _fileRefaulted = false;
        var victim = Reclaim(first);
        if (!victim.IsValid)
        {
            victim = Reclaim(first == _anon ? _file : _anon);
        }

        if (victim.IsValid && _host!.IsDirty(victim))
        {
            // pageout: the write on reclaim is the dearest part of taking this kind.
            NoteCost(KindOf(victim), IoCost);
        }

        return victim;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var host = _host!;
        var (first, balance, share) = Balance();
        var second = first == _anon ? _file : _anon;
        PolicyFrameNote Note(FrameNumber f, string list)
        {
            var young = host.IsAccessed(f);
            var kind = _swapBacked[f.Value] ? "anon" : "file";
            return new PolicyFrameNote(f, $"{list} {kind}{(_referenced[f.Value] ? ", referenced" : string.Empty)}, young {PolicyViews.Bit(young, 'A')}")
            {
                List = $"{list} {kind}",
                Referenced = young,
            };
        }

        var order = PolicyViews.DescribedFromList(first.Inactive, f => Note(f, "inactive"));
        order.AddRange(PolicyViews.DescribedFromList(second.Inactive, f => Note(f, "inactive")));
        order.AddRange(PolicyViews.DescribedFromList(first.Active, f => Note(f, "active")));
        order.AddRange(PolicyViews.DescribedFromList(second.Active, f => Note(f, "active")));
        return new PolicyView(
            $"anon: inactive {_anon.Inactive.Count}, active {_anon.Active.Count}, cost {_anon.Cost}; file: inactive {_file.Inactive.Count}, active {_file.Active.Count}, cost {_file.Cost}; " +
            $"swappiness {_swappiness}; reclaim takes {Describe(balance, share)}, {(first == _anon ? "anon" : "file")} next; nonresident age {_nonresidentAge}, {_shadows.Count} shadow entries",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    // The lists of the kind of page in the frame.
    private Lists KindOf(FrameNumber frame) => _swapBacked[frame.Value] ? _anon : _file;

    // Why reclaim takes the kind it takes (get_scan_count's scan balance).
    private enum ScanBalance
    {
        // No swap slot is free: file pages.
        NoFreeSwap,

        // Plenty of inactive page cache and no file refaults: file pages.
        CacheTrim,

        // Both kinds, in proportion to swappiness over their costs.
        Fraction,
    }

    // get_scan_count: the kind to reclaim from first. In proportion, each victim comes from
    // the kind furthest behind its share of the victims so far.
    private Lists ChooseKind()
    {
        var (kind, balance, share) = Balance();
        if (balance == ScanBalance.Fraction)
        {
            _anonShare += share;
            _fileShare += 1 - share;
            if (kind == _anon)
            {
                _anonShare -= 1;
            }
            else
            {
                _fileShare -= 1;
            }
        }

        return kind;
    }

    // The kind the next victim comes from first, why, and the anonymous share of the pressure.
    private (Lists Kind, ScanBalance Balance, double AnonShare) Balance()
    {
        if (!_host!.HasFreeSwap)
        {
            return (_file, ScanBalance.NoFreeSwap, 0);
        }

        if (_file.Inactive.Count > 0 && _file.Inactive.Count >= _file.Active.Count && !_fileRefaulted)
        {
            return (_file, ScanBalance.CacheTrim, 0);
        }

        // SCAN_FRACT: swappiness against 200 - swappiness, each divided by its kind's cost.
        var total = _anon.Cost + _file.Cost;
        var anonCost = total + _anon.Cost;
        var fileCost = total + _file.Cost;
        total = anonCost + fileCost;
        var ap = (double)_swappiness * (total + 1) / (anonCost + 1);
        var fp = (double)(200 - _swappiness) * (total + 1) / (fileCost + 1);
        var share = ap + fp == 0 ? 0 : ap / (ap + fp);
        return (_anonShare + share > _fileShare + (1 - share) ? _anon : _file, ScanBalance.Fraction, share);
    }

    private static string Describe(ScanBalance balance, double anonShare) => balance switch
    {
        ScanBalance.NoFreeSwap => "file pages (no free swap slot)",
        ScanBalance.CacheTrim => "file pages (cache trim mode: the inactive file list is not low and no file page refaulted)",
        _ => $"both kinds, {(int)Math.Round(anonShare * 100)}% of the pressure on anonymous pages (swappiness over the recent costs)",
    };

    // workingset_test_recent: what a refaulting page of this kind competes with.
    private long WorkingsetSize(bool anonymous)
    {
        long size = _file.Active.Count;
        if (anonymous)
        {
            size += _file.Inactive.Count;
        }

        if (_host!.HasFreeSwap)
        {
            size += _anon.Active.Count;
            if (!anonymous)
            {
                size += _anon.Inactive.Count;
            }
        }

        return size;
    }

    // lru_note_cost: adds to a kind's cost and halves both once they outgrow a quarter of the resident pages.
    private void NoteCost(Lists lists, long cost)
    {
        lists.Cost += cost;
        if (_anon.Cost + _file.Cost > (InactiveCount + ActiveCount) / 4)
        {
            _anon.Cost /= 2;
            _file.Cost /= 2;
        }
    }

    private void ForgetHistory()
    {
        _nonresidentAge = 0;
        _anon.Cost = 0;
        _file.Cost = 0;
        _anonShare = 0;
        _fileShare = 0;
        _fileRefaulted = false;
    }

    // One kind's reclaim: balance its lists, then scan its inactive list; if everything there
    // was activated or cannot go, deactivate more, as the next reclaim pass would, and look again.
    private FrameNumber Reclaim(Lists lists)
    {
        ShrinkActive(lists, requireOneEvictable: false);
        var victim = ShrinkInactive(lists);
        if (victim.IsValid)
        {
            return victim;
        }

        return ShrinkActive(lists, requireOneEvictable: true) ? ShrinkInactive(lists) : FrameNumber.None;
    }

    // Moves pages from the oldest end of the active list to the newest end of the inactive
    // list, clearing their accessed bits, while the inactive list is shorter than the active
    // one; with requireOneEvictable, also until one evictable page has moved. Returns true
    // when an evictable page moved.
    private bool ShrinkActive(Lists lists, bool requireOneEvictable)
    {
        var host = _host!;
        var moved = false;
        var f = lists.Active.Head;
        while (f.IsValid && (lists.Inactive.Count < lists.Active.Count || (requireOneEvictable && !moved)))
        {
            var next = lists.Active.Next(f);
            if (host.CanEvict(f))
            {
                // folio_referenced clears the young bits; a referenced mapped page that is
                // not executable is deactivated all the same (aged, not spared). PG_referenced
                // stays as it is, so a page deactivated while in use comes back at its next
                // young sighting.
                host.ClearAccessed(f);
                lists.Active.Remove(f);
                lists.Inactive.AddLast(f);
                moved = true;
            }

            f = next;
        }

        return moved;
    }

    // Walks the inactive list from its oldest page. Pages sent back to the newest end are
    // met again before the walk ends, by then with their bits clear unless activated. Each
    // page kept costs its kind one.
    private FrameNumber ShrinkInactive(Lists lists)
    {
        var host = _host!;
        var f = lists.Inactive.Head;
        while (f.IsValid)
        {
            var next = lists.Inactive.Next(f);
            if (host.CanEvict(f))
            {
                var young = host.CountAndClearAccessed(f);
                if (young == 0)
                {
                    return f;
                }

                // folio_check_references: the flag is set for activated pages too, so that
                // a page deactivated later but still in use is quickly recovered; a page
                // young in two mappings at once was used more than once.
                NoteCost(lists, 1);
                var referenced = _referenced[f.Value];
                _referenced[f.Value] = true;
                if (referenced || young > 1)
                {
                    lists.Inactive.Remove(f);
                    lists.Active.AddLast(f);
                    _nonresidentAge++;
                }
                else
                {
                    if (next.IsValid)
                    {
                        lists.Inactive.MoveToLast(f);
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
        // The newest shadow entry replaces an older one of the page; when full, the oldest
        // goes. A page nobody can fault again leaves no shadow, but still ages the list.
        var page = _host!.IdentityOf(frame);
        if (page.CanRecur(_host!))
        {
            _shadowStamp[_shadows.Remember(page)] = _nonresidentAge;
        }

        // workingset_eviction reads the age, then advances it.
        _nonresidentAge++;
    }

    // One kind's inactive and active lists, oldest at the head (the Linux list's tail), and
    // its recent reclaim cost.
    private sealed class Lists
    {
        public FrameList Inactive { get; private set; } = new(0);

        public FrameList Active { get; private set; } = new(0);

        public long Cost { get; set; }

        public void Reset(int frames)
        {
            Inactive = new FrameList(frames);
            Active = new FrameList(frames);
            Cost = 0;
        }
    }
}
