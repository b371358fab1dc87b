using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

public sealed class LruStackDistanceTests
{
    public static TheoryData<string> Traces() => new() { "local", "zipf", "loop", "repeats", "pids" };

    private static (int Pid, ulong Page)[] Trace(string name) => name switch
    {
        "local" => GeneratedTraces.Local(1, 3000, 60).Select(p => (0, p)).ToArray(),
        "zipf" => GeneratedTraces.Zipf(2, 3000, 200, 0.8).Select(p => (0, p)).ToArray(),
        "loop" => GeneratedTraces.Loop(25, 40).Select(p => (0, p)).ToArray(),
        "repeats" => [.. Enumerable.Range(0, 2000).Select(i => (0, (ulong)(i / 7 % 13)))],
        _ => GeneratedTraces.Local(3, 3000, 40).Select((p, i) => (i % 3, p)).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void The_one_pass_curve_equals_running_LRU_at_every_size(string name)
    {
        var trace = Trace(name);
        var analysis = new LruStackDistance();
        foreach (var (pid, page) in trace)
        {
            analysis.Access(pid, page);
        }

        var curve = analysis.ToCurve();
        var distinct = trace.Distinct().Count();
        Assert.Equal(distinct, analysis.DistinctPages);
        Assert.Equal(distinct, curve.SampledColdMisses);
        Assert.True(curve.IsExact);
        for (var frames = 1; frames <= distinct + 1; frames++)
        {
            var expected = SimpleLru.Misses(trace, frames);
            Assert.True(expected == curve.Misses(frames), $"{name} with {frames} frames: LRU misses {expected}, curve {curve.Misses(frames)}");
            Assert.Equal((double)expected / trace.Length, curve.MissRatio(frames), 12);
        }

        Assert.Equal(trace.Length, curve.Misses(0));
        Assert.Equal(distinct, curve.Misses(long.MaxValue));
    }

    [Fact]
    public void A_loop_one_page_larger_than_memory_misses_every_time()
    {
        var analysis = new LruStackDistance();
        foreach (var page in GeneratedTraces.Loop(10, 5))
        {
            analysis.Access(0, page);
        }

        var curve = analysis.ToCurve();
        Assert.Equal(50, curve.Misses(9));
        Assert.Equal(10, curve.Misses(10));
        Assert.Equal(10, curve.FramesToFloor);
        Assert.Equal(Enumerable.Range(1, 10).Select(f => (long)f), curve.Points().Select(p => p.Frames));
    }

    [Fact]
    public void Stack_distances_are_the_textbook_ones()
    {
        var analysis = new LruStackDistance();
        long[] distances = [.. new ulong[] { 1, 2, 3, 1, 1, 3, 4, 2 }.Select(p => analysis.Access(0, p))];
        Assert.Equal([0, 0, 0, 3, 1, 2, 0, 4], distances);
    }

    [Fact]
    public void The_time_tree_stays_bounded_by_the_distinct_pages_on_a_long_trace()
    {
        var analysis = new LruStackDistance();
        var trace = GeneratedTraces.Local(4, 200_000, 500);
        foreach (var page in trace)
        {
            analysis.Access(0, page);
        }

        Assert.True(analysis.TreeCapacity <= Math.Max(4096, 4 * analysis.DistinctPages), $"tree of {analysis.TreeCapacity} for {analysis.DistinctPages} pages");
        var curve = analysis.ToCurve();
        foreach (var frames in new[] { 1, 10, 63, 64, 65, 200, 499, 500 })
        {
            Assert.Equal(SimpleLru.Misses(trace.Select(p => (0, p)), frames), curve.Misses(frames));
        }
    }

    [Fact]
    public void Compute_reads_a_whole_trace()
    {
        var pages = GeneratedTraces.Zipf(9, 5000, 300, 1.0);
        using var reader = new ArrayTraceReader(GeneratedTraces.Accesses(pages, offsetBits: 13));
        var curve = MattsonCurve.Compute(reader, 8192);
        Assert.Equal(5000, curve.Accesses);
        Assert.Equal(SimpleLru.Misses(pages.Select(p => (0, p)), 50), curve.Misses(50));
    }
}
