using Vmsim.Core.Analysis;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Tests.Shared;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A warm-up leaves a trace's first accesses out of the counts: what a run counts after a
/// warm-up of W accesses is what the whole run counts less what a run of its first W counts
/// (the machine, or the stack, being in the same state at W either way).
/// </summary>
public class WarmupTests
{
    // Two processes taking turns in runs of 300 accesses, writes among the reads, some locality and
    // some noise, each access told its next use (for OPT).
    private static MemoryAccess[] Trace(int count, int distinct, int seed) =>
        GeneratedTraces.WithNextUse(GeneratedTraces.Mixed(count, distinct, seed, i => (i / 300) % 2));

    private static MachineConfig Config(string policy, int frames) => new() { Policy = policy, Frames = frames, SwapSlots = 256 };

    // Replays the accesses in uneven batches, so that batch edges fall anywhere.
    private static TraceReplay Replay(MemoryAccess[] accesses, MachineConfig config, long warmup = 0)
    {
        var replay = new TraceReplay(config) { Warmup = warmup };
        var at = 0;
        var size = 1;
        while (at < accesses.Length)
        {
            var n = Math.Min(size, accesses.Length - at);
            replay.Replay(accesses.AsSpan(at, n));
            at += n;
            size = (size * 7 % 1013) + 1;
        }

        return replay;
    }

    [Fact]
    public void Resetting_counters_zeroes_every_count_and_keeps_the_cost_model()
    {
        var cost = new CostModel();
        var counters = new Counters { Cost = cost };
        for (var i = 0; i < CounterFields.All.Length; i++)
        {
            CounterFields.All[i].SetValue(counters, (long)(i + 1));
        }

        counters.Reset();

        Assert.All(CounterFields.All, f => Assert.Equal(0L, (long)f.GetValue(counters)!));
        Assert.Same(cost, counters.Cost);
        Assert.True(CounterFields.All.Length >= 25, "the counters' fields were not found");
    }

    [Theory]
    [InlineData("fifo", 24, 1)]
    [InlineData("lru", 24, 999)]
    [InlineData("clock", 40, 4096)]
    [InlineData("opt", 24, 4097)]
    [InlineData("arc", 32, 2500)]
    [InlineData("lirs", 32, 7000)]
    [InlineData("aging", 24, 3333)]
    [InlineData("linux", 40, 1234)]
    public void A_replay_after_a_warm_up_counts_the_whole_replay_less_its_first_accesses(string policy, int frames, int warmup)
    {
        var accesses = Trace(9000, 120, seed: frames + warmup);

        var whole = Replay(accesses, Config(policy, frames));
        var first = Replay(accesses[..warmup], Config(policy, frames));
        var warmed = Replay(accesses, Config(policy, frames), warmup);

        var expected = CounterFields.Of(whole.Machine.Counters).ToDictionary(kv => kv.Key, kv => kv.Value - CounterFields.Of(first.Machine.Counters)[kv.Key]);
        Assert.Equal(expected, CounterFields.Of(warmed.Machine.Counters));
        Assert.Equal(accesses.Length - warmup, warmed.Machine.Counters.Accesses);
        Assert.True(warmed.Machine.Counters.Faults > 0 && warmed.Machine.Counters.Faults < whole.Machine.Counters.Faults);
        foreach (var (pid, process) in warmed.Processes)
        {
            var before = first.Processes.TryGetValue(pid, out var p) ? CounterFields.Of(p.Counters) : CounterFields.All.ToDictionary(f => f.Name, _ => 0L);
            var all = CounterFields.Of(whole.Processes[pid].Counters);
            Assert.Equal(all.ToDictionary(kv => kv.Key, kv => kv.Value - before[kv.Key]), CounterFields.Of(process.Counters));
        }

        Assert.Equal(accesses.Length, warmed.Replayed);
    }

    [Fact]
    public void A_warm_up_changes_the_counts_and_nothing_else()
    {
        var accesses = Trace(6000, 90, seed: 3);
        var plain = Replay(accesses, Config("lru", 32));
        var warmed = Replay(accesses, Config("lru", 32), 2000);

        Assert.Equal(plain.Machine.Kernel.Frames.FreeCount, warmed.Machine.Kernel.Frames.FreeCount);
        Assert.Equal(plain.Machine.Clock.Now, warmed.Machine.Clock.Now);
        Assert.NotEqual(plain.Machine.Counters.Faults, warmed.Machine.Counters.Faults);
    }

