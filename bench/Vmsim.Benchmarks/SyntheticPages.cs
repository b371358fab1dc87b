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
        var cumulative = new double[distinct];
        var sum = 0.0;
        for (var k = 0; k < distinct; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            cumulative[k] = sum;
        }

        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var rank = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            // Scatter ranks over the space so that popular pages are not neighbours.
            pages[i] = (ulong)((rank < 0 ? ~rank : rank) * 2_654_435_761L % distinct);
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
