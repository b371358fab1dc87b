using Vmsim.Core.Tests.Analysis;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// <see cref="TraceRun.Replay"/>'s observer of the recorded steps (the command line's policy
/// states): it hears the steps' accesses and no other, and changes nothing the replay counts.
/// </summary>
public sealed class TraceRunStepObserverTests
{
    private sealed class Counting : IMachineObserver
    {
        public List<long> Times { get; } = [];

        public void OnAccess(in AccessEvent access) => Times.Add(access.Time);

        public void OnEviction(in EvictionEvent eviction)
        {
        }

        public void OnOomKill(in OomKillEvent kill)
        {
        }

        public void OnOperation(OperationEvent operation)
        {
        }
    }

    private static MemoryAccess[] Accesses() => GeneratedTraces.Mixed(400, 25, 6, i => i % 3);

    [Theory]
    [InlineData(10)]
    [InlineData(400)]
    [InlineData(1000)]
    public void The_step_observer_hears_the_recorded_steps_alone_beside_the_whole_run_s(int stepLimit)
    {
        var config = new MachineConfig { Frames = 8, Policy = "lru" };
        var steps = new Counting();
        var whole = new Counting();

        var result = TraceRun.Replay(new ArrayTraceReader(Accesses()), config, stepLimit, observe: _ => whole, observeSteps: _ => steps);
        var plain = TraceRun.Replay(new ArrayTraceReader(Accesses()), config);

        Assert.Equal(Math.Min(stepLimit, 400), steps.Times.Count);
        Assert.Equal(result.Steps.Count(s => s.Access is not null), steps.Times.Count);
        Assert.Equal(whole.Times.Take(steps.Times.Count), steps.Times);
        Assert.Equal(400, whole.Times.Count);
        Assert.Equal(plain.Machine.Counters.Faults, result.Machine.Counters.Faults);
    }

    [Fact]
    public void Without_steps_the_step_observer_is_never_made()
    {
        var made = false;

        TraceRun.Replay(new ArrayTraceReader(Accesses()), new MachineConfig { Frames = 8 }, observeSteps: _ =>
        {
            made = true;
            return new Counting();
        });

        Assert.False(made);
    }
}
