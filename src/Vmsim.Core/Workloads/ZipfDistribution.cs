namespace Vmsim.Core.Workloads;

/// <summary>
/// Zipf's law over <c>ranks</c> items: rank k (from 0) is drawn with probability
/// proportional to 1 / (k + 1)^exponent, by a binary search of the cumulative weights. A
/// scenario's <c>zipf</c> touches, and the seeded page sequences of the benchmarks and the
/// tests, draw from it, each mapping ranks to pages its own way.
/// </summary>
public sealed class ZipfDistribution
{
    private readonly double[] _cumulative;
    private readonly double _sum;

    /// <summary>Prepares the cumulative weights of <paramref name="ranks"/> items with <paramref name="exponent"/> (1 is Zipf's own law).</summary>
    public ZipfDistribution(int ranks, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        _cumulative = new double[ranks];
        var sum = 0.0;
        for (var k = 0; k < ranks; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }

        _sum = sum;
    }

    /// <summary>A rank from 0 to the number of items minus one, drawn with <paramref name="random"/>.</summary>
    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var k = Array.BinarySearch(_cumulative, random.NextDouble() * _sum);
        return Math.Min(k < 0 ? ~k : k, _cumulative.Length - 1);
    }

    /// <summary>
    /// <paramref name="count"/> ranks drawn in turn by a generator seeded with
    /// <paramref name="seed"/>, each placed on a page by <paramref name="pageOf"/>: the same
    /// arguments give the same pages.
    /// </summary>
    public ulong[] Pages(int count, int seed, Func<int, ulong> pageOf)
    {
        ArgumentNullException.ThrowIfNull(pageOf);
        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            pages[i] = pageOf(Sample(random));
        }

        return pages;
    }
}
