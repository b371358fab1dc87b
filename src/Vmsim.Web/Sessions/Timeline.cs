using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Web.Snapshots;

namespace Vmsim.Web.Sessions;

/// <summary>
/// What each step of a workload did, in a byte or two per step, noted during the session's
/// first play: the fault kind and whether it was minor or major (from the fault's own result
/// flags), evictions, operations, accesses not made. It answers "where is the next fault (of
/// this kind)?" and feeds the faults-over-time chart, without playing anything again.
/// <para>
/// The first play notes each event it plays (the <c>On...</c> methods take the event's
/// number); <see cref="Condense"/> then folds each run of accesses not made into one step
/// (<see cref="Steps"/>), and from then on every step number is the page's.
/// </para>
/// </summary>
internal sealed class Timeline
{
    // The events that continue a run of accesses not made begun at the event before them.
    private readonly HashSet<int> _continuing = [];
    private (int Event, OperationEvent Operation)? _lastOperation;
    private FaultKind[] _kinds;
    private StepFlags[] _flags;

    // The demand D after each event, by event (not by step), when working sets are measured;
    // null otherwise. D is at most the references made so far, fewer than the events, so an int holds it.
    private int[]? _demand;

    public Timeline(int lastEvent)
    {
        _kinds = new FaultKind[lastEvent + 1];
        _flags = new StepFlags[lastEvent + 1];
        Steps = StepMap.OneEventEach(lastEvent);
    }

    [Flags]
    private enum StepFlags : byte
    {
        None = 0,
        Access = 1 << 0,
        Fault = 1 << 1,
        Minor = 1 << 2,
        Major = 1 << 3,
        Eviction = 1 << 4,
        Operation = 1 << 5,
        SkippedAccess = 1 << 6,
    }

    /// <summary>The steps over the events: one event each until <see cref="Condense"/>.</summary>
    public StepMap Steps { get; private set; }

    /// <summary>The last step.</summary>
    public int LastStep => Steps.LastStep;

    /// <summary>The words of the filters <see cref="Find"/> takes besides fault kinds.</summary>
    public static IReadOnlyList<string> GroupFilters { get; } = ["fault", "minor", "major", "eviction", "segv"];

    /// <summary>The fault kind of step <paramref name="step"/>'s access (<see cref="FaultKind.None"/> for a hit or an operation).</summary>
    public FaultKind KindAt(int step) => _kinds[step];

    /// <summary>How many steps faulted with each kind, for the kinds that occur.</summary>
    public IReadOnlyList<(FaultKind Kind, int Count)> KindCounts() =>
        [.. Words.JumpableKinds.Select(k => (k, _kinds.Count(x => x == k))).Where(c => c.Item2 > 0)];

    /// <summary>
    /// The nearest step after (or, backward, before) <paramref name="from"/> that matches
    /// <paramref name="filter"/>: <c>fault</c> (any), <c>minor</c>, <c>major</c>, <c>eviction</c>,
    /// <c>segv</c>, or a fault kind's name such as <c>CowCopy</c>. Null when there is none.
    /// </summary>
    public int? Find(int from, string filter, bool forward)
    {
        var match = Matcher(filter);
        if (forward)
        {
            for (var step = Math.Max(0, from + 1); step <= LastStep; step++)
            {
                if (match(step))
                {
                    return step;
                }
            }
        }
        else
        {
            for (var step = Math.Min(LastStep, from - 1); step >= 0; step--)
            {
                if (match(step))
                {
                    return step;
                }
            }
        }

        return null;
    }

    /// <summary>Faults per kind in bins of consecutive steps, at most <paramref name="maxBins"/> bins.</summary>
    public TimelineChart Chart(int maxBins = 200)
    {
        var steps = LastStep + 1;
        var binSize = Math.Max(1, (steps + maxBins - 1) / maxBins);
        var bins = (steps + binSize - 1) / binSize;
        var starts = Enumerable.Range(0, bins).Select(b => b * binSize).ToArray();
        var series = new List<TimelineSeries>();
        foreach (var (kind, _) in KindCounts())
        {
            var counts = new int[bins];
            for (var step = 0; step < steps; step++)
            {
                if (_kinds[step] == kind)
                {
                    counts[step / binSize]++;
                }
            }

            series.Add(new TimelineSeries(kind.ToString(), Words.Fault(kind), counts));
        }

        return new TimelineChart(binSize, starts, series, _demand is null ? null : DemandBins(binSize, bins));
    }

    /// <summary>The demand D after <paramref name="step"/>, or null when working sets are not measured.</summary>
    public int? DemandAt(int step) => _demand?[Steps.LastEvent(step)];

