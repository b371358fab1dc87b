using Vmsim.Core.Addressing;

namespace Vmsim.Core.Mmu;

/// <summary>
/// A multi-level radix page table, shaped by a <see cref="PageGeometry"/>. Interior
/// tables are allocated on demand, as a kernel allocates page-table pages when a
/// mapping first needs them; the last level holds <see cref="Pte"/> values.
/// </summary>
public sealed class PageTable
{
    // Leaf tables found by recent walks, by the page's bits above the last level
    // (direct-mapped). Like an MMU's paging-structure caches, it lets a walk skip the
    // upper levels; unlike them, it changes nothing the simulation reports: Walk still
    // counts every level for the cost model. Leaf tables are never freed, so an entry
    // can only be stale by pointing at a leaf that is still the right one. It grows with
    // the leaf tables, up to a limit, so a large footprint keeps most of them.
    private const int LeafCacheMin = 256;
    private const int LeafCacheMax = 8192;
    private ulong[] _leafPrefixes = new ulong[LeafCacheMin];
    private Pte[]?[] _leafTables = new Pte[]?[LeafCacheMin];
    private int _leafCount;

    private readonly PageGeometry _geometry;
    private readonly int[] _shifts;
    private readonly ulong[] _masks;
    private readonly int _leafShift;
    private readonly ulong _leafMask;
    private readonly Node _root;

    /// <summary>Creates an empty table (only the root exists).</summary>
    public PageTable(PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _geometry = geometry;
        var levels = geometry.Levels;
        _shifts = new int[levels];
        _masks = new ulong[levels];
        var shift = 0;
        for (var level = levels - 1; level >= 0; level--)
        {
            _shifts[level] = shift;
            _masks[level] = (1UL << geometry.LevelBits[level]) - 1;
            shift += geometry.LevelBits[level];
        }

        _leafShift = geometry.LevelBits[levels - 1];
        _leafMask = (1UL << _leafShift) - 1;
        _root = NewNode(0);
        TablePages = 1;
        TableBytes = BytesAt(0);
    }

    /// <summary>The geometry the table was built for.</summary>
    public PageGeometry Geometry => _geometry;

    /// <summary>How many page-table pages (tables at any level) exist, the root included.</summary>
    public int TablePages { get; private set; }

    /// <summary>
    /// The memory those tables take: each holds one entry per index of its level, of 8 bytes
    /// (4 for a page table of 32-bit addresses, as on x86-32): 4 KiB a table on x86-64.
    /// </summary>
    public long TableBytes { get; private set; }

    /// <summary>
    /// Returns where the entry for <paramref name="page"/> lives. If <paramref name="alloc"/>
    /// is true, creates any missing tables on the way; otherwise returns an invalid
    /// <see cref="PteRef"/> when a table on the way is missing.
    /// <paramref name="levelsVisited"/> counts the tables read, for the cost of a walk.
    /// </summary>
    public PteRef Walk(PageNumber page, bool alloc, out int levelsVisited)
    {
        if (CachedLeaf(page) is { } leaf)
        {
            levelsVisited = _shifts.Length;
            return new PteRef(leaf, (int)(page.Value & _leafMask));
        }

        var found = WalkTree(page, alloc, out levelsVisited);
        if (found.IsValid)
        {
            var prefix = page.Value >> _leafShift;
            var cached = (int)(prefix & (ulong)(_leafTables.Length - 1));
            _leafPrefixes[cached] = prefix;
            _leafTables[cached] = found.Leaf;
        }

        return found;
    }

    /// <summary>
    /// What a walk for <paramref name="page"/> finds now, without counting it, allocating a
    /// table or remembering its leaf: how many tables it reads and the entry it reaches, for
    /// those who show a walk (the fault path of a step); <see cref="Walk"/> is the MMU's.
    /// </summary>
    public PageWalk Peek(PageNumber page)
    {
        var found = WalkTree(page, alloc: false, out var read);
        return new PageWalk(read, found.IsValid ? found.Entry : default);
    }

