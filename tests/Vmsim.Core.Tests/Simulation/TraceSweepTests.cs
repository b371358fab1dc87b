using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>A sweep is every policy at every size, each a replay of its own; memory budget and core count change nothing in the results.</summary>
public class TraceSweepTests
{
    private static MemoryAccess[] Accesses(int count, int distinct, int seed, int processes = 1) =>
        GeneratedTraces.Mixed(count, distinct, seed, i => i % processes);

    private static SweepPoint Replay(MemoryAccess[] accesses, string policy, int frames)
    {
        var replay = new TraceReplay(new MachineConfig { Policy = policy, Frames = frames });
        replay.Replay(GeneratedTraces.WithNextUse(accesses));
        var c = replay.Machine.Counters;
        return new SweepPoint(policy, frames, c.Accesses, c.Faults, c.Evictions, c.Writebacks);
    }

    [Fact]
    public void A_trace_loads_into_memory_up_to_its_budget_and_not_past_it()
    {
        var accesses = Accesses(3000, 50, 1);
        var bytes = accesses.Length * (long)MemoryTrace.AccessBytes;

        var exact = MemoryTrace.TryLoad(new ArrayTraceReader(accesses), bytes);
        var over = MemoryTrace.TryLoad(new ArrayTraceReader(accesses), bytes - 1);

        Assert.NotNull(exact);
        Assert.Equal(3000, exact.Count);
        Assert.Null(over);
        var copy = new MemoryAccess[3000];
        using var reader = exact.OpenReader();
        Assert.Equal(3000, reader.Read(copy));
        Assert.Equal(accesses, copy);
        Assert.Equal(0, reader.Read(copy));
    }

    [Theory]
    [InlineData(TraceFormats.Pages, "7\n0\n1\n", true)]
    [InlineData(TraceFormats.Address, "0x7000\n0x0\n", false)]
    public void A_trace_in_memory_records_page_numbers_as_the_trace_it_was_read_from_did(string format, string text, bool pages)
    {
        using var file = TraceFormats.Open(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), "t", format, 4096);
        var trace = MemoryTrace.TryLoad(file, 1 << 20);