    [Fact]
    public void The_exact_curve_after_a_warm_up_is_the_whole_curve_less_the_warm_up_s_and_what_lru_replays_count()
    {
        var pages = GeneratedTraces.Zipf(5, 20_000, 600, 0.9);
        var accesses = GeneratedTraces.Accesses(pages);
        const int warmup = 5000;

        var whole = MattsonCurve.Compute(new ArrayTraceReader(accesses), 4096);
        var first = MattsonCurve.Compute(new ArrayTraceReader(accesses[..warmup]), 4096);
        var warmed = MattsonCurve.Compute(new ArrayTraceReader(accesses), 4096, warmup: warmup);

        Assert.True(warmed.IsExact);
        Assert.Equal(accesses.Length - warmup, warmed.Accesses);
        Assert.Equal(accesses.Length, warmed.TraceAccesses);
        Assert.Equal(warmup, first.TraceAccesses);
        Assert.Equal(whole.SampledPages, warmed.SampledPages);
        Assert.Equal(whole.SampledColdMisses - first.SampledColdMisses, warmed.SampledColdMisses);
        for (var frames = 1; frames <= 610; frames++)
        {
            Assert.Equal(whole.Misses(frames) - first.Misses(frames), warmed.Misses(frames));
        }

        foreach (var frames in new[] { 8, 64, 300 })
        {
            var replay = Replay(accesses, new MachineConfig { Policy = "lru", Frames = frames, SwapSlots = 0 }, warmup);
            Assert.Equal(replay.Machine.Counters.Faults, warmed.Misses(frames));
        }
    }

    [Fact]
    public void A_shards_curve_after_a_warm_up_is_the_whole_estimate_less_the_warm_up_s()
    {
        var pages = GeneratedTraces.Zipf(9, 40_000, 5000, 0.8);
        var accesses = GeneratedTraces.Accesses(pages);
        const int warmup = 12_345;

        var whole = MattsonCurve.Compute(new ArrayTraceReader(accesses), 4096, 0.1, seed: 4);
        var first = MattsonCurve.Compute(new ArrayTraceReader(accesses[..warmup]), 4096, 0.1, seed: 4);
        var warmed = MattsonCurve.Compute(new ArrayTraceReader(accesses), 4096, 0.1, seed: 4, warmup: warmup);

        Assert.Equal(accesses.Length - warmup, warmed.Accesses);
        Assert.Equal(whole.SampledAccesses - first.SampledAccesses, warmed.SampledAccesses);
        Assert.Equal(whole.SampledColdMisses - first.SampledColdMisses, warmed.SampledColdMisses);
        Assert.Equal(whole.SampledPages, warmed.SampledPages);
        foreach (var frames in new[] { 10, 100, 1000, 4000 })
        {
            // Adjusted SHARDS divides the sampled misses by rate × accesses, so the misses it stands for add up.
            var expected = (whole.MissRatio(frames) * whole.Accesses) - (first.MissRatio(frames) * first.Accesses);
            Assert.Equal(expected, warmed.MissRatio(frames) * warmed.Accesses, 6);
        }
    }

    [Fact]
    public void Fixed_size_shards_with_room_for_every_page_gives_the_exact_warmed_curve()
    {
        var accesses = GeneratedTraces.Accesses(GeneratedTraces.Local(2, 15_000, 400));
        var exact = MattsonCurve.Compute(new ArrayTraceReader(accesses), 4096, warmup: 6000);
        var fixedSize = MattsonCurve.ComputeFixedSize(new ArrayTraceReader(accesses), 4096, maxPages: 1000, warmup: 6000);

        Assert.Equal(exact.Accesses, fixedSize.Accesses);
        foreach (var frames in new[] { 1, 5, 20, 100, 399 })
        {
            Assert.Equal(exact.Misses(frames), fixedSize.Misses(frames));
        }
    }

