using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Memory;

/// <summary>
/// For every frame, the page-table entries that map it (Linux's <c>rmap</c>): what lets
/// the kernel unmap a victim page from every process that shares it, and lets a policy
/// read the accessed bits of all its mappings. Kept as linked nodes in one array, so
/// that mapping and unmapping allocate nothing once the pool has grown.
/// </summary>
/// <remarks>
/// Most frames are mapped once, so each frame has a home node at its own index that
/// holds its newest mapping; further mappings (pages shared after fork, a file mapped by
/// several processes) chain from it into a pool after the home nodes. An eviction then
/// finds the one mapping of a page in the same cache line it reads its head from, and
/// a node is one struct rather than a field in each of five arrays.
/// </remarks>
public sealed class ReverseMap
{
    private const int Nil = -1;
    private readonly int _frames;
    private Node[] _nodes;
    private int _freeNode = Nil;
    private int _used;

    /// <summary>Creates an empty reverse map for <paramref name="frames"/> frames.</summary>
    public ReverseMap(int frames)
    {
        _frames = frames;
        _nodes = new Node[frames + Math.Max(16, frames / 4)];
        _used = frames;
    }

    /// <summary>Records that page <paramref name="page"/> of address space <paramref name="asid"/>, whose entry is <paramref name="pte"/>, maps <paramref name="frame"/>.</summary>
    public void Add(FrameNumber frame, int asid, PageNumber page, PteRef pte)
    {
        var next = Nil;
        if (_nodes[frame.Value].Leaf is not null)
        {
            // The home node keeps the newest mapping: the one it held moves to the pool. No
            // reference into the array is held across NewNode, which may replace the array.
            next = NewNode();
            _nodes[next] = _nodes[frame.Value];
        }

        _nodes[frame.Value] = new Node { Asid = asid, Page = page.Value, Leaf = pte.Leaf, Index = pte.Index, Next = next };
    }

    /// <summary>Forgets the mapping of <paramref name="frame"/> by page <paramref name="page"/> of <paramref name="asid"/>; false if there was none.</summary>
    public bool Remove(FrameNumber frame, int asid, PageNumber page)
    {
        var nodes = _nodes;
        ref var home = ref nodes[frame.Value];
        if (home.Leaf is null)
        {
            return false;
        }

        if (home.Asid == asid && home.Page == page.Value)
        {
            var next = home.Next;
            if (next == Nil)
            {
                home = default;
            }
            else
            {
                home = nodes[next];
                FreeNode(next);
            }

            return true;
        }

        for (int previous = frame.Value, node = home.Next; node != Nil; previous = node, node = nodes[node].Next)
        {
            if (nodes[node].Asid == asid && nodes[node].Page == page.Value)
            {
                nodes[previous].Next = nodes[node].Next;
                FreeNode(node);
                return true;
            }
        }

        return false;
    }

    /// <summary>Hints the host processor to fetch the home node of <paramref name="frame"/> (its newest mapping).</summary>
    internal void PrefetchHome(FrameNumber frame) => CacheHint.Prefetch(_nodes, frame.Value);

    /// <summary>Hints the host processor to fetch the PTE of the newest mapping of <paramref name="frame"/>, if it has one.</summary>
    internal void PrefetchFirstPte(FrameNumber frame)
    {
        ref var node = ref _nodes[frame.Value];
        if (node.Leaf is { } leaf)
        {
            CacheHint.Prefetch(leaf, node.Index);
        }
    }

    /// <summary>The first mapping of <paramref name="frame"/>, as a cursor for <see cref="NextMapping"/>; -1 when unmapped.</summary>
    public int FirstMapping(FrameNumber frame) => _nodes[frame.Value].Leaf is null ? Nil : frame.Value;

    /// <summary>The mapping after <paramref name="cursor"/>; -1 at the end.</summary>
    public int NextMapping(int cursor) => _nodes[cursor].Next;

    /// <summary>The mapping at <paramref name="cursor"/>.</summary>
    public Mapping MappingAt(int cursor)
    {
        ref var node = ref _nodes[cursor];
        return new(node.Asid, new PageNumber(node.Page), new PteRef(node.Leaf!, node.Index));
    }

    /// <summary>The page-table entry of the mapping at <paramref name="cursor"/>, by reference.</summary>
    public ref Pte EntryAt(int cursor)
    {
        ref var node = ref _nodes[cursor];
        return ref node.Leaf![node.Index];
    }

    /// <summary>All mappings of <paramref name="frame"/>, copied out so the caller may change the map while it goes through them.</summary>
    public Mapping[] MappingsOf(FrameNumber frame)
    {
        var count = 0;
        for (var node = FirstMapping(frame); node != Nil; node = _nodes[node].Next)
        {
            count++;
        }

        var result = new Mapping[count];
        var i = 0;
        for (var node = FirstMapping(frame); node != Nil; node = _nodes[node].Next)
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
            _freeNode = _nodes[node].Next;
            return node;
        }

        if (_used == _nodes.Length)
        {
            Array.Resize(ref _nodes, _frames + ((_nodes.Length - _frames) * 2));
        }

        return _used++;
    }

    private void FreeNode(int node)
    {
        _nodes[node] = new Node { Next = _freeNode };
        _freeNode = node;
    }

    // One mapping; Leaf is null in an empty home node (and in a pool node on the free list).
    private struct Node
    {
        public ulong Page;
        public Pte[]? Leaf;
        public int Asid;
        public int Index;
        public int Next;
    }

    /// <summary>One page-table entry that maps a frame.</summary>
    /// <param name="Asid">The address space.</param>
    /// <param name="Page">The virtual page.</param>
    /// <param name="Pte">Where the entry lives.</param>
    public readonly record struct Mapping(int Asid, PageNumber Page, PteRef Pte);
}
