namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Linux's split LRU, read from the kernel's mm/vmscan.c and mm/workingset.c as
/// docs/policies.md ("Linux split LRU") cites them: an inactive and an active list, newest
/// first, for anonymous pages and for file pages; reclaim picks a kind (<c>get_scan_count</c>),
/// balances that kind's lists (<c>inactive_is_low</c>, ratio 1: <c>shrink_active_list</c>
/// deactivates from the active tail while the inactive list is shorter), then scans its
/// inactive list from the tail (<c>folio_check_references</c>); evictions leave shadow
/// entries, and a refault within the workingset goes straight to the active list
/// (<c>workingset_refault</c>); each kind's recent cost steers the balance (<c>lru_note_cost</c>).
/// </summary>
/// <remarks>
/// The only news of use is the young bit, which every reference sets, as the MMU would; a write
/// makes a page dirty until it leaves. Choices docs/policies.md documents, followed here:
/// <list type="bullet">
/// <item>The kind: file pages when there is no swap; file pages in cache trim mode, while the
/// inactive file list is not empty, at least as long as the active file list, and no file page
/// has refaulted into its workingset since the last reclaim; otherwise both, in proportion:
/// with each kind's cost doubled by the total, ap = swappiness × (total + 1) / (anon cost + 1)
/// and fp = (200 − swappiness) × (total + 1) / (file cost + 1), and anonymous pages are due
/// ap / (ap + fp) of each victim, file pages the rest; the kind with more due (file pages on a
/// tie) gives the victim and is due one less. If that kind has no page, the other gives it.</item>
/// <item>Costs: a kind's grows by 1 for each page its inactive scan keeps (rotated or
/// activated) and by 32 for each of its pages evicted dirty and each refault into its
/// workingset; both halve when their sum passes a quarter of the resident pages (the page that
/// caused the cost among them).</item>
/// <item>Reclaim takes one page at a time. First, while the kind's inactive list is shorter
/// than its active one, the active tail moves to the inactive head with its young bit cleared
/// and its referenced flag as it was. Then the inactive list is scanned from its tail. Young:
/// the bit is cleared, and the page is activated (to the active head, the flag kept) if it had
/// the referenced flag already, else given the flag and rotated to the inactive head, to be
/// met again. Not young: it is the victim. Activations during the scan do not rebalance the
/// lists; only if the scan activates every inactive page does reclaim deactivate again (the
/// inactive list, empty, is then shorter) and scan what moved.</item>
/// <item>A new page enters its kind's inactive head, with the young bit its fault set and no
/// flag.</item>
/// <item>The nonresident age advances by one at each eviction (the shadow is stamped with the
/// age before it) and each activation, by the scan or at a refault.</item>
/// <item>A fault finds the page's shadow after the victim's eviction; the refault distance is
/// the age minus the stamp, and at most the workingset activates the page at once: for a file
/// page the active file list, plus both anonymous lists with swap; for an anonymous page both
/// file lists, plus the active anonymous list with swap. Shadows are kept for the last
/// <c>frames</c> evictions.</item>
/// <item>A page that <paramref name="canEvict"/> refuses is passed over where it stands, its
/// young bit and flag untouched: deactivation moves the oldest active pages that can go, and
/// the inactive scan steps past it. If the scan finds no victim, the oldest active page that
/// can go is deactivated (with any more the inactive list is short of) and the scan runs
/// again; if the kind still has none, the other kind gives the victim.</item>
/// </list>
/// </remarks>
internal sealed class LinuxSplitLruModel(int frames, Func<int, bool> anonymous, bool swap, int swappiness = 60, Func<int, bool>? canEvict = null) : ICacheModel
{
    private const int CostOfIo = 32;

    private readonly Kind _anon = new();
    private readonly Kind _file = new();
    private readonly HashSet<int> _young = [];
    private readonly HashSet<int> _referenced = [];
    private readonly HashSet<int> _dirty = [];

    // Shadow entries: the age stamped at eviction, and the evicted pages, oldest first.
    private readonly Dictionary<int, long> _shadows = [];
    private readonly List<int> _evictionOrder = [];
    private long _nonresidentAge;
    private bool _fileRefaulted;

    // What each kind is due of the victims reclaimed in proportion.
    private double _anonDue;
    private double _fileDue;

    /// <summary>A cache of file pages alone, with no swap.</summary>
    public LinuxSplitLruModel(int frames)
        : this(frames, _ => false, swap: false)
    {
    }

    private int OnLists => _anon.Count + _file.Count;