    [Fact]
    public void A_sweep_after_a_warm_up_gives_each_run_what_its_own_warmed_replay_gives()
    {
        var accesses = Trace(5000, 100, seed: 8);
        var source = SweepSource.FromMemory(MemoryTrace.FromAccesses(accesses), 4096);
        var jobs = TraceSweep.Jobs(["fifo", "lru", "opt"], [16, 48]);
        var baseConfig = new MachineConfig { SwapSlots = 256 };

        var points = TraceSweep.Run(source, baseConfig, jobs, 2, warmup: 1500);

        foreach (var (job, point) in jobs.Zip(points))
        {
            var replay = Replay(accesses, Config(job.Policy, job.Frames), 1500);
            Assert.Equal(replay.Machine.Counters.Faults, point.Faults);
            Assert.Equal(replay.Machine.Counters.Writebacks, point.Writebacks);
            Assert.Equal(accesses.Length - 1500, point.Accesses);
        }
    }

    [Fact]
    public void After_opt_s_pre_pass_the_reader_knows_the_trace_s_length_so_a_share_and_the_replay_read_it_twice_in_all()
    {
        // No next uses in the accesses: OPT's pre-pass computes them, reading the trace once.
        var accesses = GeneratedTraces.Mixed(7000, 90, 6, i => (i / 300) % 2);
        var trace = new CountedTrace(() => new ArrayTraceReader(accesses));
        var config = Config("opt", 24);

        using var reader = TraceRun.Open(trace.Open, config, out var prepass);
        var readBeforeTheReplay = trace.AccessesRead;
        Assert.True(prepass);
        Assert.Equal(accesses.Length, reader.Accesses);
        var warmup = TraceWarmup.OfShare(reader.Accesses!.Value, 10m);
        var result = TraceRun.Replay(reader, config, warmup: warmup);

        // The pre-pass's reading, then the replay's: the share took none of its own.
        Assert.Equal(accesses.Length, readBeforeTheReplay);
        Assert.Equal(2L * accesses.Length, trace.AccessesRead);
        Assert.Equal(accesses.Length, result.Accesses);
        Assert.Equal(accesses.Length - warmup, result.Machine.Counters.Accesses);
        Assert.Equal(CounterFields.Of(Replay(GeneratedTraces.WithNextUse(accesses), config, warmup).Machine.Counters), CounterFields.Of(result.Machine.Counters));
    }

    [Fact]
    public void Within_says_how_much_of_a_batch_the_warm_up_takes()
    {
        Assert.Equal(0, TraceWarmup.Within(0, 0, 100));
        Assert.Equal(100, TraceWarmup.Within(500, 0, 100));
        Assert.Equal(50, TraceWarmup.Within(150, 100, 100));
        Assert.Equal(0, TraceWarmup.Within(150, 150, 100));
        Assert.Equal(0, TraceWarmup.Within(150, 400, 100));
    }

    [Theory]
    [InlineData(1000L, 10.0, 100L)]
    [InlineData(1005L, 10.0, 100L)]
    [InlineData(1009L, 10.0, 100L)]
    [InlineData(1010L, 10.0, 101L)]
    [InlineData(6000L, 12.5, 750L)]
    [InlineData(3L, 50.0, 1L)]
    [InlineData(0L, 25.0, 0L)]
    public void A_share_of_a_trace_is_that_many_of_its_accesses_rounded_down(long accesses, double percent, long expected) =>
        Assert.Equal(expected, TraceWarmup.OfShare(accesses, (decimal)percent));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(100.0)]
    public void A_share_that_takes_nothing_or_everything_is_refused(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceWarmup.OfShare(100, (decimal)percent));

    [Fact]
    public void Counting_a_trace_counts_the_accesses_a_replay_makes_of_it()
    {
        // An instruction fetch across a page boundary and a modify (load then store) are two accesses each.
        const string text = "I  00000ffe,4\n L 00002000,8\n M 00003000,4\n==12== note\n S 00004000,8\n";
        var reports = new List<long>();
        using var counted = new LackeyTraceReader(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), 4096);
        using var replayed = new LackeyTraceReader(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), 4096);

        var accesses = TraceWarmup.CountAccesses(counted, new Vmsim.Core.Simulation.ProgressCallback(reports.Add));

        Assert.Equal(6, accesses);
        Assert.Equal(TraceRun.Replay(replayed, new MachineConfig()).Accesses, accesses);
        Assert.Equal(6, reports[^1]);
    }

    [Fact]
    public void A_negative_warm_up_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TraceReplay(new MachineConfig()) { Warmup = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => MattsonCurve.Compute(new ArrayTraceReader([]), 4096, warmup: -1));
    }
}
