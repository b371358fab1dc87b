using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>
/// An observer that turns what the machine does into <see cref="RecordedStep"/>s, each
/// explained in words by a <see cref="StepNarrator"/>: the step tables of the command
/// line and the visualizer's timeline are made of these.
/// </summary>
public sealed class StepRecorder : IMachineObserver
{
    private readonly List<RecordedStep> _steps = [];
    private readonly List<EvictionEvent> _evictions = [];
    private readonly List<OomKillEvent> _kills = [];
    private readonly List<BitClear> _bitClears = [];
    private readonly bool _keepFrames;
    private StepNarrator? _narrator;
    private FaultPathBuilder? _paths;
    private Machine? _machine;
    private TlbHistory? _history;
    private StepNames? _names;

    /// <summary>Creates a recorder; with <paramref name="keepFrames"/> each step keeps the frames' contents after it.</summary>
    public StepRecorder(bool keepFrames = false) => _keepFrames = keepFrames;

    /// <summary>Narrates page numbers in decimal, as a reference string writes them (<see cref="StepNarrator.DecimalPages"/>).</summary>
    public bool DecimalPages { get; init; }

    /// <summary>
    /// Names the step a TLB entry left at by the access it was, as a trace's replay numbers its
    /// accesses in the step table's Event column ("at access 9"; a step that was no access, "before
    /// access 9"), where otherwise the narration names it by the table's # ("at step 12").
    /// </summary>
    public bool NumberAccesses { get; init; }

    /// <summary>
    /// Names the step a TLB entry left at as its maker numbers the steps, when it dates the TLB's
    /// history itself (the visualizer, for a trace: "at access 9"); without it, and without
    /// <see cref="NumberAccesses"/>, the narration names it by the step table's # ("at step 12").
    /// </summary>
    public IStepNames? Names { get; init; }

    /// <summary>Builds each access step's <see cref="RecordedStep.FaultPath"/>, its path through the machine stage by stage.</summary>
    public bool FaultPaths { get; init; }

    /// <summary>The steps so far.</summary>
    public IReadOnlyList<RecordedStep> Steps => _steps;

    /// <summary>Called for each step as it is recorded.</summary>
    public event Action<RecordedStep>? StepRecorded;

    /// <summary>Attaches the recorder to <paramref name="machine"/>, which it reads to narrate.</summary>
    public void Attach(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _machine = machine;
        _names = NumberAccesses ? new StepNames() : null;
        _narrator = new StepNarrator(machine) { DecimalPages = DecimalPages, Names = (IStepNames?)_names ?? Names };
        _paths = FaultPaths ? new FaultPathBuilder(machine, _narrator) : null;

        // The TLB keeps its history while steps are recorded, so that a miss can say why. The
        // recorder dates a history it made by its own steps; one already there is its maker's
        // (the visualizer's, which dates it by the workload's steps, recorded or not).
        if (machine.Tlb is { Enabled: true, History: null })
        {
            _history = machine.Tlb.History = new TlbHistory { Step = _steps.Count + 1 };
        }

        machine.Observer = this;
    }

    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access)
    {
        var events = new StepEvents(Narrator, access.Pid, _evictions, _kills, _bitClears, TlbMissText.Of(_machine!, access));
        Record(access, null, Narrator.Explain(access, events), events.Miss, _paths?.Build(access, events));
    }

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction) => _evictions.Add(eviction);

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill) => _kills.Add(kill);

    /// <inheritdoc/>
    public bool HearsBitClears => true;

    /// <inheritdoc/>
    public void OnBitClear(in BitClear clear) => _bitClears.Add(clear with { EvictionsBefore = _evictions.Count, KillsBefore = _kills.Count });

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Record(null, operation, Narrator.Explain(operation, _bitClears));
    }

    private StepNarrator Narrator => _narrator ?? throw new InvalidOperationException("attach the recorder to a machine first");

    private void Record(AccessEvent? access, OperationEvent? operation, string text, Mmu.TlbMiss? miss = null, FaultPath? path = null)
    {
        var step = new RecordedStep
        {
            Index = _steps.Count,
            Access = access,
            Operation = operation,
            Evictions = [.. _evictions],
            OomKills = [.. _kills],
            BitClears = [.. _bitClears],
            Explanation = text,
            FaultPath = path,
            TlbMiss = miss,
            FramesAfter = _keepFrames ? SnapshotFrames() : null,
            WorkingSet = access is { } a && _machine!.WorkingSets?.Of(a.Pid) is { Process.IsRunning: true } set ? set.Size : null,
            Demand = access is not null ? _machine!.WorkingSets?.Demand : null,
            // Only a reference or an exit moves the demand; another operation leaves it where it was.
            DemandCrossing = access is not null || operation is { Operation: "exit" } ? _machine!.WorkingSets?.LastCrossing ?? 0 : 0,
        };
        _evictions.Clear();
        _kills.Clear();
        _bitClears.Clear();
        _steps.Add(step);
        _names?.Recorded(access is not null);
        if (_history is not null)
        {
            _history.Step = _steps.Count + 1;
        }

        StepRecorded?.Invoke(step);
    }

    private (int Pid, PageNumber Page)?[] SnapshotFrames()
    {
        var frames = _machine!.Kernel.Frames;
        var snapshot = new (int, PageNumber)?[frames.Count];
        for (var f = 0; f < frames.Count; f++)
        {
            ref var record = ref frames[new FrameNumber(f)];
            snapshot[f] = record.Use == FrameUse.Free ? null : (record.Owner, record.OwnerPage);
        }

        return snapshot;
    }
}
