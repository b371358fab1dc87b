using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Web.Sessions;

/// <summary>
/// One play of a workload, advanced step by step: a <see cref="ScenarioRun"/> with an
/// observer that notes, for each frame, the event that last used it, and that narrates the
/// events it is asked to record (with Core's <see cref="StepRecorder"/>). Event 0 is the set-up
/// (the initial processes created and mapped); event k, for k at least 1, is the plan's k-th
/// event. A replay counts events; the page's steps are the <see cref="StepMap"/>'s. The
/// machine cannot be copied, so an earlier state is reached by a new replay.
/// </summary>
internal sealed class Replay
{
    private readonly ReplayObserver _observer;
    private readonly Timeline? _timeline;

    // A reference string's and a pages trace's pages are narrated in decimal, as they are written.
    private readonly bool _decimalPages;

    // A trace's narration names the step a TLB entry left at by the trace's access, as vmsim replay does.
    private readonly bool _trace;

    // Where the TLB's translations went since the start, dated by the page's steps, so that a
    // recorded step's TLB miss can say why even when the step that took the translation out
    // was played unrecorded; null without a TLB.
    private readonly TlbHistory? _tlbHistory;

    public Replay(Workload workload, Timeline? timeline = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Run = new ScenarioRun(workload.Scenario, workload.Plan, workload.Config);
        _timeline = timeline;
        _decimalPages = workload.PagesInDecimal;
        _trace = workload.IsTrace;
        _observer = new ReplayObserver(workload.Config.Frames, timeline);
        Run.Machine.Observer = _observer;
        // The scout (the one replay given a timeline to fill) records nothing, so it keeps no history.
        if (Run.Machine.Tlb.Enabled && timeline is null)
        {
            _tlbHistory = new TlbHistory();
            Run.Machine.Tlb.History = _tlbHistory;
        }
    }

    /// <summary>The run being played.</summary>
    public ScenarioRun Run { get; }

    /// <summary>The machine.</summary>
    public Machine Machine => Run.Machine;

    /// <summary>The last event played, or -1 before the set-up.</summary>
    public int Position { get; private set; } = -1;

    /// <summary>The last event, counting the set-up as event 0.</summary>
    public int LastEvent => Run.Plan.Events.Count;

    /// <summary>For each frame, the event whose access last reached it, or -1.</summary>
    public IReadOnlyList<int> LastUse => _observer.LastUse;

    /// <summary>The plan's event numbered <paramref name="event"/>, or null for the set-up.</summary>
    public PlannedEvent? EventOf(int @event) => @event <= 0 ? null : Run.Plan.Events[@event - 1];

    /// <summary>
    /// Plays the next event. With <paramref name="record"/>, returns what it did in words
    /// (Core's recorded steps: one for an access, one or more for an operation); otherwise null.
    /// <paramref name="steps"/> are the page's steps, by which the replay dates what leaves the
    /// TLB (it looks up the event's step only when it keeps a TLB history: not the scout's, nor
    /// a machine's without a TLB) and a trace's narration names those steps.
    /// </summary>
    public IReadOnlyList<RecordedStep>? Advance(bool record, StepMap? steps = null)
    {
        if (Position >= LastEvent)
        {
            throw new InvalidOperationException($"the replay is already at its last event, {LastEvent}");
        }

        StepRecorder? recorder = null;
        if (record)
        {
            // A fresh recorder per event: it keeps every step it records, and only this event's are wanted.
            // Its fault paths are built from the step's events and names read right after it, so
            // only here, where the machine is at that step: a replay records only the steps it
            // makes snapshots of (at most a window's), never the whole run.
            recorder = new StepRecorder { DecimalPages = _decimalPages, FaultPaths = true, Names = _trace && steps is not null ? new TraceStepNames(this, steps) : null };
            recorder.Attach(Run.Machine);
            Run.Machine.Observer = _observer;
        }

        _observer.Recorder = recorder;
        _observer.Event = Position + 1;
        if (_tlbHistory is not null && steps is not null)
        {
            _tlbHistory.Step = steps.StepOf(Position + 1);
        }

        try
        {
            Run.Step();
        }
        finally
        {
            _observer.Recorder = null;
        }

        Position++;
        if (_timeline is not null && Machine.WorkingSets is { } workingSets)
        {
            _timeline.OnDemand(Position, workingSets.Demand);
        }

        return recorder?.Steps;
    }

    /// <summary>Hears the machine for a replay: last use per frame, the timeline (first play), the recorder (when recording).</summary>
    private sealed class ReplayObserver(int frames, Timeline? timeline) : IMachineObserver
    {
        private readonly int[] _lastUse = NewLastUse(frames);

        public StepRecorder? Recorder { get; set; }

        public int Event { get; set; }

        public IReadOnlyList<int> LastUse => _lastUse;

        public void OnAccess(in AccessEvent access)
        {
            if (access.Frame.IsValid)
            {
                _lastUse[access.Frame.Value] = Event;
            }

            timeline?.OnAccess(Event, access);
            Recorder?.OnAccess(access);
        }

        public void OnEviction(in EvictionEvent eviction)
        {
            timeline?.OnEviction(Event);
            Recorder?.OnEviction(eviction);
        }

        public void OnOomKill(in OomKillEvent kill) => Recorder?.OnOomKill(kill);

        // A step recorded at any event may name the bits the policy cleared in it, so the machine
        // of a replay that records notes them throughout (they cost only while a policy clears
        // bits); the scout, which fills the timeline and records nothing, need not.
        public bool HearsBitClears => timeline is null;

        public void OnBitClear(in BitClear clear) => Recorder?.OnBitClear(clear);

        public void OnOperation(OperationEvent operation)
        {
            timeline?.OnOperation(Event, operation);
            Recorder?.OnOperation(operation);
        }

        private static int[] NewLastUse(int frames)
        {
            var lastUse = new int[frames];
            Array.Fill(lastUse, -1);
            return lastUse;
        }
    }
}
