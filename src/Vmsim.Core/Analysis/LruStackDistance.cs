using System.Numerics;
using System.Runtime.CompilerServices;
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
/// <para>
/// Every access but a repeat of the page on top of the stack (which is distance 1 and changes
/// nothing) takes the next slot of a timeline, and each page's latest slot is its mark; a slot
/// whose page was used again later is a hole. The distance of a re-access is the number of
/// marks after the page's previous slot, plus one: the slots in between less the holes among
/// them. The holes are counted by <see cref="TimelineHoles"/> (a bitmap with levels of counts
/// above it: a fixed handful of steps a count, with no data-dependent branch), and a new mark
/// at the end of the timeline costs nothing. Each page's latest slot is kept in
/// <see cref="PageTimeTable"/>, an open-addressing table whose entry holds the page and its
/// slot together (one cache line a lookup).
/// </para>
/// <para>
/// When the timeline is full the live marks (one per page) are renumbered 0..D-1 in order,
/// in place in the table, and the holes cleared; the timeline is kept at least three times the
/// pages, so memory stays O(distinct pages) however long the trace, and renumbering costs O(1)
/// per access amortised. <see cref="Add"/> works in batches of up to 1024 accesses and passes
/// over each (read the pages' table entries ahead, look every page up, count every distance,
/// add them to the histogram), so that the cache misses of the table and of the histogram, the
/// structures too large for the cache on a big trace, overlap instead of coming one at a time.
/// The histogram's counts are 32 bits, spilled into 64-bit ones before they could overflow.
/// </para>
/// <para>
/// Source: R. L. Mattson, J. Gecsei, D. R. Slutz and I. L. Traiger, "Evaluation techniques
/// for storage hierarchies", IBM Systems Journal 9(2), 1970; counting over a timeline of
/// accesses follows F. Olken, "Efficient methods for calculating the success function of
/// fixed-space replacement policies", LBL-12370, 1981.
/// </para>
/// </remarks>
public sealed class LruStackDistance : ICurveAnalysis
{
    private const int InitialCapacity = TimelineHoles.Granule;

    // Accesses handled per pass in Add; the timeline always has room for a whole batch.
    private const int BatchSize = 1024;

    // Table entries (16 bytes each) beyond which pass 0 reads the batch's entries ahead: 1 MiB.
    private const int TouchAbove = 1 << 16;

    private readonly PageTimeTable _table = new();

    // Slots whose page was accessed again later.
    private readonly TimelineHoles _holes = new(InitialCapacity);

    // _counts[d] counts the re-accesses at distance d since the last spill into _spilled. Always
    // longer than the pages in the table, the largest distance possible, so that no access has
    // to check. 32-bit counts halve the histogram, whose every increment is a cache miss on a
    // large trace; they are spilled before 2^32 accesses could overflow one.
    private uint[] _counts = new uint[1024];
    private long[] _spilled = [];
    private readonly long _spillAfter = uint.MaxValue;
    private long _sinceSpill;
    private long _cold;
    private long _repeats;
    private int _now;

    // The page on top of the stack (the latest access), whose repeat is distance 1 and changes nothing.
    private ulong _topPage;
    private int _topPid;
    private bool _hasTop;

    // Per batch: each page's home slot in the table; then, for each re-access, its page's previous
    // slot, its own slot and, once counted, its distance.
    private readonly int[] _homes = new int[BatchSize];
    private readonly int[] _previous = new int[BatchSize];
    private readonly int[] _slots = new int[BatchSize];

    // What the read-ahead read, kept in a field so that the reads are not optimised away.
    private int _touched;

    /// <summary>An analysis with no access counted yet.</summary>
    public LruStackDistance()
    {
    }

    /// <summary>As the public constructor, spilling the 32-bit counts after <paramref name="spillAfter"/> re-accesses (small in tests).</summary>
    internal LruStackDistance(long spillAfter) => _spillAfter = spillAfter;

    /// <summary>Accesses counted so far.</summary>
    public long Accesses { get; private set; }

    /// <summary>First accesses counted so far (cold misses in a memory of any size).</summary>
    public long ColdMisses => _cold;

