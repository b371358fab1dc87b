using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// The working-set meter follows Denning's W(t, tau) for each process and the total demand
/// against memory, and changes nothing about the run it measures.
/// </summary>
public class WorkingSetMeterTests
{
    // Silberschatz, Operating System Concepts, "Working-Set Model": the reference string of
    // the figure, with a window of 10 references.
    private const string TextbookString = "2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2 3 4 4 4 3 4 3 4 4 4 1 3 2 3 4 4 4 3 4 4 4";

    private static WorkingSetMeter After(string references, int count, long window)
    {
        var refs = ReferenceString.Parse(references).Take(count).ToList();
        var machine = ReferenceStringRun.Run(refs, new MachineConfig { Frames = 5, Policy = "lru", WorkingSetWindow = window });
        return machine.WorkingSets!;
    }

    [Fact]
    public void Textbook_working_set_is_1_2_5_6_7_at_t1_and_3_4_at_t2_with_a_window_of_10()
    {
        var t1 = After(TextbookString, 10, 10).Processes.Single();
        var t2 = After(TextbookString, 26, 10).Processes.Single();

        Assert.Equal([1UL, 2, 5, 6, 7], t1.Pages().Select(p => p.Value));
        Assert.Equal([3UL, 4], t2.Pages().Select(p => p.Value));
        Assert.Equal(2, t2.Size);
        Assert.Equal(7, t2.Peak);
    }

