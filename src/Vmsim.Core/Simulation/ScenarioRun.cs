using Vmsim.Core.Kernel;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Simulation;

/// <summary>
/// A scenario being played on a machine, one event at a time: first its processes are
/// spawned and their regions mapped, then the script runs, each access told when its
/// page is next used (so OPT works). Steps of a process that has already ended (killed
/// by SIGSEGV or the OOM killer) are skipped and counted; an operation the kernel
/// refuses is an error naming the line and column of its step. Attach observers to
/// <see cref="Machine"/> before the first step.
/// </summary>
public sealed class ScenarioRun
{
    private readonly Dictionary<string, Process> _processes = new(StringComparer.Ordinal);
    private bool _started;
    private int _next;

    /// <summary>Prepares <paramref name="scenario"/> on a machine built from <paramref name="config"/> (default: the scenario's own).</summary>
    public ScenarioRun(Scenario scenario, MachineConfig? config = null)
        : this(scenario, ScenarioPlan.Expand(scenario ?? throw new ArgumentNullException(nameof(scenario))), config)
    {
    }

    /// <summary>As the other constructor, with the plan already expanded (runs of one scenario may share it).</summary>
    public ScenarioRun(Scenario scenario, ScenarioPlan plan, MachineConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        if (config is not null && config.Geometry.PageSize != scenario.Machine.Geometry.PageSize)
        {
            throw new ArgumentException($"the scenario was read with {scenario.Machine.Geometry.PageSize}-byte pages and cannot run on {config.Geometry.PageSize}-byte pages; read it again with the page size changed", nameof(config));
        }

        Scenario = scenario;
        Plan = plan;
        Machine = new Machine(config ?? scenario.Machine);
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The scenario expanded into events.</summary>
    public ScenarioPlan Plan { get; }

    /// <summary>The machine it runs on.</summary>
    public Machine Machine { get; }

    /// <summary>The processes so far, by their scenario names.</summary>
    public IReadOnlyDictionary<string, Process> Processes => _processes;

    /// <summary>Accesses not made because their process had ended.</summary>
    public long SkippedAccesses { get; private set; }

    /// <summary>Operations not done because their process had ended.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>True when every event has been played.</summary>
    public bool IsFinished => _started && _next >= Plan.Events.Count;

    /// <summary>The plan event to be played next, or null at the end (or before the processes are spawned).</summary>
    public PlannedEvent? NextEvent => _started && _next < Plan.Events.Count ? Plan.Events[_next] : null;

    /// <summary>Runs <paramref name="scenario"/> to its end; <paramref name="observer"/>, if given, hears everything.</summary>
    public static ScenarioResult Run(Scenario scenario, MachineConfig? config = null, IMachineObserver? observer = null)
    {
        var run = new ScenarioRun(scenario, config);
        run.Machine.Observer = observer;
        return run.RunToEnd();
    }

    /// <summary>Plays every remaining event.</summary>
    public ScenarioResult RunToEnd()
    {
        while (Step())
        {
        }

        return new ScenarioResult(Scenario, Machine, _processes, SkippedAccesses, SkippedSteps);
    }

    /// <summary>
    /// Plays the next event: the first call spawns the initial processes; each later call
    /// makes one access or one operation. Returns false when nothing was left to play.
    /// </summary>
    public bool Step()
    {
        if (!_started)
        {
            _started = true;
            foreach (var spawn in Scenario.Processes)
            {
                Apply(spawn);
            }

            return true;
        }

        if (_next >= Plan.Events.Count)
        {
            return false;
        }

        var planned = Plan.Events[_next++];
        var process = _processes.GetValueOrDefault(planned.Step.Process);
        if (planned.IsAccess)
        {
            if (process is { IsRunning: true })
            {
                Machine.Access(process, planned.Address, planned.Kind, Plan.NextUse[planned.AccessIndex]);
            }
            else
            {
                SkippedAccesses++;
                Machine.Observer?.OnOperation(new OperationEvent("skipped", process?.Pid ?? 0,
                    $"line {planned.Step.Line}: {NotRunning(planned.Step, process, withState: false)}, so its access to {planned.Address} is not made")
                {
                    SkippedAddress = planned.Address,
                    NeverCreated = process is null ? planned.Step.Process : null,
                });
            }

            return true;
        }

        if (process is not { IsRunning: true } && planned.Step is not SpawnStep)
        {
            SkippedSteps++;
            Machine.Observer?.OnOperation(new OperationEvent("skipped", process?.Pid ?? 0,
                $"line {planned.Step.Line}: {NotRunning(planned.Step, process, withState: true)}, so this step does nothing")
            {
                NeverCreated = process is null ? planned.Step.Process : null,
            });
            return true;
        }

        Apply(planned.Step);
        return true;
    }

    // Why a step's process cannot act: it has ended, or it never began, as the fork that
    // would have made it was a step of a process that had already ended.
    private static string NotRunning(ScenarioStep step, Process? process, bool withState) => process is null
        ? $"{step.Process} was never created (the fork that would have made it did nothing, its parent having ended)"
        : $"{process} has already ended{(withState ? $" ({process.State.ToString().ToLowerInvariant()})" : string.Empty)}";

    private void Apply(ScenarioStep step)
    {
        var machine = Machine;
        try
        {
            switch (step)
            {
                case SpawnStep spawn:
                    var created = machine.Spawn(spawn.Process, spawn.Quota);
                    _processes[spawn.Process] = created;
                    foreach (var region in spawn.Regions)
                    {
                        MapRegion(created, region);
                    }

                    break;
                case ForkStep fork:
                    _processes[fork.Child] = machine.Fork(_processes[fork.Process], fork.Child);
                    break;
                case ExitStep exit:
                    machine.Exit(_processes[exit.Process]);
                    break;
                case SwitchStep switchTo:
                    machine.Switch(_processes[switchTo.Process]);
                    break;
                case MmapStep mmap:
                    MapRegion(_processes[mmap.Process], mmap.Region);
                    break;
                case MunmapStep munmap:
                    machine.Munmap(_processes[munmap.Process], munmap.Start, munmap.Pages);
                    break;
                case MprotectStep mprotect:
                    machine.Mprotect(_processes[mprotect.Process], mprotect.Start, mprotect.Pages, mprotect.Protection);
                    break;
                case BrkStep brk:
                    machine.Brk(_processes[brk.Process], brk.DeltaPages, brk.HeapStart);
                    break;
                default:
                    throw new InvalidOperationException($"step {step} is not an operation");
            }
        }
        catch (SimulationException e)
        {
            throw new InputFormatException(Scenario.Source, step.Line, step.Column, e.Message);
        }
    }

    // A region named as the heap, mapped by a process that has none, is its heap: brk moves its end.
    private void MapRegion(Process process, RegionSpec region)
    {
        var area = Machine.Mmap(process, region);
        if (region.Name == BrkStep.HeapRegion && process.AddressSpace.HeapStart is null)
        {
            Machine.StartHeap(process, area.Start, area.End);
        }
    }
}

/// <summary>What a scenario run left behind.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Machine">The machine, with its counters and final state.</param>
/// <param name="Processes">The processes by their scenario names.</param>
/// <param name="SkippedAccesses">Accesses not made because their process had ended.</param>
/// <param name="SkippedSteps">Operations not done because their process had ended.</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    Machine Machine,
    IReadOnlyDictionary<string, Process> Processes,
    long SkippedAccesses,
    long SkippedSteps);
