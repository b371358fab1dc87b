using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// The start of a trace as a scenario (what the visualizer steps through): played step by step,
/// it gives the machine a trace replay gives.
/// </summary>
public class TraceScenarioTests
{
    [Theory]
    [InlineData("fifo", ReplacementScope.Global)]
    [InlineData("lru", ReplacementScope.Global)]
    [InlineData("opt", ReplacementScope.Global)]
    [InlineData("clock", ReplacementScope.Local)]
    [InlineData("arc", ReplacementScope.Global)]
    [InlineData("lirs", ReplacementScope.Global)]
    [InlineData("linux", ReplacementScope.Local)]
    [InlineData("aging", ReplacementScope.Global)]
    public void Played_as_a_scenario_a_trace_leaves_the_machine_its_replay_leaves(string policy, ReplacementScope scope)
    {
        // Three processes in turns of 200 accesses; the third first appears at access 400, so
        // under local replacement the shares change when it is spawned.
        var accesses = GeneratedTraces.WithNextUse(GeneratedTraces.Mixed(4000, 150, seed: 7, i => (i / 200) % 3));
        var config = new MachineConfig { Policy = policy, Frames = 48, SwapSlots = 256, Scope = scope };

        var replay = new TraceReplay(config);
        replay.Replay(accesses);
        var run = new ScenarioRun(TraceScenario.Build(accesses, config, "generated"), config);
        run.RunToEnd();

        Assert.Equal(CounterFields.Of(replay.Machine.Counters), CounterFields.Of(run.Machine.Counters));
        Assert.True(run.Machine.Counters.Evictions > 500, "the trace should make the machine evict");
        Assert.Equal(3, run.Processes.Count);
        foreach (var (pid, process) in replay.Processes)
        {
            var played = run.Processes[TraceReplay.ProcessName(pid)];
            Assert.Equal(CounterFields.Of(process.Counters), CounterFields.Of(played.Counters));
        }

        Assert.Equal(
            Enumerable.Range(0, config.Frames).Select(f => (replay.Machine.Kernel.Frames[new FrameNumber(f)].Owner, replay.Machine.Kernel.Frames[new FrameNumber(f)].OwnerPage)),
            Enumerable.Range(0, config.Frames).Select(f => (run.Machine.Kernel.Frames[new FrameNumber(f)].Owner, run.Machine.Kernel.Frames[new FrameNumber(f)].OwnerPage)));
    }

    [Fact]
    public void Each_access_is_a_step_of_its_number_and_a_process_is_spawned_at_its_first()
    {
        MemoryAccess[] accesses =
        [
            new(0x1000, AccessKind.Read, 0, -1),
            new(0x2000, AccessKind.Write, 3, -1),
            new(0x1008, AccessKind.Execute, 0, -1),
        ];

        var scenario = TraceScenario.Build(accesses, new MachineConfig(), "t.lackey");

        Assert.Empty(scenario.Processes);
        Assert.Equal(
            ["1 spawn trace", "1 touch trace 0x1000 Read", "2 spawn trace pid 3", "2 touch trace pid 3 0x2000 Write", "3 touch trace 0x1008 Execute"],
            scenario.Script.Select(s => s switch
            {
                SpawnStep spawn => $"{spawn.Line} spawn {spawn.Process}",
                TouchStep touch => $"{touch.Line} touch {touch.Process} {touch.Address} {touch.Kind}",
                _ => s.ToString(),
            }));
        var store = Assert.Single(((SpawnStep)scenario.Script[2]).Regions);
        Assert.Equal($"{TraceReplay.BackingStore}/3", store.File);
        Assert.Equal(new MachineConfig().Geometry.PageCount, store.Pages);
    }

    [Theory]
    [InlineData(100, 9, false)] // every access and both spawns fit
    [InlineData(11, 9, false)]
    [InlineData(10, 8, true)]   // the ninth access would make step 11
    [InlineData(5, 4, true)]    // the fifth access is pid 1's first: its spawn and itself make 7
    [InlineData(6, 4, true)]
    [InlineData(7, 5, true)]
    public void Reading_the_start_stops_where_the_steps_would_pass_the_limit(int maxSteps, int expected, bool truncated)
    {
        var accesses = Enumerable.Range(0, 9).Select(i => new MemoryAccess((ulong)i << 12, AccessKind.Read, i < 4 ? 0 : 1, -1)).ToArray();

        var reader = new ArrayTraceReader(accesses);
        var start = TraceScenario.ReadStart(reader, maxSteps, out var more);

        Assert.Equal(accesses[..expected], start);
        Assert.Equal(truncated, more);
        Assert.True(reader.BytesRead <= expected + 1, $"read {reader.BytesRead} accesses to keep {expected}"); // no further than one past the cut
    }
}