    /// <summary>
    /// Hints the processor running the simulator to fetch the entry of <paramref name="page"/>
    /// into its cache, when the leaf table that holds it is known without a walk; changes
    /// nothing and counts nothing (see <see cref="CacheHint"/>).
    /// </summary>
    public void Prefetch(PageNumber page)
    {
        if (CachedLeaf(page) is { } leaf)
        {
            CacheHint.Prefetch(leaf, (int)(page.Value & _leafMask));
        }
    }

    // The leaf table of page from the cache of recent walks, or null.
    private Pte[]? CachedLeaf(PageNumber page)
    {
        var prefix = page.Value >> _leafShift;
        var cached = (int)(prefix & (ulong)(_leafTables.Length - 1));
        return _leafPrefixes[cached] == prefix ? _leafTables[cached] : null;
    }

    private PteRef WalkTree(PageNumber page, bool alloc, out int levelsVisited)
    {
        var node = _root;
        var last = _shifts.Length - 1;
        for (var level = 0; level < last; level++)
        {
            var index = (int)((page.Value >> _shifts[level]) & _masks[level]);
            var child = node.Children![index];
            if (child is null)
            {
                if (!alloc)
                {
                    levelsVisited = level + 1;
                    return default;
                }

                child = NewNode(level + 1);
                node.Children[index] = child;
                TablePages++;
                TableBytes += BytesAt(level + 1);
            }

            node = child;
        }

        levelsVisited = _shifts.Length;
        return new PteRef(node.Entries!, (int)((page.Value >> _shifts[last]) & _masks[last]));
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for every entry that is not empty, in ascending page
    /// order, with the page number and where the entry lives.
    /// </summary>
    public void ForEachEntry(Action<PageNumber, PteRef> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        Visit(_root, 0, 0, visit);
    }

    /// <summary>
    /// Like <see cref="ForEachEntry(Action{PageNumber, PteRef})"/>, but only for pages from <paramref name="first"/> up to
    /// and excluding <paramref name="end"/>.
    /// </summary>
    public void ForEachEntry(PageNumber first, PageNumber end, Action<PageNumber, PteRef> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        VisitRange(_root, 0, 0, first.Value, end.Value, visit);
    }

    private Node NewNode(int level)
    {
        var size = 1 << _geometry.LevelBits[level];
        if (level < _shifts.Length - 1)
        {
            return new Node(new Node?[size], null);
        }

        if (++_leafCount > _leafTables.Length && _leafTables.Length < LeafCacheMax)
        {
            // More leaf tables than the cache has places: a larger, empty cache.
            _leafPrefixes = new ulong[_leafTables.Length * 2];
            _leafTables = new Pte[]?[_leafTables.Length * 2];
        }

        return new Node(null, new Pte[size]);
    }

    private void Visit(Node node, int level, ulong prefix, Action<PageNumber, PteRef> visit) =>
        VisitRange(node, level, prefix, 0, ulong.MaxValue, visit);

    private void VisitRange(Node node, int level, ulong prefix, ulong first, ulong end, Action<PageNumber, PteRef> visit)
    {
        var span = 1UL << _shifts[level];
        if (node.Entries is { } entries)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                var page = prefix | ((ulong)i << _shifts[level]);
                if (page >= first && page < end && !entries[i].IsNone)
                {
                    visit(new PageNumber(page), new PteRef(entries, i));
                }
            }

            return;
        }

        var children = node.Children!;
        for (var i = 0; i < children.Length; i++)
        {
            var start = prefix | ((ulong)i << _shifts[level]);
            var stop = start + span;
            if (children[i] is { } child && stop > first && start < end)
            {
                VisitRange(child, level + 1, start, first, end, visit);
            }
        }
    }

    // The bytes of one table at level: its entries, each 4 bytes in a 32-bit page table, else 8.
    private long BytesAt(int level) => (1L << _geometry.LevelBits[level]) * (_geometry.AddressBits <= 32 ? 4 : 8);

    // One class for both kinds of table keeps the walk a single loop with no casts.
    private sealed class Node(Node?[]? children, Pte[]? entries)
    {
        public readonly Node?[]? Children = children;
        public readonly Pte[]? Entries = entries;
    }
}
