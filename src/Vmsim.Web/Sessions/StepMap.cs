namespace Vmsim.Web.Sessions;

/// <summary>
/// The visualizer's steps over the events a replay plays (<see cref="Replay"/>: event 0 is the
/// set-up, event k the plan's k-th event). Every step is one event, except that a run of
/// consecutive accesses of one process that were not made because it had ended
/// (<see cref="Core.Simulation.SkippedAccessRun"/>, the rule behind the command line's
/// condensed rows too) is one step: they say nothing new one by one, and a process killed
/// early can leave dozens of them. Stepping, the step counter, the
/// scrubber, the searches and the snapshots all count steps; only replays count events.
/// </summary>
internal sealed class StepMap
{
    // The first event of each step, then one past the last event; null when each step is one event.
    private readonly int[]? _starts;
    private readonly int _lastEvent;

    private StepMap(int lastEvent, int[]? starts)
    {
        _lastEvent = lastEvent;
        _starts = starts;
    }

    /// <summary>The last step.</summary>
    public int LastStep => _starts is null ? _lastEvent : _starts.Length - 2;

    /// <summary>Steps of one event each, for events 0 to <paramref name="lastEvent"/>.</summary>
    public static StepMap OneEventEach(int lastEvent) => new(lastEvent, null);

    /// <summary>
    /// The steps of events 0 to <paramref name="lastEvent"/>, where each event of
    /// <paramref name="joined"/> joins the step of the event before it (an access not made
    /// that continues the run of the one before, <see cref="Core.Simulation.SkippedAccessRun.Continues"/>).
    /// </summary>
    public static StepMap Condense(int lastEvent, IReadOnlySet<int> joined)
    {
        ArgumentNullException.ThrowIfNull(joined);
        if (joined.Count == 0)
        {
            return OneEventEach(lastEvent);
        }

        var starts = new int[lastEvent + 2 - joined.Count];
        var step = 0;
        for (var e = 0; e <= lastEvent; e++)
        {
            if (!joined.Contains(e))
            {
                starts[step++] = e;
            }
        }

        starts[step] = lastEvent + 1;
        return new StepMap(lastEvent, starts);
    }

    /// <summary>The first event of <paramref name="step"/>.</summary>
    public int FirstEvent(int step) => _starts is null ? step : _starts[step];

    /// <summary>The last event of <paramref name="step"/>.</summary>
    public int LastEvent(int step) => _starts is null ? step : _starts[step + 1] - 1;

    /// <summary>How many events <paramref name="step"/> plays: one, or the length of a run of accesses not made.</summary>
    public int EventCount(int step) => LastEvent(step) - FirstEvent(step) + 1;

    /// <summary>The step that plays <paramref name="event"/>.</summary>
    public int StepOf(int @event)
    {
        if (_starts is null)
        {
            return @event;
        }

        var found = Array.BinarySearch(_starts, 0, _starts.Length - 1, @event);
        return found >= 0 ? found : ~found - 1;
    }
}
