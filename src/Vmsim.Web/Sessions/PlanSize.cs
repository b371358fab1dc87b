using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Web.Sessions;

/// <summary>
/// Counts the events a scenario expands to without expanding it: the step limit must be
/// checked before <see cref="ScenarioPlan.Expand"/> builds a plan of up to
/// <see cref="ScenarioPlan.MaxAccesses"/> accesses in memory. The count follows
/// <see cref="ScenarioPlan.Accesses"/>: a single address is touched <c>times</c> times, a
/// sequential or loop range <c>times</c> times its pages, a random or zipf range <c>count</c>
/// times; every other step is one event. Tests hold it equal to the plan's length.
/// </summary>
internal static class PlanSize
{
    /// <summary>
    /// The number of events of <paramref name="scenario"/>'s script, counting no further than
    /// just past <paramref name="limit"/>; <paramref name="line"/> is the line of the step that
    /// went past it, or 0.
    /// </summary>
    public static long Count(Scenario scenario, long limit, out int line)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        long events = 0;
        foreach (var step in scenario.Script)
        {
            events = Add(events, step is TouchStep touch ? AccessesOf(touch) : 1);
            if (events > limit)
            {
                line = step.Line;
                return events;
            }
        }

        line = 0;
        return events;
    }

    private static long AccessesOf(TouchStep touch) => touch switch
    {
        { Address: not null } => touch.Times,
        { Pattern: AccessPattern.Sequential or AccessPattern.Loop } =>
            touch.PageCount > (ulong)(long.MaxValue / Math.Max(1, touch.Times)) ? long.MaxValue : (long)touch.PageCount * touch.Times,
        _ => touch.Count,
    };

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
