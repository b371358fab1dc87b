using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

public sealed class FixedSizeShardsTests
{
    [Fact]
    public void With_room_for_every_page_at_rate_one_it_is_the_exact_curve()
    {
        var pages = GeneratedTraces.Zipf(4, 20000, 500, 0.9);
        var exact = new LruStackDistance();
        var shards = new FixedSizeShards(maxPages: 1000);
        foreach (var page in pages)
        {
            exact.Access(0, page);
            Assert.True(shards.Access(0, page));
        }

        var a = exact.ToCurve();
        var b = shards.ToCurve();
        Assert.True(b.IsExact);
        Assert.Equal(1.0, shards.Rate);
        for (var frames = 0; frames <= 600; frames++)
        {
            Assert.Equal(a.Misses(frames), b.Misses(frames));
        }
    }

    [Fact]
    public void The_sample_never_outgrows_its_size_and_the_rate_only_falls()
    {
        const int size = 256;
        var pages = GeneratedTraces.Zipf(6, 200_000, 50_000, 0.6);
        var shards = new FixedSizeShards(size, seed: 2);
        var rate = shards.Rate;
        foreach (var page in pages)
        {
            shards.Access(0, page);
            Assert.True(shards.SampledPages <= size);
            Assert.True(shards.Rate <= rate);
            rate = shards.Rate;
        }

        // Full, at about the rate that keeps `size` of the trace's distinct pages.
        var distinct = pages.Distinct().Count();
        Assert.Equal(size, shards.SampledPages);
        Assert.InRange(shards.Rate * distinct, size * 0.8, size * 1.25);
        Assert.InRange(shards.SampledAccesses, 1, pages.Length / 10);

        // A page left behind never comes back: every sampled access is below the rate at its time.
        var again = new FixedSizeShards(size, seed: 2);
        foreach (var page in pages)
        {
            if (again.Access(0, page) && !new Shards(again.Rate, seed: 2).IsSampled(0, page))
            {
                Assert.Fail($"page {page} sampled above the rate {again.Rate}");
            }
        }
    }

    [Fact]
    public void A_small_sample_of_a_large_footprint_widens_its_bins_and_keeps_a_sane_curve()
    {
        var pages = GeneratedTraces.Zipf(8, 300_000, 100_000, 0.7);
        var shards = new FixedSizeShards(maxPages: 64, seed: 1);
        foreach (var page in pages)
        {
            shards.Access(0, page);
        }

        Assert.True(shards.BinWidth > 1, $"bins of {shards.BinWidth} frames");
        var curve = shards.ToCurve();
        Assert.False(curve.IsExact);
        Assert.True(curve.MaxDistance < shards.MaxBins);
        Assert.Equal(1.0, curve.MissRatio(0));
        var points = curve.Points();
        Assert.All(points, p => Assert.Equal(0, p.Frames % shards.BinWidth));
        for (var i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].MissRatio <= points[i - 1].MissRatio);
        }
    }

    /// <summary>
    /// The documented accuracy (docs/formats.md): on the 2 M-access Zipf(0.9) trace over 200 000 pages
    /// of the fixed-rate test, a sample of at most 2048 pages (its rate falls to about 0.011) stays
    /// within a mean absolute error of 0.015 for each of the seeds 0 to 4 and 0.006 on average
    /// (measured: 0.0085, 0.0048, 0.0010, 0.0028, 0.0025; mean 0.0039).
    /// </summary>
    [Fact]
    public void A_2048_page_sample_of_a_2M_access_zipf_trace_has_a_small_mean_absolute_error()
    {
        var pages = GeneratedTraces.Zipf(42, 2_000_000, 200_000, 0.9);
        var exact = new LruStackDistance();
        var samplers = Enumerable.Range(0, 5).Select(seed => new FixedSizeShards(2048, 1.0, (ulong)seed)).ToArray();
        foreach (var page in pages)
        {
            exact.Access(0, page);
            foreach (var shards in samplers)
            {
                shards.Access(0, page);
            }
        }

        var a = exact.ToCurve();
        var sizes = Enumerable.Range(1, 100).Select(i => (long)exact.DistinctPages * i / 100).ToArray();
        var errors = samplers.Select(s => s.ToCurve()).Select(b => sizes.Average(f => Math.Abs(a.MissRatio(f) - b.MissRatio(f)))).ToArray();
        var report = string.Join(", ", errors.Select(e => e.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(samplers, s => Assert.Equal(2048, s.SampledPages));
        Assert.All(errors, e => Assert.True(e < 0.015, $"mean absolute errors by seed: {report}"));
        Assert.True(errors.Average() < 0.006, $"mean absolute errors by seed: {report}");
    }

    [Fact]
    public void Compute_reads_a_whole_trace_into_a_bounded_sample()
    {
        var pages = GeneratedTraces.Zipf(9, 50_000, 20_000, 0.9);
        using var reader = new ArrayTraceReader(GeneratedTraces.Accesses(pages));
        var curve = MattsonCurve.ComputeFixedSize(reader, 4096, maxPages: 500, seed: 3);
        var direct = new FixedSizeShards(500, 1.0, 3);
        foreach (var page in pages)
        {
            direct.Access(0, page);
        }

        var expected = direct.ToCurve();
        Assert.Equal(50_000, curve.Accesses);
        Assert.True(curve.SamplingRate < 0.1);
        Assert.Equal(expected.MissRatio(1000), curve.MissRatio(1000));
    }

    [Fact]
    public void Sizes_and_rates_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedSizeShards(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedSizeShards(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedSizeShards(10, 1.5));
    }
}
