using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

public sealed class SampledCurveTrustTests
{
    [Fact]
    public void A_sample_at_one_percent_moves_in_steps_of_100_frames_and_resolves_sizes_from_1000()
    {
        var shards = new Shards(0.01);
        var exact = new LruStackDistance();
        foreach (var page in GeneratedTraces.Zipf(1, 5000, 2000, 0.9))
        {
            shards.Access(0, page);
            exact.Access(0, page);
        }

        var sampled = shards.ToCurve();
        Assert.Equal((100L, 1000L), (sampled.StepFrames, sampled.SmallestResolvedFrames));
        Assert.Equal((false, true), (sampled.Resolves(999), sampled.Resolves(1000)));

        var whole = exact.ToCurve();
        Assert.Equal((1L, 1L, true), (whole.StepFrames, whole.SmallestResolvedFrames, whole.Resolves(1)));
    }

    [Fact]
    public void An_estimate_rescaled_above_one_is_capped_at_one_and_says_it_was()
    {
        // Rate 0.1 over 100 accesses expects 10 samples; a sample of 30 first touches misses 30
        // times at every size: 30 / 10 = 3, given as 1.
        var curve = new MissRatioCurve(new long[] { 0, 0 }, accesses: 100, sampledAccesses: 30, sampledColdMisses: 30, threshold: Shards.Modulus / 10, adjusted: true);

        Assert.Equal(3, curve.RescaledMissRatio(50), 4);
        Assert.Equal(1, curve.MissRatio(50));
        Assert.True(curve.IsCapped(50));
        Assert.Equal(10, curve.ExpectedSampledAccesses, 4);
    }

    [Fact]
    public void An_exact_curve_is_never_capped_nor_small_and_a_sample_of_fewer_than_1000_pages_is_small()
    {
        var exact = new LruStackDistance();
        foreach (var page in GeneratedTraces.Zipf(2, 3000, 40, 0.9))
        {
            exact.Access(0, page);
        }

        var whole = exact.ToCurve();
        Assert.False(whole.SampleIsSmall);
        Assert.All(Enumerable.Range(1, 50), f => Assert.False(whole.IsCapped(f)));

        MissRatioCurve Sampled(long pages) =>
            new(new long[] { 0, 5 }, 100, 10, 5, Shards.Modulus / 10, adjusted: true) { SampledPages = pages };
        Assert.True(Sampled(MissRatioCurve.TrustedSampledPages - 1).SampleIsSmall);
        Assert.False(Sampled(MissRatioCurve.TrustedSampledPages).SampleIsSmall);
    }
}
