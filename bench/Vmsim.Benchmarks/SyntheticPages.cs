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
        var zipf = new ZipfDistribution(distinct, exponent);
        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            // Scatter ranks over the space so that popular pages are not neighbours.
            pages[i] = (ulong)(zipf.Sample(random) * 2_654_435_761L % distinct);
        }

        return pages;
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
