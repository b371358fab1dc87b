using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Memory;

/// <summary>
/// For every frame, the page-table entries that map it (Linux's <c>rmap</c>): what lets
/// the kernel unmap a victim page from every process that shares it, and lets a policy
/// read the accessed bits of all its mappings. Kept as linked nodes in arrays, so that
/// mapping and unmapping allocate nothing once the pool has grown.
/// </summary>
public sealed class ReverseMap
{
    private const int Nil = -1;
    private readonly int[] _heads;
    private int[] _next;
    private int[] _asids;
    private ulong[] _pages;
    private Pte[]?[] _leaves;
    private int[] _indices;
    private int _freeNode = Nil;
    private int _used;

    /// <summary>Creates an empty reverse map for <paramref name="frames"/> frames.</summary>
    public ReverseMap(int frames)
    {
        _heads = new int[frames];
        Array.Fill(_heads, Nil);
        var capacity = Math.Max(16, frames);
        _next = new int[capacity];
        _asids = new int[capacity];
        _pages = new ulong[capacity];
        _leaves = new Pte[]?[capacity];
        _indices = new int[capacity];
    }

    /// <summary>Records that page <paramref name="page"/> of address space <paramref name="asid"/>, whose entry is <paramref name="pte"/>, maps <paramref name="frame"/>.</summary>
    public void Add(FrameNumber frame, int asid, PageNumber page, PteRef pte)
    {
        var node = NewNode();
        _asids[node] = asid;
        _pages[node] = page.Value;
        _leaves[node] = pte.Leaf;
        _indices[node] = pte.Index;
        _next[node] = _heads[frame.Value];
        _heads[frame.Value] = node;
    }

    /// <summary>Forgets the mapping of <paramref name="frame"/> by page <paramref name="page"/> of <paramref name="asid"/>; false if there was none.</summary>
    public bool Remove(FrameNumber frame, int asid, PageNumber page)
    {
        var previous = Nil;
        for (var node = _heads[frame.Value]; node != Nil; previous = node, node = _next[node])
        {
            if (_asids[node] == asid && _pages[node] == page.Value)
            {
                if (previous == Nil)
                {
                    _heads[frame.Value] = _next[node];
                }
                else
                {
                    _next[previous] = _next[node];
                }

                _leaves[node] = null;
                _next[node] = _freeNode;
                _freeNode = node;
                return true;
            }
        }

        return false;
    }

    /// <summary>The first mapping of <paramref name="frame"/>, as a cursor for <see cref="NextMapping"/>; -1 when unmapped.</summary>
    public int FirstMapping(FrameNumber frame) => _heads[frame.Value];

    /// <summary>The mapping after <paramref name="cursor"/>; -1 at the end.</summary>
    public int NextMapping(int cursor) => _next[cursor];

    /// <summary>The mapping at <paramref name="cursor"/>.</summary>
    public Mapping MappingAt(int cursor) => new(_asids[cursor], new PageNumber(_pages[cursor]), new PteRef(_leaves[cursor]!, _indices[cursor]));

    /// <summary>All mappings of <paramref name="frame"/>, copied out so the caller may change the map while it goes through them.</summary>
    public Mapping[] MappingsOf(FrameNumber frame)
    {
        var count = 0;
        for (var node = _heads[frame.Value]; node != Nil; node = _next[node])
        {
            count++;
        }

        var result = new Mapping[count];
        var i = 0;
        for (var node = _heads[frame.Value]; node != Nil; node = _next[node])
        {
            result[i++] = MappingAt(node);
        }

        return result;
    }

    private int NewNode()
    {
        if (_freeNode != Nil)
        {
            var node = _freeNode;
            _freeNode = _next[node];
            return node;
        }

        if (_used == _next.Length)
        {
            var size = _next.Length * 2;
            Array.Resize(ref _next, size);
            Array.Resize(ref _asids, size);
            Array.Resize(ref _pages, size);
            Array.Resize(ref _leaves, size);
            Array.Resize(ref _indices, size);
        }

        return _used++;
    }

    /// <summary>One page-table entry that maps a frame.</summary>
    /// <param name="Asid">The address space.</param>
    /// <param name="Page">The virtual page.</param>
    /// <param name="Pte">Where the entry lives.</param>
    public readonly record struct Mapping(int Asid, PageNumber Page, PteRef Pte);
}
