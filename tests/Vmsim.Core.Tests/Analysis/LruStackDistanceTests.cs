using Vmsim.Core.Analysis;
using Vmsim.Tests.Shared;

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
            var expected = CacheSimulators.Lru(trace, frames);
            Assert.True(expected == curve.Misses(frames), $"{name} with {frames} frames: LRU misses {expected}, curve {curve.Misses(frames)}");
            Assert.Equal((double)expected / trace.Length, curve.MissRatio(frames), 12);
        }

        Assert.Equal(trace.Length, curve.Misses(0));
        Assert.Equal(distinct, curve.Misses(long.MaxValue));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Counting_in_batches_gives_the_same_distances_as_one_at_a_time(string name)
    {
        // Batches cut at odd places, repeats of the top page across batch edges, and enough
        // accesses over few pages that the timeline is renumbered many times mid-trace.
        var trace = Trace(name);
        trace = [.. trace, .. trace.Reverse(), .. trace.SelectMany(a => new[] { a, a })];
        var accesses = GeneratedTraces.Accesses(trace.Select(a => a.Page).ToArray(), pidOf: i => trace[i].Pid);
        var single = new LruStackDistance();
        foreach (var (pid, page) in trace)
        {
            single.Access(pid, page);
        }

        var batched = new LruStackDistance(spillAfter: 1500);
        var random = new Random(1);
        for (var start = 0; start < accesses.Length;)
        {
            var n = Math.Min(accesses.Length - start, random.Next(1, 3000));
            batched.Add(accesses.AsSpan(start, n), 12);
            start += n;
        }

        Assert.Equal(single.Accesses, batched.Accesses);
        Assert.Equal(single.ColdMisses, batched.ColdMisses);
        Assert.Equal(single.DistinctPages, batched.DistinctPages);
        Assert.Equal(Trim(single.Hits), Trim(batched.Hits));
        var curve = batched.ToCurve();
        for (var frames = 1; frames <= single.DistinctPages + 1; frames++)
        {
            Assert.Equal(CacheSimulators.Lru(trace, frames), curve.Misses(frames));
        }
    }

    [Fact]
    public void Removing_a_page_takes_it_out_of_later_distances()
    {
        var analysis = new LruStackDistance();
        long[] before = [.. new ulong[] { 1, 2, 3 }.Select(p => analysis.Access(0, p))];
        Assert.True(analysis.Remove(0, 2));
        Assert.False(analysis.Remove(0, 2));
        Assert.Equal(2, analysis.DistinctPages);

        // 1 was under 2 and 3; with 2 gone, only 3 is above it. 2 comes back as new.
        Assert.Equal(2, analysis.Access(0, 1));
        Assert.Equal(0, analysis.Access(0, 2));
        Assert.Equal(3, analysis.Access(0, 3));

        // The top page removed: its repeat is not a repeat any more.
        Assert.True(analysis.Remove(0, 3));
        Assert.Equal(0, analysis.Access(0, 3));
    }

    private static long[] Trim(ReadOnlySpan<long> hits)
    {
        var length = hits.Length;
        while (length > 0 && hits[length - 1] == 0)
        {
            length--;
        }

        return hits[..length].ToArray();
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
            Assert.Equal(CacheSimulators.Lru(trace.Select(p => (0, p)), frames), curve.Misses(frames));
        }
    }

    [Fact]
    public void Compute_reads_a_whole_trace()
    {
        var pages = GeneratedTraces.Zipf(9, 5000, 300, 1.0);
        using var reader = new ArrayTraceReader(GeneratedTraces.Accesses(pages, offsetBits: 13));
        var curve = MattsonCurve.Compute(reader, 8192);
        Assert.Equal(5000, curve.Accesses);
        Assert.Equal(CacheSimulators.Lru(pages.Select(p => (0, p)), 50), curve.Misses(50));
    }
}