    /// <summary>Distinct pages seen so far (less any removed with <see cref="Remove"/>).</summary>
    public int DistinctPages => _table.Count;

    /// <summary>Slots in the timeline; at most about four times <see cref="DistinctPages"/> (for tests of the bound).</summary>
    internal int TreeCapacity => _holes.Capacity;

    /// <summary>The histogram: index d holds the accesses at stack distance d (index 0 holds the first accesses).</summary>
    internal long[] Hits
    {
        get
        {
            Spill();
            var hits = (long[])_spilled.Clone();
            hits[0] = _cold;
            hits[1] += _repeats;
            return hits;
        }
    }

    /// <summary>Counts one access and returns its stack distance, or 0 for the page's first access.</summary>
    public long Access(int pid, ulong page)
    {
        Accesses++;
        if (_hasTop && page == _topPage && pid == _topPid)
        {
            _repeats++;
            return 1;
        }

        if (_now == _holes.Capacity)
        {
            Compact(1);
        }

        ref var time = ref _table.FindOrAdd(page, pid, out var found);
        var previous = time;
        time = _now;
        EnsureHistogram();
        _topPage = page;
        _topPid = pid;
        _hasTop = true;
        var distance = found ? Distance(previous, _now) : 0;
        if (found)
        {
            _holes.Add(previous);
        }

        _now++;
        if (found)
        {
            CountDistances(1);
            _counts[distance]++;
        }
        else
        {
            _cold++;
        }

        return distance;
    }

    /// <summary>Counts every access of <paramref name="accesses"/>, with pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    public void Add(ReadOnlySpan<MemoryAccess> accesses, int offsetBits)
    {
        while (!accesses.IsEmpty)
        {
            var n = Math.Min(accesses.Length, BatchSize);
            AddBatch(accesses[..n], offsetBits);
            accesses = accesses[n..];
        }
    }

    /// <summary>
    /// Forgets a page, as if it had never been accessed: later accesses to it are first accesses, and it no
    /// longer counts in other pages' distances. The histogram keeps what was counted. Returns false when
    /// the page was not there. For samplers that drop pages (fixed-size SHARDS).
    /// </summary>
    internal bool Remove(int pid, ulong page)
    {
        var time = _table.Remove(page, pid);
        if (time == PageTimeTable.Empty)
        {
            return false;
        }

        _holes.Add(time);
        if (_hasTop && page == _topPage && pid == _topPid)
        {
            _hasTop = false;
        }

        return true;
    }

    /// <summary>
    /// Sets the counts (the accesses, the first accesses, the histogram) back to zero and keeps the
    /// stack: the accesses counted from then on have their distances over everything before them.
    /// The end of a warm-up (<see cref="TraceWarmup"/>).
    /// </summary>
    public void ResetCounts()
    {
        _counts.AsSpan().Clear();
        _spilled.AsSpan().Clear();
        _sinceSpill = 0;
        _cold = 0;
        _repeats = 0;
        Accesses = 0;
    }

    /// <summary>The exact LRU miss-ratio curve of the accesses counted so far.</summary>
    public MissRatioCurve ToCurve() => new(Hits, Accesses, Accesses, ColdMisses, Shards.Modulus, adjusted: false) { SampledPages = DistinctPages };

