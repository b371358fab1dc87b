using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Web.Snapshots;

namespace Vmsim.Web.Sessions;

/// <summary>
/// One workload opened on the page, stepped forward and back.
/// <para>
/// The machine cannot be copied, so an earlier state can only be had by playing the run
/// again from the start: the simulation is deterministic, and a replay without narration is
/// fast. Three things keep stepping back cheap:
/// </para>
/// <list type="bullet">
/// <item>Snapshots (the page's view of a step, small and immutable) are cached, up to
/// <see cref="CacheCapacity"/> of them, least recently used going first.</item>
/// <item>A replay that must reach step s plays, unnarrated, up to s - <see cref="Window"/>,
/// then records and caches the snapshots of the last <see cref="Window"/> steps; stepping
/// back one step at a time therefore replays once every <see cref="Window"/> steps.</item>
/// <item>Up to <see cref="MaxReplays"/> replays are kept parked where they stopped (they are
/// the checkpoints): a request is served by the replay furthest along that is not past it,
/// so stepping forward again never starts over.</item>
/// </list>
/// <para>
/// The first play, made when the session opens, runs the whole workload once and notes what
/// every step did (<see cref="Timeline"/>): it finds the next fault of a kind, draws the
/// faults-over-time chart, reports a scenario step the kernel refuses before any stepping
/// starts, and finds the runs of accesses not made that are one step each
/// (<see cref="Timeline.Steps"/>). Calls are serialized per session.
/// </para>
/// </summary>
internal sealed class VisualizerSession
{
    /// <summary>Steps recorded before the step a replay is asked for.</summary>
    public const int Window = 64;

    /// <summary>Snapshots kept.</summary>
    public const int CacheCapacity = 512;

    /// <summary>Replays kept parked.</summary>
    public const int MaxReplays = 3;

    private readonly Lock _gate = new();
    private readonly List<Replay> _replays = [];
    private readonly Dictionary<int, LinkedListNode<StepSnapshot>> _cache = [];
    private readonly LinkedList<StepSnapshot> _recency = new();

    private VisualizerSession(string id, Workload workload, Timeline timeline)
    {
        Id = id;
        Workload = workload;
        Timeline = timeline;
        LastUsed = DateTime.UtcNow;
    }

    public string Id { get; }

    public Workload Workload { get; }

    public Timeline Timeline { get; }

    public int LastStep => Timeline.LastStep;

    /// <summary>When a request last touched the session (for the store's eviction).</summary>
    public DateTime LastUsed { get; private set; }

    /// <summary>Replays started from the beginning for display (not counting the first play).</summary>
    public int ReplaysStarted { get; private set; }

    /// <summary>Events played by display replays, narrated or not.</summary>
    public long EventsPlayed { get; private set; }

    /// <summary>
    /// Opens <paramref name="workload"/>: plays it once to the end to note every step. A step
    /// the kernel refuses, or a machine that cannot be built, is a <see cref="VisualizerInputException"/>.
    /// </summary>
    public static VisualizerSession Open(string id, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Replay first;
        try
        {
            first = new Replay(workload);
        }
        catch (ArgumentException e)
        {
            throw new VisualizerInputException($"{workload.SourceName}: this machine cannot be built: {e.Message.Split(" (Parameter", 2)[0]}", workload.SourceName);
        }
        catch (InputFormatException e)
        {
            throw VisualizerInputException.From(e);
        }

        var timeline = new Timeline(first.LastEvent);
        var scout = new Replay(workload, timeline);
        try
        {
            while (scout.Position < scout.LastEvent)
            {
                scout.Advance(record: false);
            }
        }
        catch (InputFormatException e)
        {
            throw VisualizerInputException.From(e);
        }
        catch (InvariantViolationException e)
        {
            throw new VisualizerInputException($"the simulator found its own state inconsistent at event {scout.Position + 1}, which is a bug in vmsim: {e.Message}", workload.SourceName);
        }

        timeline.Condense();
        var session = new VisualizerSession(id, workload, timeline);
        session._replays.Add(first);
        return session;
    }

    /// <summary>The page's view of step <paramref name="step"/> (clamped to the run).</summary>
    public StepSnapshot Snapshot(int step)
    {
        lock (_gate)
        {
            LastUsed = DateTime.UtcNow;
            step = Math.Clamp(step, 0, LastStep);
            if (_cache.TryGetValue(step, out var cached))
            {
                _recency.Remove(cached);
                _recency.AddFirst(cached);
                return cached.Value;
            }

            // A replay stops only at the end of a step, so the step it is at is the one of its last event.
            var steps = Timeline.Steps;
            var replay = ReplayFor(steps.LastEvent(step));
            var recordFrom = Math.Max(steps.StepOf(replay.Position) + 1, step - Window + 1);
            while (replay.Position < steps.LastEvent(recordFrom - 1))
            {
                Advance(replay, record: false);
            }

            StepSnapshot? snapshot = null;
            for (var s = recordFrom; s <= step; s++)
            {
                // The step's first event says what it was; the rest of a run of accesses not made did nothing more.
                var recorded = Advance(replay, record: true)!;
                while (replay.Position < steps.LastEvent(s))
                {
                    Advance(replay, record: false);
                }

                snapshot = SnapshotBuilder.Build(replay, s, steps, recorded, Workload);
                Remember(snapshot);
            }

            return snapshot!;
        }
    }

    private IReadOnlyList<RecordedStep>? Advance(Replay replay, bool record)
    {
        EventsPlayed++;
        return replay.Advance(record, Timeline.Steps);
    }

    /// <inheritdoc cref="Sessions.Timeline.Find"/>
    public int? Find(int from, string filter, bool forward)
    {
        lock (_gate)
        {
            LastUsed = DateTime.UtcNow;
            return Timeline.Find(from, filter, forward);
        }
    }

    /// <summary>The parked replay furthest along that has not reached <paramref name="event"/>; a new one when none.</summary>
    private Replay ReplayFor(int @event)
    {
        var best = _replays.Where(r => r.Position < @event).MaxBy(r => r.Position);
        if (best is not null)
        {
            return best;
        }

        if (_replays.Count >= MaxReplays)
        {
            // The one furthest along is the least useful for going back, which is why a new one is needed.
            _replays.Remove(_replays.MaxBy(r => r.Position)!);
        }

        var replay = new Replay(Workload);
        ReplaysStarted++;
        _replays.Add(replay);
        return replay;
    }

    private void Remember(StepSnapshot snapshot)
    {
        if (_cache.Remove(snapshot.Step, out var old))
        {
            _recency.Remove(old);
        }

        _cache[snapshot.Step] = _recency.AddFirst(snapshot);
        while (_cache.Count > CacheCapacity)
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _cache.Remove(last.Value.Step);
        }
    }
}
