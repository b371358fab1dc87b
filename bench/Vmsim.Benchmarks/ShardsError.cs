using System.Globalization;
using Vmsim.Core.Analysis;
using Vmsim.Core.Workloads;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- shards-error</c>: the error tables of docs/formats.md. The trace is the analysis tests'
/// (2 M accesses, Zipf 0.9 over 200 000 pages, seed 42, rank k at page k * 7919 + 11); the error
/// is the mean absolute difference between the sampled and the exact miss ratio at 100 memory
/// sizes evenly spread up to the distinct pages, for hash seeds 0 to 4.
/// </summary>
internal static class ShardsError
{
    public static void Run(string[] args)
    {
        var pages = Zipf(42, 2_000_000, 200_000, 0.9);
        var exact = new LruStackDistance();
        foreach (var page in pages)
        {
            exact.Access(0, page);
        }

        var curve = exact.ToCurve();
        var distinct = exact.DistinctPages;
        var sizes = Enumerable.Range(1, 100).Select(i => (long)distinct * i / 100).ToArray();
        Console.WriteLine($"{pages.Length:N0} accesses, {distinct:N0} distinct pages");
        Console.WriteLine("| sampler | adjusted | MAE, seeds 0–4 | mean | max | sampled pages at the end | final rate |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var rate in new[] { 0.1, 0.01, 0.001 })
        {
            foreach (var adjust in new[] { true, false })
            {
                Report($"fixed rate R = {rate}", adjust, Enumerable.Range(0, 5).Select(seed =>
                {
                    var shards = new Shards(rate, (ulong)seed) { Adjust = adjust };
                    foreach (var page in pages)
                    {
                        shards.Access(0, page);
                    }

                    return (shards.ToCurve(), shards.SampledPages, shards.Rate);
                }));
            }
        }

        foreach (var size in new[] { 8192, 2048, 512 })
        {
            foreach (var adjust in new[] { true, false })
            {
                Report($"fixed size S = {size}", adjust, Enumerable.Range(0, 5).Select(seed =>
                {
                    var shards = new FixedSizeShards(size, 1.0, (ulong)seed) { Adjust = adjust };
                    foreach (var page in pages)
                    {
                        shards.Access(0, page);
                    }

                    return (shards.ToCurve(), shards.SampledPages, shards.Rate);
                }));
            }
        }

        void Report(string name, bool adjust, IEnumerable<(MissRatioCurve Curve, int Pages, double Rate)> runs)
        {
            var results = runs.ToArray();
            var errors = results.Select(r => sizes.Average(f => Math.Abs(curve.MissRatio(f) - r.Curve.MissRatio(f)))).ToArray();
            var list = string.Join(" ", errors.Select(e => e.ToString("F4", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {(adjust ? "yes" : "no")} | {list} | {errors.Average():F4} | {errors.Max():F4} | {results.Average(r => r.Pages):F0} | {results.Average(r => r.Rate):G3} |"));
        }
    }

    // The analysis tests' sequence (GeneratedTraces.Zipf), made the same way here so the tables can be remade.
    private static ulong[] Zipf(int seed, int length, int pages, double skew) =>
        new ZipfDistribution(pages, skew).Pages(length, seed, rank => ((ulong)rank * 7919) + 11);
}