    [Fact]
    public void A_window_of_one_holds_only_the_last_page()
    {
        var set = After("1 2 3 3 2", 5, 1).Processes.Single();

        Assert.Equal([2UL], set.Pages().Select(p => p.Value));
        Assert.Equal(1, set.Peak);
        Assert.Equal(1.0, set.Mean);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(25, 40)]
    [InlineData(300, 64)]
    public void Sizes_peaks_means_and_demand_match_a_direct_count_over_each_processes_history(long window, int frames)
    {
        // Three processes taking turns in runs of 50, over 90 pages with some locality.
        var accesses = GeneratedTraces.Mixed(6_000, 90, 11, i => (i / 50) % 3 + 1);
        var replay = new TraceReplay(new MachineConfig { Frames = frames, Policy = "clock", SwapSlots = 1024, WorkingSetWindow = window });
        replay.Replay(accesses);
        var meter = replay.Machine.WorkingSets!;

        var history = new Dictionary<int, List<ulong>>();
        var sums = new Dictionary<int, long>();
        var peaks = new Dictionary<int, int>();
        long peakDemand = 0, over = 0;
        foreach (var access in accesses)
        {
            var pages = history.TryGetValue(access.Pid, out var list) ? list : history[access.Pid] = [];
            pages.Add(access.Address >> 12);
            var size = pages.Skip(Math.Max(0, pages.Count - (int)window)).Distinct().Count();
            sums[access.Pid] = sums.GetValueOrDefault(access.Pid) + size;
            peaks[access.Pid] = Math.Max(peaks.GetValueOrDefault(access.Pid), size);
            var demand = history.Values.Sum(h => h.Skip(Math.Max(0, h.Count - (int)window)).Distinct().Count());
            peakDemand = Math.Max(peakDemand, demand);
            over += demand > frames ? 1 : 0;
        }

        Assert.Equal(3, meter.Processes.Count);
        foreach (var set in meter.Processes)
        {
            var pid = replay.Processes.Single(p => p.Value == set.Process).Key;
            var pages = history[pid];
            Assert.Equal(pages.Skip(Math.Max(0, pages.Count - (int)window)).Distinct().Order(), set.Pages().Select(p => p.Value));
            Assert.Equal(peaks[pid], set.Peak);
            Assert.Equal((double)sums[pid] / pages.Count, set.Mean, 9);
        }

        Assert.Equal(peakDemand, meter.PeakDemand);
        Assert.Equal(over, meter.ReferencesOverMemory);
        Assert.Equal(accesses.Length, meter.References);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    [InlineData("clock")]
    [InlineData("arc")]
    public void Measuring_working_sets_changes_nothing_the_run_counts(string policy)
    {
        var accesses = GeneratedTraces.Mixed(8_000, 200, 5, i => (i / 300) % 2);
        var plain = new TraceReplay(new MachineConfig { Frames = 48, Policy = policy, SwapSlots = 1024 });
        var measured = new TraceReplay(new MachineConfig { Frames = 48, Policy = policy, SwapSlots = 1024, WorkingSetWindow = 100 });
        plain.Replay(accesses);
        measured.Replay(accesses);

        Assert.Null(plain.Machine.WorkingSets);
        Assert.All(CounterFields.All, f => Assert.Equal(f.GetValue(plain.Machine.Counters), f.GetValue(measured.Machine.Counters)));
        Assert.True(measured.Machine.Counters.Faults > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_demand_kept_as_a_running_sum_is_the_sum_over_the_running_processes_after_every_step_of_many_processes_that_end(int seed)
    {
        // Twelve processes touching pages of their heaps in random turns, some writing past
        // their heap (SIGSEGV), one exiting now and then, with too little swap, so that the OOM
        // killer ends some too: ends of every kind, between references of the others.
        var random = new Random(seed);
        var yaml = new System.Text.StringBuilder("machine: { frames: 12, swap: 6, policy: clock, working-set: 8 }\nprocesses:\n");
        for (var p = 0; p < 12; p++)
        {
            yaml.Append($"  - name: p{p}\n    regions: [{{ name: heap, start: 0x10000, pages: 6, prot: rw- }}]\n");
        }

        yaml.Append("script:\n");
        var live = Enumerable.Range(0, 12).ToList();
        for (var i = 0; i < 400 && live.Count > 0; i++)
        {
            var p = live[random.Next(live.Count)];
            var kind = random.Next(40);
            if (kind == 0)
            {
                live.Remove(p);
            }

            yaml.Append(kind switch
            {
                0 => $"  - exit: p{p}\n",
                1 => $"  - {{ touch: p{p}, address: 0x{0x10000 + (6 << 12):x}, access: write }}\n",
                _ => $"  - {{ touch: p{p}, region: heap, pages: {random.Next(6)}, access: {(random.Next(2) == 0 ? "read" : "write")} }}\n",
            });
        }

        var run = new ScenarioRun(ScenarioReader.Parse(yaml.ToString(), "many.yaml"));
        var meter = run.Machine.WorkingSets!;
        while (run.Step())
        {
            Assert.Equal(meter.Processes.Where(s => s.Process.IsRunning).Sum(s => (long)s.Size), meter.Demand);
        }

        Assert.Contains(meter.Processes, s => s.Process.State == Vmsim.Core.Kernel.ProcessState.Oom);
        Assert.Contains(meter.Processes, s => s.Process.State == Vmsim.Core.Kernel.ProcessState.Segv);
        Assert.Contains(meter.Processes, s => s.Process.State == Vmsim.Core.Kernel.ProcessState.Exited);
    }

    [Fact]
    public void A_process_that_has_exited_leaves_the_demand_at_once_and_the_crossing_back_under_memory_is_marked()
    {
        const string Yaml = """
            machine: { frames: 6, swap: 32, policy: lru, working-set: 4 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
              - name: b
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: data }
              - { touch: b, region: data }
              - exit: a
              - { touch: b, region: data, pages: 0-1 }
              - exit: b
            """;
        var run = new ScenarioRun(ScenarioReader.Parse(Yaml, "exit.yaml"));
        var crossings = new List<(int Crossing, long Demand)>();
        while (run.Step())
        {
            if (run.Machine.WorkingSets is { LastCrossing: not 0 } meter && crossings.LastOrDefault().Demand != meter.Demand)
            {
                crossings.Add((meter.LastCrossing, meter.Demand));
            }
        }

        var sets = run.Machine.WorkingSets!;
        Assert.Equal(4, sets.Window);
        Assert.Equal(8, sets.PeakDemand);
        Assert.Equal(4, sets.Of(2)!.Size);
        Assert.Equal(0, sets.Demand);
        Assert.Equal(2, sets.ReferencesOverMemory);
        Assert.Equal([(1, 7L), (-1, 4L)], crossings);
    }

    [Fact]
    public void Only_a_reference_or_an_exit_is_told_it_moved_the_demand_across_memory()
    {
        // b's second page takes D to 6 of 5 frames, a's repeated page brings it back to 5 as
        // its window drops the rest; the mprotect between moves nothing, and b's exit takes
        // D to 3, already within memory, so it crosses nothing either.
        const string Yaml = """
            machine: { frames: 5, swap: 32, policy: lru, working-set: 4 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
              - name: b
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: data }
              - { touch: b, region: data, pages: 0-1 }
              - { mprotect: a, region: data, pages: 3, prot: r-- }
              - { touch: a, region: data, pages: 0, times: 2 }
              - exit: b
            """;
        var (_, recorder, _) = RunRecorded(Yaml, "crossings.yaml");

        var moves = recorder.Steps.Where(s => s.DemandCrossing != 0).Select(s => (s.Access?.Page.Value, s.DemandCrossing));
        Assert.Equal([(0x11UL, 1), (0x10UL, -1)], moves);
        var exit = recorder.Steps.Single(s => s.Operation?.Operation == "exit");
        Assert.EndsWith("D is now 3 pages, within the 5 frames.", exit.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warm_up_starts_the_statistics_again_and_keeps_the_working_sets()
    {
        var accesses = GeneratedTraces.Accesses(GeneratedTraces.Loop(8, 3));
        var replay = new TraceReplay(new MachineConfig { Frames = 4, Policy = "fifo", WorkingSetWindow = 4 }) { Warmup = 20 };
        replay.Replay(accesses);
        var set = replay.Machine.WorkingSets!.Processes.Single();

        Assert.Equal(4, replay.Machine.WorkingSets.References);
        Assert.Equal(4, set.References);
        Assert.Equal(4, set.Size);
        Assert.Equal(4.0, set.Mean);
        Assert.Equal(4, replay.Machine.WorkingSets.PeakDemand);
    }

    [Fact]
    public void A_process_killed_by_its_own_access_leaves_the_demand_at_that_access()
    {
        const string Yaml = """
            machine: { frames: 6, swap: 32, policy: lru, working-set: 8 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: r-- }]
              - name: b
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: data }
              - { touch: b, region: data }
              - { touch: a, region: data, pages: 0, access: write }
            """;
        var run = ScenarioRun.Run(ScenarioReader.Parse(Yaml, "segv.yaml"));
        var sets = run.Machine.WorkingSets!;

        Assert.Equal(ProcessState.Segv, run.Processes["a"].State);
        Assert.Equal(4, sets.Demand);
        Assert.Equal(8, sets.PeakDemand);
        Assert.Equal(2, sets.ReferencesOverMemory);
        Assert.Equal(7, sets.FirstReferenceOverMemory);
    }

    [Fact]
    public void Under_local_replacement_each_working_set_is_compared_with_its_quota()
    {
        const string Yaml = """
            machine: { frames: 16, swap: 64, policy: lru, scope: local, working-set: 12 }
            processes:
              - name: a
                quota: 4
                regions: [{ name: data, start: 0x10000, pages: 12, prot: rw- }]
              - name: b
                quota: 12
                regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]
            script:
              - { touch: a, region: data, times: 4 }
              - { touch: b, region: data, times: 4 }
            """;
        var sets = ScenarioRun.Run(ScenarioReader.Parse(Yaml, "local.yaml")).Machine.WorkingSets!;
        var a = sets.Processes.Single(p => p.Process.Name == "a");
        var b = sets.Processes.Single(p => p.Process.Name == "b");

        Assert.True(sets.ByQuota);
        Assert.Equal((4, 48 - 4), (a.Quota, a.ReferencesOverQuota));
        Assert.Equal((12, 0L), (b.Quota, b.ReferencesOverQuota));
        Assert.Equal(0, sets.ReferencesOverMemory);
    }

    [Fact]
    public void After_a_warm_up_a_process_that_makes_no_more_references_keeps_its_size_as_its_peak_and_has_no_mean()
    {
        // Process 1 loops over 6 pages, then process 2 over 3; the warm-up ends within process 2's run.
        var accesses = GeneratedTraces.Accesses(GeneratedTraces.Loop(6, 4).Concat(GeneratedTraces.Loop(3, 4)).ToArray(), pidOf: i => i < 24 ? 1 : 2);
        var replay = new TraceReplay(new MachineConfig { Frames = 16, Policy = "fifo", WorkingSetWindow = 10 }) { Warmup = 30 };
        replay.Replay(accesses);
        var idle = replay.Machine.WorkingSets!.Of(replay.Processes[1].Pid)!;

        Assert.Equal((6, 6, 0L, 0.0), (idle.Size, idle.Peak, idle.References, idle.Mean));
        Assert.Equal(9, replay.Machine.WorkingSets.PeakDemand);
    }
}
