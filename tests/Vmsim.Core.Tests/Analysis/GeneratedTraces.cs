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
