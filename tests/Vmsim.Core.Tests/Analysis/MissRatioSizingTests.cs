using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

/// <summary>
/// The sizing questions a curve answers: the fewest frames for a miss ratio, the floor the
/// compulsory misses set, and the knees a grid of sizes steps over.
/// </summary>
public sealed class MissRatioSizingTests
{
    private static MissRatioCurve Exact(IEnumerable<ulong> pages)
    {
        var analysis = new LruStackDistance();
        foreach (var page in pages)
        {
            analysis.Access(0, page);
        }

        return analysis.ToCurve();
    }

    private static MissRatioCurve Sampled(IEnumerable<ulong> pages, double rate)
    {
        var analysis = new Shards(rate, seed: 5);
        foreach (var page in pages)
        {
            analysis.Access(0, page);
        }

        return analysis.ToCurve();
    }

    // A loop over 200 pages five times, then 100 pages touched once: one cliff, at 200 frames.
    private static ulong[] LoopThenNewPages() =>
        [.. GeneratedTraces.Loop(200, 5), .. Enumerable.Range(1000, 100).Select(p => (ulong)p)];

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    [InlineData(0.1)]
    [InlineData(0.05)]
    [InlineData(0.02)]
    public void The_fewest_frames_for_a_miss_ratio_are_the_first_size_of_the_whole_curve_within_it_or_none(double target)
    {
        var curve = Exact(GeneratedTraces.Zipf(4, 20_000, 500, 0.9));

        var frames = curve.SmallestFramesWithin(target);

        // Null below the floor: 0.02 is, as a Zipf trace of 500 pages in 20,000 accesses has 2.5% compulsory misses.
        var expected = Enumerable.Range(1, 500).Select(f => (long?)f).FirstOrDefault(f => curve.MissRatio(f!.Value) <= target);
        Assert.Equal(expected, frames);
    }

    [Fact]
    public void A_sampled_curve_answers_from_its_own_estimate()
    {
        var curve = Sampled(GeneratedTraces.Zipf(4, 20_000, 2000, 0.9), 0.25);

        var frames = curve.SmallestFramesWithin(0.1);

        Assert.NotNull(frames);
        Assert.True(curve.MissRatio(frames.Value) <= 0.1);
        Assert.True(curve.MissRatio(frames.Value - 1) > 0.1, "one frame fewer is above the target");
    }

    [Fact]
    public void Below_the_compulsory_misses_no_memory_is_enough()
    {
        var curve = Exact(GeneratedTraces.Loop(10, 5));

        Assert.Equal(0.2, curve.FloorMissRatio);
        Assert.Equal(10, curve.SmallestFramesWithin(0.2));
        Assert.Null(curve.SmallestFramesWithin(0.19));
    }

    [Fact]
    public void A_loop_that_fits_at_last_is_a_knee_between_the_sizes_around_it()
    {
        var curve = Exact(LoopThenNewPages());

        var knees = curve.KneesBetween([1, 150, 250, 300], 0.001, 6);

        Assert.Equal([199, 200], knees);
        Assert.True(curve.MissRatio(199) - curve.MissRatio(200) > 0.5);
    }

    [Fact]
    public void A_knee_on_a_size_of_the_grid_adds_the_size_before_it()
    {
        var curve = Exact(LoopThenNewPages());

        Assert.Equal([199, 200], curve.KneesBetween([1, 150, 200, 300], 0.001, 6));
    }

    [Fact]
    public void Loops_of_a_few_sizes_that_fit_at_last_are_one_knee_around_them_all()
    {
        // Loops over 200, 202 and 204 other pages, five times each: three falls of a third,
        // none of them half the fall between 150 and 250 frames, all three within 5 frames.
        ulong[] pages = [.. GeneratedTraces.Loop(200, 5), .. GeneratedTraces.Loop(202, 5).Select(p => p + 1000), .. GeneratedTraces.Loop(204, 5).Select(p => p + 2000)];
        var curve = Exact(pages);

        Assert.Equal([199, 204], curve.KneesBetween([1, 150, 250, 300], 0.001, 6));
        Assert.True(curve.MissRatio(199) - curve.MissRatio(200) < (curve.MissRatio(150) - curve.MissRatio(250)) / 2, "no single frame holds half the fall");
    }

    [Fact]
    public void A_fall_spread_over_more_than_a_quarter_of_the_gap_is_no_knee()
    {
        // Loops over 200, 215 and 230 pages: the three falls span 31 frames of a gap of 100.
        ulong[] pages = [.. GeneratedTraces.Loop(200, 5), .. GeneratedTraces.Loop(215, 5).Select(p => p + 1000), .. GeneratedTraces.Loop(230, 5).Select(p => p + 2000)];
        var curve = Exact(pages);

        Assert.Empty(curve.KneesBetween([1, 150, 250, 300], 0.001, 6));
    }

    [Fact]
    public void A_curve_that_falls_smoothly_has_no_knees()
    {
        var curve = Exact(GeneratedTraces.Local(2, 20_000, 300));
        long[] sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300];

        Assert.Empty(curve.KneesBetween(sizes, 0.001, 6));
    }

    [Fact]
    public void The_largest_falls_are_the_knees_kept()
    {
        // Two loops one after the other: 50 pages, then 200 other pages; each fits at last at its own size.
        ulong[] pages = [.. GeneratedTraces.Loop(50, 40), .. GeneratedTraces.Loop(200, 4).Select(p => p + 10_000)];
        var curve = Exact(pages);

        var both = curve.KneesBetween([1, 30, 100, 300], 0.001, 6);
        var one = curve.KneesBetween([1, 30, 100, 300], 0.001, 1);

        Assert.Equal([49, 50, 199, 200], both);
        var larger = curve.MissRatio(49) - curve.MissRatio(50) > curve.MissRatio(199) - curve.MissRatio(200) ? 50 : 200;
        Assert.Equal([larger - 1, larger], one);
    }

    [Fact]
    public void A_sampled_curve_has_no_knees()
    {
        var curve = Sampled(LoopThenNewPages(), 0.5);

        Assert.Empty(curve.KneesBetween([1, 150, 250, 300], 0.001, 6));
    }
}