    // Fully optimised from the first call: a trace's first batches would otherwise run as
    // unoptimised code until the method is promoted, a tenth of a second or more.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddBatch(ReadOnlySpan<MemoryAccess> batch, int offsetBits)
    {
        if (_now > _holes.Capacity - batch.Length)
        {
            Compact(batch.Length);
        }

        var table = _table;
        table.EnsureRoom(batch.Length);
        var homes = _homes.AsSpan(0, batch.Length);

        // Pass 0: every page's home slot in the table, and a read of it, so that the table's cache
        // misses (one a page on a large trace) are in flight together before pass 1 needs them.
        // A table that fits the second-level cache has no misses to hide: pass 1 looks it up as it goes.
        var touch = table.Capacity > TouchAbove;
        if (touch)
        {
            var touched = 0;
            for (var i = 0; i < batch.Length; i++)
            {
                var home = table.SlotOf(batch[i].Address >> offsetBits, batch[i].Pid);
                homes[i] = home;
                touched |= table.Touch(home);
            }

            _touched = touched;
        }

        // Pass 1: each page's previous slot and its new one. Repeats of the top page and first
        // accesses are counted here; the re-accesses are listed for pass 2.
        var previous = _previous;
        var slots = _slots;
        var reaccesses = 0;
        long repeats = 0;
        long cold = 0;
        var now = _now;
        var hasTop = _hasTop;
        var topPage = _topPage;
        var topPid = _topPid;
        for (var i = 0; i < batch.Length; i++)
        {
            ref readonly var access = ref batch[i];
            var page = access.Address >> offsetBits;
            var pid = access.Pid;
            if (hasTop && page == topPage && pid == topPid)
            {
                repeats++;
                continue;
            }

            ref var time = ref table.FindOrAddAt(touch ? homes[i] : table.SlotOf(page, pid), page, pid, out var found);
            if (found)
            {
                previous[reaccesses] = time;
                slots[reaccesses] = now;
                reaccesses++;
            }
            else
            {
                cold++;
            }

            time = now++;
            topPage = page;
            topPid = pid;
            hasTop = true;
        }

        _now = now;
        _topPage = topPage;
        _topPid = topPid;
        _hasTop = hasTop;
        EnsureHistogram();
        _cold += cold;
        _repeats += repeats;
        CountDistances(reaccesses);

        // Pass 2: the re-accesses' distances, in order, each counting the holes made before it.
        // No branch depends on the data: the holes' counts take a fixed number of steps.
        var holes = _holes;
        var distances = _slots.AsSpan(0, reaccesses);
        for (var k = 0; k < distances.Length; k++)
        {
            var p = previous[k];
            distances[k] = Distance(p, distances[k]);
            holes.Add(p);
        }

        // Pass 3: the histogram, with the cache misses of independent increments overlapping. Every
        // distance is at most the pages in the table, which EnsureHistogram keeps below the
        // histogram's length: the increments need no range check.
        ref var hits = ref MemoryMarshal.GetArrayDataReference(_counts);
        foreach (var d in distances)
        {
            Unsafe.Add(ref hits, d)++;
        }

        Accesses += batch.Length;
    }

    // The distance of a re-access at slot `now` of the page whose mark is at `previous`: the slots
    // strictly between, less the holes among them, plus the page itself. Every hole so far lies
    // before `now`, and `previous` is not one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Distance(int previous, int now) => now - previous - (_holes.Count - _holes.CountBefore(previous));

    private void EnsureHistogram()
    {
        if (_counts.Length <= _table.Count)
        {
            Array.Resize(ref _counts, Math.Max(_counts.Length * 2, _table.Count + 1));
        }
    }

    // Makes room for `n` more counts without overflowing a 32-bit one.
    private void CountDistances(int n)
    {
        _sinceSpill += n;
        if (_sinceSpill > _spillAfter)
        {
            Spill();
            _sinceSpill = n;
        }
    }

    // Adds the 32-bit counts to the 64-bit histogram and clears them.
    private void Spill()
    {
        if (_spilled.Length < _counts.Length)
        {
            Array.Resize(ref _spilled, _counts.Length);
        }

        for (var d = 0; d < _counts.Length; d++)
        {
            _spilled[d] += _counts[d];
        }

        _counts.AsSpan().Clear();
        _sinceSpill = 0;
    }

    // Renumbers the live marks 0..D-1 in time order, in place in the table (a mark's new slot is
    // its old one less the holes before it), clears the holes, and grows the timeline so that it
    // holds at least three times the live marks (a renumbering every two times the pages or more) and room for `room` more accesses.
    private void Compact(int room)
    {
        var holes = _holes;
        foreach (ref var entry in _table.Entries)
        {
            if (entry.Time >= 0)
            {
                entry.Time -= holes.CountBefore(entry.Time);
            }
        }

        var live = _now - holes.Count;
        holes.Reset((int)Math.Min(int.MaxValue, Math.Max(3L * live, (long)live + room)));
        if (holes.Capacity - live < room)
        {
            throw new InvalidOperationException($"the timeline cannot hold {Plural.Count(live, "distinct page")} and {Plural.Count(room, "more access")}");
        }

        _now = live;
    }
}
