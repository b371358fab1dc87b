using Vmsim.Core.Workloads;

namespace Vmsim.Benchmarks;

/// <summary>Page-number sequences for benchmarks: uniform, zipf and loop, seeded.</summary>
internal static class SyntheticPages
{
    public static ulong[] Uniform(int count, int distinct, int seed)
    {
        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            pages[i] = (ulong)random.Next(distinct);
        }

        return pages;
    }

    public static ulong[] Zipf(int count, int distinct, double exponent, int seed)
    {
        // Scatter ranks over the space so that popular pages are not neighbours.
        return new ZipfDistribution(distinct, exponent).Pages(count, seed, rank => (ulong)(rank * 2_654_435_761L % distinct));
    }

    public static ulong[] Loop(int count, int distinct)
    {
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            pages[i] = (ulong)(i % distinct);
        }

        return pages;
    }
}
