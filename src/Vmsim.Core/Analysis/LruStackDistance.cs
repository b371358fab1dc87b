using System.Numerics;
using System.Runtime.InteropServices;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// Mattson's stack algorithm in one pass: for each access, its LRU stack distance (how many
/// distinct pages were touched since the same page's previous access, the page itself
/// included), gathered into a histogram from which <see cref="ToCurve"/> gives the exact LRU
/// miss ratio of every memory size at once. Pages are told apart by process and page number.
/// </summary>
/// <remarks>
/// Each page's most recent access sets a mark at its time; the distance of a re-access is the
/// number of marks after the page's previous mark, plus one. The marks are a bitmap over
/// times with a Fenwick tree counting the marks of each 64-time block, so a count is a
/// popcount plus O(log(M/64)) steps in a tree 64 times smaller than the timeline, which
/// stays in cache. Time runs on until the timeline is full, when the live marks (one per
/// distinct page) are renumbered 0..D-1 in order and the tree rebuilt; the timeline is kept
/// at least twice the distinct pages, so memory stays O(distinct pages) however long the
/// trace, and renumbering costs O(1) per access amortised. Source: R. L. Mattson, J. Gecsei, D. R. Slutz and I. L. Traiger, "Evaluation
/// techniques for storage hierarchies", IBM Systems Journal 9(2), 1970; the tree over
/// times follows F. Olken, "Efficient methods for calculating the success function of
/// fixed-space replacement policies", LBL-12370, 1981.
/// </remarks>
public sealed class LruStackDistance
{
    private const int InitialCapacity = 1 << 12;
    private readonly Dictionary<PageKey, int> _ids = [];
    private int[] _lastTime = new int[1024];
    private long[] _hits = new long[1024];

    // Time t holds a live mark when bit t of _marks is set: the latest access of page _owner[t].
    private ulong[] _marks = new ulong[InitialCapacity / 64];
    private int[] _owner = new int[InitialCapacity];

    // Fenwick tree over the 64-time blocks of _marks: index b + 1 accumulates block b's marks.
    private int[] _blocks = new int[(InitialCapacity / 64) + 1];
    private int _now;
    private int _live;

    /// <summary>Accesses counted so far.</summary>
    public long Accesses { get; private set; }

    /// <summary>First accesses so far (cold misses in a memory of any size).</summary>
    public long ColdMisses { get; private set; }

    /// <summary>Distinct pages seen so far.</summary>
    public int DistinctPages => _ids.Count;

    /// <summary>Times in the timeline; at most about four times <see cref="DistinctPages"/> (for tests of the bound).</summary>
    internal int TreeCapacity => _owner.Length;

    /// <summary>Counts one access and returns its stack distance, or 0 for the page's first access.</summary>
    public long Access(int pid, ulong page)
    {
        Accesses++;
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, new PageKey(page, pid), out var seen);
        if (!seen)
        {
            slot = _ids.Count - 1;
        }

        var id = slot;
        if (_now == _owner.Length)
        {
            Compact();
        }

        long distance = 0;
        if (seen)
        {
            var previous = _lastTime[id];
            distance = _live - MarksThrough(previous) + 1;
            Unmark(previous);
            if (distance >= _hits.Length)
            {
                Array.Resize(ref _hits, Math.Max(_hits.Length * 2, (int)distance + 1));
            }

            _hits[distance]++;
        }
        else
        {
            ColdMisses++;
            _live++;
            if (id >= _lastTime.Length)
            {
                Array.Resize(ref _lastTime, _lastTime.Length * 2);
            }
        }

        Mark(_now);
        _owner[_now] = id;
        _lastTime[id] = _now;
        _now++;
        return distance;
    }

    /// <summary>Counts every access of <paramref name="accesses"/>, with pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    public void Add(ReadOnlySpan<MemoryAccess> accesses, int offsetBits)
    {
        foreach (ref readonly var access in accesses)
        {
            Access(access.Pid, access.Address >> offsetBits);
        }
    }

    /// <summary>The exact LRU miss-ratio curve of the accesses counted so far.</summary>
    public MissRatioCurve ToCurve() => new(_hits, Accesses, Accesses, ColdMisses, Shards.Modulus, adjusted: false);

    /// <summary>The histogram: index d holds the accesses at stack distance d (index 0 unused).</summary>
    internal ReadOnlySpan<long> Hits => _hits;

    // Live marks at times 0..time (inclusive): the whole blocks before time's, then a popcount.
    private int MarksThrough(int time)
    {
        var block = time >> 6;
        var sum = BitOperations.PopCount(_marks[block] & (ulong.MaxValue >> (63 - (time & 63))));
        var tree = _blocks;
        for (var i = block; i > 0; i -= i & -i)
        {
            sum += tree[i];
        }

        return sum;
    }

    private void Mark(int time)
    {
        _marks[time >> 6] |= 1UL << time;
        var tree = _blocks;
        for (var i = (time >> 6) + 1; i < tree.Length; i += i & -i)
        {
            tree[i]++;
        }
    }

    private void Unmark(int time)
    {
        _marks[time >> 6] &= ~(1UL << time);
        var tree = _blocks;
        for (var i = (time >> 6) + 1; i < tree.Length; i += i & -i)
        {
            tree[i]--;
        }
    }

    // Renumbers the live marks 0.._live-1 in time order and rebuilds the tree, growing the
    // timeline so that at least as many accesses as there are live pages fit before the next
    // renumbering.
    private void Compact()
    {
        var live = 0;
        for (var word = 0; word < _marks.Length; word++)
        {
            for (var bits = _marks[word]; bits != 0; bits &= bits - 1)
            {
                var id = _owner[(word << 6) + BitOperations.TrailingZeroCount(bits)];
                _owner[live] = id;
                _lastTime[id] = live;
                live++;
            }
        }

        var capacity = Math.Max(_owner.Length, 2 * live);
        capacity = (capacity + 63) & ~63;
        if (capacity > _owner.Length)
        {
            Array.Resize(ref _owner, capacity);
            _marks = new ulong[capacity / 64];
            _blocks = new int[(capacity / 64) + 1];
        }

        // The first `live` times are marked; the blocks' counts follow, then an O(n) Fenwick build.
        _marks.AsSpan().Clear();
        _marks.AsSpan(0, live / 64).Fill(ulong.MaxValue);
        if (live % 64 != 0)
        {
            _marks[live / 64] = (1UL << (live % 64)) - 1;
        }

        var tree = _blocks;
        tree.AsSpan().Clear();
        for (var block = 0; block < _marks.Length; block++)
        {
            tree[block + 1] = BitOperations.PopCount(_marks[block]);
        }

        for (var i = 1; i < tree.Length; i++)
        {
            var parent = i + (i & -i);
            if (parent < tree.Length)
            {
                tree[parent] += tree[i];
            }
        }

        _now = live;
        _live = live;
    }
}