    public int? Reference(int page, bool write)
    {
        var kind = anonymous(page) ? _anon : _file;
        if (kind.Holds(page))
        {
            _young.Add(page);
            if (write)
            {
                _dirty.Add(page);
            }

            return null;
        }

        int? evicted = null;
        if (OnLists == frames)
        {
            evicted = Reclaim();
        }

        if (_shadows.Remove(page, out var stamp))
        {
            _evictionOrder.Remove(page);
            if (_nonresidentAge - stamp <= Workingset(kind))
            {
                kind.Active.Insert(0, page);
                _nonresidentAge++;
                _fileRefaulted |= kind == _file;
                NoteCost(kind, CostOfIo);
            }
            else
            {
                kind.Inactive.Insert(0, page);
            }
        }
        else
        {
            kind.Inactive.Insert(0, page);
        }

        _young.Add(page);
        if (write)
        {
            _dirty.Add(page);
        }

        return evicted;
    }

    private int Reclaim()
    {
        var first = ChooseKind();
        _fileRefaulted = false;
        var kind = first;
        var found = Scan(first);
        if (found is null)
        {
            kind = first == _anon ? _file : _anon;
            found = Scan(kind);
        }

        var victim = found!.Value;
        if (_dirty.Remove(victim))
        {
            NoteCost(kind, CostOfIo);
        }

        kind.Inactive.Remove(victim);
        _referenced.Remove(victim);
        _shadows[victim] = _nonresidentAge++;
        _evictionOrder.Add(victim);
        if (_evictionOrder.Count > frames)
        {
            _shadows.Remove(_evictionOrder[0]);
            _evictionOrder.RemoveAt(0);
        }

        return victim;
    }

    private Kind ChooseKind()
    {
        if (!swap)
        {
            return _file;
        }

        if (_file.Inactive.Count > 0 && _file.Inactive.Count >= _file.Active.Count && !_fileRefaulted)
        {
            return _file;
        }

        var total = _anon.Cost + _file.Cost;
        var anonCost = total + _anon.Cost;
        var fileCost = total + _file.Cost;
        total = anonCost + fileCost;
        var ap = (double)swappiness * (total + 1) / (anonCost + 1);
        var fp = (double)(200 - swappiness) * (total + 1) / (fileCost + 1);
        var anonShare = ap / (ap + fp);
        _anonDue += anonShare;
        _fileDue += 1 - anonShare;
        if (_anonDue > _fileDue)
        {
            _anonDue--;
            return _anon;
        }

        _fileDue--;
        return _file;
    }

    // The kind's reclaim: its victim, still on its inactive list, or null if none can go.
    private int? Scan(Kind kind)
    {
        Deactivate(kind, oneAtLeast: false);
        return ScanInactive(kind) ?? (Deactivate(kind, oneAtLeast: true) ? ScanInactive(kind) : null);
    }

    // From the inactive tail: a page rotated to the head is met again before the scan ends.
    private int? ScanInactive(Kind kind)
    {
        var at = kind.Inactive.Count - 1;
        while (at >= 0)
        {
            var page = kind.Inactive[at];
            if (!CanEvict(page))
            {
                at--;
                continue;
            }

            if (!_young.Remove(page))
            {
                return page;
            }

            NoteCost(kind, 1);
            kind.Inactive.RemoveAt(at);
            if (_referenced.Add(page))
            {
                // The pages between the head and here move up one: the next is at the same index.
                kind.Inactive.Insert(0, page);
            }
            else
            {
                kind.Active.Insert(0, page);
                _nonresidentAge++;
                at--;
            }
        }

        return null;
    }

    // shrink_active_list while inactive_is_low (and, with oneAtLeast, until a page has moved):
    // the oldest active pages that can go to the inactive head, each with its young bit
    // cleared and its flag kept. True if a page moved.
    private bool Deactivate(Kind kind, bool oneAtLeast)
    {
        var moved = false;
        var at = kind.Active.Count - 1;
        while (at >= 0 && (kind.Inactive.Count < kind.Active.Count || (oneAtLeast && !moved)))
        {
            var page = kind.Active[at--];
            if (CanEvict(page))
            {
                kind.Active.Remove(page);
                _young.Remove(page);
                kind.Inactive.Insert(0, page);
                moved = true;
            }
        }

        return moved;
    }

    private bool CanEvict(int page) => canEvict.Allows(page);

    // workingset_test_recent: what a refaulting page of the kind competes with.
    private int Workingset(Kind kind)
    {
        var size = _file.Active.Count + (kind == _anon ? _file.Inactive.Count : 0);
        if (swap)
        {
            size += _anon.Active.Count + (kind == _file ? _anon.Inactive.Count : 0);
        }

        return size;
    }

    // lru_note_cost.
    private void NoteCost(Kind kind, long cost)
    {
        kind.Cost += cost;
        if (_anon.Cost + _file.Cost > OnLists / 4)
        {
            _anon.Cost /= 2;
            _file.Cost /= 2;
        }
    }

    // One kind's lists, newest first, and its recent cost.
    private sealed class Kind
    {
        public List<int> Inactive { get; } = [];

        public List<int> Active { get; } = [];

        public long Cost { get; set; }

        public int Count => Inactive.Count + Active.Count;

        public bool Holds(int page) => Inactive.Contains(page) || Active.Contains(page);
    }
}