        Assert.NotNull(trace);
        using var reader = trace.OpenReader();
        Assert.Equal(pages, reader.RecordsPageNumbers);
        Assert.Equal(pages, trace.RecordsPageNumbers);
    }

    [Fact]
    public void Future_computed_in_memory_is_the_next_use_of_the_same_page_by_the_same_process()
    {
        var accesses = Accesses(5000, 40, 2, processes: 3);
        var expected = NextUse.Compute(accesses.Select(a => (a.Pid, a.Address >> 12)).ToArray());
        var trace = MemoryTrace.FromAccesses(accesses);

        trace.ComputeFuture(4096);

        var copy = new MemoryAccess[5000];
        trace.OpenReader().Read(copy);
        Assert.True(trace.HasFuture);
        Assert.Equal(expected, copy.Select(a => a.NextUse));
    }

    [Fact]
    public void Sweep_results_equal_single_replays_whatever_the_parallelism_and_budget()
    {
        var accesses = Accesses(6000, 90, 3, processes: 2);
        var config = new MachineConfig();
        string[] policies = ["fifo", "lru", "opt", "clock", "arc"];
        var jobs = TraceSweep.Jobs(policies, [4, 16, 40]);
        var expected = jobs.Select(j => Replay(accesses, j.Policy, j.Frames)).ToArray();

        var inMemory = SweepSource.Prepare(() => new ArrayTraceReader(accesses), 4096, 1 << 30);
        var streamed = SweepSource.Prepare(() => new ArrayTraceReader(accesses), 4096, 0);
        var one = TraceSweep.Run(inMemory, config, jobs, 1);
        var four = TraceSweep.Run(SweepSource.Prepare(() => new ArrayTraceReader(accesses), 4096, 1 << 30), config, jobs, 4);
        var progress = new SweepProgress();
        var fromDisk = TraceSweep.Run(streamed, config, jobs, 3, progress: progress);

        Assert.True(inMemory.InMemory);
        Assert.False(streamed.InMemory);
        Assert.Equal(accesses.Select(a => (a.Pid, a.Address >> 12)).Distinct().Count(), inMemory.DistinctPages);
        Assert.Equal(inMemory.DistinctPages, streamed.DistinctPages);
        Assert.Equal(expected, one);
        Assert.Equal(expected, four);
        Assert.Equal(expected, fromDisk);
        Assert.Equal(jobs.Count, progress.JobsDone);
        Assert.Equal(6000L * jobs.Count, progress.AccessesDone);
    }

    [Fact]
    public void A_streamed_sweep_runs_the_next_use_pre_pass_once_for_all_its_opt_runs()
    {
        var accesses = Accesses(3000, 60, 5);
        var opens = 0;
        var streamed = SweepSource.Prepare(() => { Interlocked.Increment(ref opens); return new ArrayTraceReader(accesses); }, 4096, 0);
        var afterPrepare = opens;
        var jobs = TraceSweep.Jobs(["opt", "lru"], [4, 8, 16]);

        var results = TraceSweep.Run(streamed, new MachineConfig(), jobs, 2);

        // One reading for the pre-pass, then one for each of the six runs.
        Assert.Equal(1 + jobs.Count, opens - afterPrepare);
        Assert.Equal(jobs.Select(j => Replay(accesses, j.Policy, j.Frames)), results);
    }

    [Fact]
    public void A_size_past_the_footprint_simulates_the_footprint_alone_under_global_replacement_and_counts_the_same()
    {
        var accesses = Accesses(4000, 60, 3, processes: 2);
        var source = SweepSource.Prepare(() => new ArrayTraceReader(accesses), 4096, 1 << 30);
        var global = new MachineConfig();
        var local = new MachineConfig { Scope = ReplacementScope.Local };

        Assert.Equal(source.DistinctPages, TraceSweep.FramesToSimulate(global, 50_000_000, source.DistinctPages));
        Assert.Equal(20, TraceSweep.FramesToSimulate(global, 20, source.DistinctPages));
        Assert.Equal(50_000_000, TraceSweep.FramesToSimulate(local, 50_000_000, source.DistinctPages));

        // A run at 50 million frames reports that size and the counts of a memory that never fills.
        var huge = Assert.Single(TraceSweep.Run(source, global, [new SweepJob("lru", 50_000_000)], 1));
        Assert.Equal(50_000_000, huge.Frames);
        Assert.Equal(source.DistinctPages, huge.Faults);
        Assert.Equal(0, huge.Evictions);
        Assert.Equal(Replay(accesses, "lru", (int)source.DistinctPages) with { Frames = 50_000_000 }, huge);
    }

    [Fact]
    public void Sweep_jobs_are_policy_major()
    {
        var jobs = TraceSweep.Jobs(["fifo", "lru"], [1, 2]);

        Assert.Equal([new SweepJob("fifo", 1), new SweepJob("fifo", 2), new SweepJob("lru", 1), new SweepJob("lru", 2)], jobs);
    }

    [Fact]
    public void A_replay_records_steps_for_the_first_accesses_only_and_counts_them_all()
    {
        var accesses = Accesses(500, 30, 4);
        var config = new MachineConfig { Frames = 8, Policy = "fifo" };

        var full = TraceRun.Replay(new ArrayTraceReader(accesses), config);
        var stepped = TraceRun.Replay(new ArrayTraceReader(accesses), config, stepLimit: 10);
        var all = TraceRun.Replay(new ArrayTraceReader(accesses), config, stepLimit: 500);

        Assert.Empty(full.Steps);
        Assert.Equal(10, stepped.Steps.Count(s => s.Access is not null));
        Assert.True(stepped.StepsTruncated);
        Assert.False(all.StepsTruncated);
        Assert.Equal(500, all.Steps.Count(s => s.Access is not null));
        Assert.Equal(500, stepped.Accesses);
        Assert.Equal(full.Machine.Counters.Faults, stepped.Machine.Counters.Faults);
        Assert.Equal(full.Machine.Counters.Faults, all.Machine.Counters.Faults);
    }

    [Fact]
    public void Opening_for_opt_runs_the_pre_pass_only_when_the_format_lacks_the_future()
    {
        var text = string.Concat("7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1".Split(' ').Select(p => p + "\n"));
        ITraceReader Open() => TraceFormats.Open(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), "refs", null, 4096);
        var config = new MachineConfig { Frames = 3, Policy = "opt" };

        using var reader = TraceRun.Open(Open, config, out var prepass);
        var result = TraceRun.Replay(reader, config);
        using var plain = TraceRun.Open(Open, config with { Policy = "fifo" }, out var none);

        Assert.True(prepass);
        Assert.False(none);
        Assert.Equal(9, result.Machine.Counters.Faults);
        Assert.True(reader.RecordsPageNumbers);
    }
}