    // The largest demand after any step of each bin, so that a bin where D went above memory shows it.
    private int[] DemandBins(int binSize, int bins)
    {
        var peaks = new int[bins];
        for (var step = 0; step <= LastStep; step++)
        {
            peaks[step / binSize] = Math.Max(peaks[step / binSize], _demand![Steps.LastEvent(step)]);
        }

        return peaks;
    }

    /// <summary>
    /// After the first play: makes each run of accesses not made by one process one step
    /// (<see cref="StepMap.Condense"/>), keeping what the first event of each step did (the
    /// others of a run did nothing either).
    /// </summary>
    internal void Condense()
    {
        Steps = StepMap.Condense(_kinds.Length - 1, _continuing);
        if (Steps.LastStep != _kinds.Length - 1)
        {
            _kinds = [.. Enumerable.Range(0, Steps.LastStep + 1).Select(s => _kinds[Steps.FirstEvent(s)])];
            _flags = [.. Enumerable.Range(0, Steps.LastStep + 1).Select(s => _flags[Steps.FirstEvent(s)])];
        }

        _continuing.Clear();
        _continuing.TrimExcess();
        _lastOperation = null;
    }

    internal void OnAccess(int @event, in AccessEvent access)
    {
        _kinds[@event] = access.Fault;
        var flags = StepFlags.Access;
        if (access.Fault != FaultKind.None)
        {
            flags |= StepFlags.Fault;
            if ((access.Result & FaultResult.Major) != 0)
            {
                flags |= StepFlags.Major;
            }
            else if ((access.Result & (FaultResult.Minor | FaultResult.Retry)) != 0)
            {
                flags |= StepFlags.Minor;
            }
        }

        _flags[@event] |= flags;
    }

    internal void OnEviction(int @event) => _flags[@event] |= StepFlags.Eviction;

    /// <summary>Notes the demand D once event <paramref name="event"/> is over (first play, working sets measured).</summary>
    internal void OnDemand(int @event, long demand)
    {
        _demand ??= new int[Steps.LastEvent(Steps.LastStep) + 1];
        _demand[@event] = checked((int)demand);
    }

    internal void OnOperation(int @event, OperationEvent operation)
    {
        if (operation.IsSkippedAccess)
        {
            if (_lastOperation is { } last && last.Event == @event - 1 && SkippedAccessRun.Continues(last.Operation, operation))
            {
                _continuing.Add(@event);
            }

            _flags[@event] |= StepFlags.SkippedAccess;
        }
        else
        {
            _flags[@event] |= StepFlags.Operation;
        }

        _lastOperation = (@event, operation);
    }

    private Func<int, bool> Matcher(string filter)
    {
        switch (filter.ToLowerInvariant())
        {
            case "fault":
                return s => (_flags[s] & StepFlags.Fault) != 0;
            case "minor":
                return s => (_flags[s] & StepFlags.Minor) != 0;
            case "major":
                return s => (_flags[s] & StepFlags.Major) != 0;
            case "eviction":
                return s => (_flags[s] & StepFlags.Eviction) != 0;
            case "segv":
                return s => _kinds[s] is FaultKind.SegvUnmapped or FaultKind.SegvProtection;
            default:
                if (Enum.TryParse<FaultKind>(filter, ignoreCase: true, out var kind) && kind != FaultKind.None && Enum.IsDefined(kind))
                {
                    return s => _kinds[s] == kind;
                }

                throw new VisualizerInputException(
                    $"unknown kind of step '{filter}'; expected {string.Join(", ", GroupFilters)} or a fault kind ({string.Join(", ", Words.JumpableKinds)})");
        }
    }
}

/// <summary>The faults-over-time chart: faults of each kind in each bin of steps.</summary>
/// <param name="BinSize">Steps per bin.</param>
/// <param name="BinStarts">The first step of each bin.</param>
/// <param name="Series">One series per fault kind that occurs.</param>
/// <param name="Demand">When working sets are measured, the demand D in each bin (the largest after any of its
/// steps), to draw against the frames; null otherwise.</param>
internal sealed record TimelineChart(int BinSize, IReadOnlyList<int> BinStarts, IReadOnlyList<TimelineSeries> Series, IReadOnlyList<int>? Demand = null);

/// <summary>The faults of one kind in each bin.</summary>
/// <param name="Kind">The fault kind's name.</param>
/// <param name="Label">Its name in words.</param>
/// <param name="Counts">Faults in each bin.</param>
internal sealed record TimelineSeries(string Kind, string Label, IReadOnlyList<int> Counts);
