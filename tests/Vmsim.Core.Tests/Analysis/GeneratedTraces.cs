using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Analysis;

/// <summary>Seeded page sequences for analysis tests, and a reader over an array.</summary>
internal static class GeneratedTraces
{
    /// <summary>
    /// <paramref name="length"/> pages drawn from a Zipf distribution of exponent <paramref name="skew"/>
    /// over <paramref name="pages"/> pages; rank k is page number k * 7919 + 11, so that hot pages
    /// are not neighbours.
    /// </summary>
    public static ulong[] Zipf(int seed, int length, int pages, double skew) =>
        new ZipfDistribution(pages, skew).Pages(length, seed, rank => ((ulong)rank * 7919) + 11);

    /// <summary>Pages with locality: often the same page or the next, sometimes a random one; a loop now and then.</summary>
    public static ulong[] Local(int seed, int length, int pages)
    {
        var random = new Random(seed);
        var result = new ulong[length];
        var page = 0;
        for (var i = 0; i < length; i++)
        {
            page = random.Next(4) switch
            {
                0 => page,
                1 => (page + 1) % pages,
                2 => random.Next(Math.Max(1, pages / 8)),
                _ => random.Next(pages),
            };
            result[i] = (ulong)page;
        }

        return result;
    }

    /// <summary>A loop over <paramref name="pages"/> pages, <paramref name="rounds"/> times: LRU's worst case.</summary>
    public static ulong[] Loop(int pages, int rounds) =>
        Enumerable.Range(0, pages * rounds).Select(i => (ulong)(i % pages)).ToArray();

    public static MemoryAccess[] Accesses(IReadOnlyList<ulong> pages, int offsetBits = 12, Func<int, int>? pidOf = null) =>
        pages.Select((p, i) => new MemoryAccess(p << offsetBits, AccessKind.Read, pidOf?.Invoke(i) ?? 0, AccessContext.Unknown)).ToArray();

    /// <summary>
    /// <paramref name="count"/> accesses of 4 KiB pages with some locality (a drifting window over
    /// <paramref name="distinct"/> pages, one access in three anywhere), at random offsets, one in
    /// five a write, by the process <paramref name="pidOf"/> gives each index (0 without it).
    /// </summary>
    public static MemoryAccess[] Mixed(int count, int distinct, int seed, Func<int, int>? pidOf = null)
    {
        var random = new Random(seed);
        var accesses = new MemoryAccess[count];
        for (var i = 0; i < count; i++)
        {
            var page = random.Next(3) == 0 ? (ulong)random.Next(distinct) : (ulong)(((i / 25) + random.Next(5)) % distinct);
            var kind = random.Next(5) == 0 ? AccessKind.Write : AccessKind.Read;
            accesses[i] = new MemoryAccess((page << 12) + (ulong)random.Next(4096), kind, pidOf?.Invoke(i) ?? 0, AccessContext.Unknown);
        }

        return accesses;
    }

    /// <summary>The accesses, each told its page's next use in the trace (pages told apart by process, 4 KiB).</summary>
    public static MemoryAccess[] WithNextUse(MemoryAccess[] accesses)
    {
        var next = NextUse.Compute(accesses.Select(a => (a.Pid, a.Address >> 12)).ToArray());
        return [.. accesses.Select((a, i) => a with { NextUse = next[i] })];
    }
}

/// <summary>A trace held in an array, read in batches: a stand-in for a file in analysis tests.</summary>
internal sealed class ArrayTraceReader(MemoryAccess[] accesses) : ITraceReader
{
    private int _position;

    public int Opened { get; init; }

    public string Source => "array";

    public string Format => "array";

    public long BytesRead => _position;

    public long? Length => accesses.Length;

    public bool RecordsPageNumbers => false;

    public int Read(Span<MemoryAccess> buffer)
    {
        var n = Math.Min(buffer.Length, accesses.Length - _position);
        accesses.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public void Dispose()
    {
    }
}
