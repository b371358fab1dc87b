using Vmsim.Core;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Web.Sessions;

/// <summary>
/// The fault count of each policy at each number of frames for a reference string, by
/// Core's <see cref="ReferenceStringRun.CompareFaults(IReadOnlyList{PageReference}, MachineConfig, IReadOnlyList{string}, IReadOnlyList{int})"/>: the chart where Belady's anomaly
/// shows (a policy faulting more with more frames).
/// </summary>
internal static class BeladyChart
{
    /// <summary>The most accesses one chart may simulate (references × policies × frame counts).</summary>
    public const long MaxWork = 20_000_000;

    /// <summary>The most frames on the chart's axis.</summary>
    public const int MaxFrames = 64;

    /// <summary>The policies drawn when the page names none.</summary>
    public static IReadOnlyList<string> DefaultPolicies { get; } = ["fifo", "lru", "opt", "clock"];

    /// <summary>The default frame range: 1 to one more than the distinct pages (where every policy stops faulting but for first touches), at least 1 to 4.</summary>
    public static (int From, int To) DefaultFrames(IReadOnlyList<PageReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var distinct = references.Select(r => r.Page).Distinct().Count();
        return (1, Math.Clamp(distinct + 1, 4, MaxFrames));
    }

    public static BeladyData Compute(IReadOnlyList<PageReference> references, MachineConfig config, IReadOnlyList<string>? policies, int? from, int? to)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(config);
        var names = policies is { Count: > 0 } ? policies : DefaultPolicies;
        var known = names.Select(n => PolicyCatalog.Find(n)?.Name
            ?? throw new VisualizerInputException(PolicyCatalog.Unknown(n))).Distinct().ToArray();
        var defaults = DefaultFrames(references);
        var low = from ?? defaults.From;
        var high = to ?? defaults.To;
        if (low < 1 || high < low || high > MaxFrames)
        {
            throw new VisualizerInputException($"frames for the chart: expected a range within 1 to {MaxFrames}, found {low} to {high}");
        }

        var frames = Enumerable.Range(low, high - low + 1).ToArray();
        var work = (long)references.Count * known.Length * frames.Length;
        if (work > MaxWork)
        {
            throw new VisualizerInputException(
                $"the chart would simulate {work:N0} accesses ({references.Count:N0} references × {known.Length} policies × {frames.Length} frame counts); the limit is {MaxWork:N0}: draw fewer policies or frame counts");
        }

        var table = ReferenceStringRun.CompareFaults(references, config with { CheckInvariants = false }, known, frames);
        var series = new List<BeladySeries>();
        var anomalies = new List<string>();
        for (var p = 0; p < known.Length; p++)
        {
            var faults = new long[frames.Length];
            for (var f = 0; f < frames.Length; f++)
            {
                faults[f] = table[p, f];
                if (f > 0 && faults[f] > faults[f - 1])
                {
                    anomalies.Add($"{known[p].ToUpperInvariant()} faults {Plural.Count(faults[f], "time")} with {Plural.Count(frames[f], "frame")} but {Plural.Count(faults[f - 1], "time")} with {frames[f - 1]}: Belady's anomaly.");
                }
            }

            series.Add(new BeladySeries(known[p], faults));
        }

        return new BeladyData(frames, series, anomalies);
    }
}

/// <summary>Faults by policy and frame count.</summary>
/// <param name="Frames">The frame counts (the x axis).</param>
/// <param name="Series">One line per policy.</param>
/// <param name="Anomalies">Every place a policy faults more with one frame more, in words.</param>
internal sealed record BeladyData(IReadOnlyList<int> Frames, IReadOnlyList<BeladySeries> Series, IReadOnlyList<string> Anomalies);

/// <summary>One policy's faults at each frame count.</summary>
internal sealed record BeladySeries(string Policy, IReadOnlyList<long> Faults);
