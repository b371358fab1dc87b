using Vmsim.Core.Addressing;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// A scenario expanded ahead of time into the exact sequence of events it makes: each
/// touch step becomes its accesses (patterns drawn with their seeds), so that the future
/// is known and OPT can be told, for each access, when its page is used next.
/// </summary>
public sealed class ScenarioPlan
{
    /// <summary>The most accesses a scenario may expand to.</summary>
    public const int MaxAccesses = 20_000_000;

    private ScenarioPlan(IReadOnlyList<PlannedEvent> events, long[] nextUse, int accesses)
    {
        Events = events;
        NextUse = nextUse;
        AccessCount = accesses;
    }

    /// <summary>The events, in order: operations (with their step) and accesses.</summary>
    public IReadOnlyList<PlannedEvent> Events { get; }

    /// <summary>For the i-th access (counting accesses only), the index of the next access to the same page by the same process.</summary>
    public IReadOnlyList<long> NextUse { get; }

    /// <summary>How many accesses the plan makes.</summary>
    public int AccessCount { get; }

    /// <summary>
    /// Counts the events <paramref name="scenario"/> expands to (accesses and operations)
    /// without expanding it, stopping once the count passes <paramref name="limit"/>; then
    /// <paramref name="line"/> names the step that passed it (0 otherwise).
    /// </summary>
    public static long CountEvents(Scenario scenario, long limit, out int line)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        long events = 0;
        foreach (var step in scenario.Script)
        {
            var more = step is TouchStep touch ? AccessesOf(touch) : 1;
            events = events > long.MaxValue - more ? long.MaxValue : events + more;
            if (events > limit)
            {
                line = step.Line;
                return events;
            }
        }

        line = 0;
        return events;
    }

    /// <summary>How many accesses <paramref name="touch"/> makes.</summary>
    public static long AccessesOf(TouchStep touch)
    {
        ArgumentNullException.ThrowIfNull(touch);
        return touch switch
        {
            { Address: not null } => touch.Times,
            { Pattern: AccessPattern.Sequential or AccessPattern.Loop } =>
                touch.PageCount > (ulong)(long.MaxValue / Math.Max(1, touch.Times)) ? long.MaxValue : (long)touch.PageCount * touch.Times,
            _ => touch.Count,
        };
    }

    /// <summary>Expands <paramref name="scenario"/>; throws <see cref="InputFormatException"/> when it would exceed <see cref="MaxAccesses"/>.</summary>
    public static ScenarioPlan Expand(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        // Refuse before allocating anything, naming the step where the accesses pass the limit.
        long accesses = 0;
        foreach (var touch in scenario.Script.OfType<TouchStep>())
        {
            var more = AccessesOf(touch);
            accesses = accesses > long.MaxValue - more ? long.MaxValue : accesses + more;
            if (accesses > MaxAccesses)
            {
                throw new InputFormatException(scenario.Source, touch.Line, touch.Column, $"the scenario makes more than {MaxAccesses:N0} accesses; expected fewer (replay a trace for longer workloads)");
            }
        }

        var geometry = scenario.Machine.Geometry;
        var events = new List<PlannedEvent>();
        var keys = new List<(string, ulong)>();
        foreach (var step in scenario.Script)
        {
            if (step is not TouchStep touch)
            {
                events.Add(new PlannedEvent(step, default, AccessKind.Read, -1));
                continue;
            }

            foreach (var (address, kind) in Accesses(touch, geometry))
            {
                events.Add(new PlannedEvent(step, address, kind, keys.Count));
                keys.Add((touch.Process, geometry.PageOf(address).Value));
            }
        }

        return new ScenarioPlan(events, Workloads.NextUse.Compute(keys), keys.Count);
    }

    /// <summary>The accesses a touch step makes, in order.</summary>
    public static IEnumerable<(VirtualAddress Address, AccessKind Kind)> Accesses(TouchStep touch, PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(touch);
        ArgumentNullException.ThrowIfNull(geometry);
        var random = new Random(touch.Seed);
        AccessKind KindOf() => touch.WriteFraction is { } w ? (random.NextDouble() < w ? AccessKind.Write : AccessKind.Read) : touch.Kind;

        if (touch.Address is { } single)
        {
            for (var t = 0; t < touch.Times; t++)
            {
                yield return (single, KindOf());
            }

            yield break;
        }

        VirtualAddress At(ulong offset) => geometry.AddressOf(new PageNumber(touch.FirstPage + offset));
        switch (touch.Pattern)
        {
            case AccessPattern.Sequential:
            case AccessPattern.Loop:
                for (var t = 0; t < touch.Times; t++)
                {
                    for (ulong i = 0; i < touch.PageCount; i++)
                    {
                        yield return (At(i), KindOf());
                    }
                }

                break;
            case AccessPattern.Random:
                for (var i = 0; i < touch.Count; i++)
                {
                    yield return (At((ulong)random.NextInt64((long)touch.PageCount)), KindOf());
                }

                break;
            default:
                // Ranks past 2^24 are too rare to draw: the distribution stops there.
                var zipf = new ZipfDistribution((int)Math.Min(touch.PageCount, 1 << 24), touch.Exponent);
                for (var i = 0; i < touch.Count; i++)
                {
                    yield return (At((ulong)zipf.Sample(random)), KindOf());
                }

                break;
        }
    }
}

/// <summary>One event of a plan: an operation step, or one access of a touch step.</summary>
/// <param name="Step">The step it comes from.</param>
/// <param name="Address">For an access, the address.</param>
/// <param name="Kind">For an access, its kind.</param>
/// <param name="AccessIndex">For an access, its index among accesses; -1 for an operation.</param>
public readonly record struct PlannedEvent(ScenarioStep Step, VirtualAddress Address, AccessKind Kind, int AccessIndex)
{
    /// <summary>True for an access, false for an operation.</summary>
    public bool IsAccess => AccessIndex >= 0;
}
