using System.Globalization;
using System.Text.Json.Nodes;
using Vmsim.Cli.Plotting;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Analysis;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>mrc --target R</c>: the sizing question, "how many frames for at most R misses?", for one
/// miss ratio or several (<c>0.1,0.01</c>, or <c>10%,1%</c>). From an LRU curve (exact or SHARDS)
/// the answer is the smallest memory of the whole curve that reaches R, or never when the
/// compulsory misses alone exceed it; from a simulated curve, the smallest of the sizes simulated.
/// Each answer is a line under the table and an item of the JSON's <c>targets</c>.
/// </summary>
internal static class MissRatioTargets
{
    /// <summary>The name of the option.</summary>
    public const string OptionName = "--target";

    /// <summary>The miss ratios of <paramref name="text"/>, in the order given, each once; none when null.</summary>
    public static IReadOnlyList<double> Parse(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var targets = new List<double>();
        foreach (var item in CommaList.Split(text, OptionName, "miss ratios from 0 to below 1", "0.1,1%"))
        {
            var percent = item.EndsWith('%');
            var number = percent ? item[..^1].TrimEnd() : item;
            var ratio = decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
                ? percent ? value / 100 : value
                : -1;
            if (ratio is < 0 or >= 1)
            {
                throw new CommandLineInputException($"{OptionName}: expected miss ratios from 0 to below 1, such as 0.01 or 1%, separated by commas, found '{item}'{(text.Contains(',', StringComparison.Ordinal) ? $" in '{text}'" : string.Empty)}");
            }

            var target = (double)ratio;
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    /// <summary>
    /// The answers from an LRU curve: for each target the smallest memory of the whole curve
    /// within it, or the floor that keeps it out of reach. For a SHARDS estimate (sampled at
    /// <paramref name="rateText"/>), each answer says it is one, and how coarse: the sampled
    /// curve moves in steps of 1/R frames, and the sample's own error comes on top.
    /// </summary>
    public static IReadOnlyList<Answer> OfCurve(MissRatioCurve curve, IReadOnlyList<double> targets, int pageSize, string rateText)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(targets);
        var about = curve.IsExact ? string.Empty : "about ";
        var estimate = curve.IsExact ? string.Empty : ", by the SHARDS estimate";
        var floorFrames = Math.Max(1, curve.FramesToFloor);
        string Coarse(long frames) => curve.IsExact ? string.Empty
            : $"; an estimate from a sample at rate {rateText}, whose curve moves in steps of {Words.Count(curve.StepFrames, "frame")} (1/R), " +
              $"and which can be off by more than that (compare a few --seed values){(curve.Resolves(frames) ? string.Empty : $"; below {Words.Count(curve.SmallestResolvedFrames, "frame")} ({MissRatioCurve.ResolvedSampledDistance}/R), where the sample does not resolve the curve")}";
        return [.. targets.Select(target =>
        {
            if (curve.SmallestFramesWithin(target) is { } frames)
            {
                var ratio = curve.MissRatio(frames);
                return new Answer(target, frames, ratio,
                    $"{about}{Memory(frames, pageSize)}{estimate}: the smallest memory with at most {Exact(target)} misses (it has {about}{Share(ratio)}){Coarse(frames)}");
            }

            var floor = curve.FloorMissRatio;
            var misses = curve.IsExact ? $" ({Words.Number(curve.Misses(floorFrames))} of {Words.Count(curve.Accesses, "access")})" : string.Empty;
            return new Answer(target, null, null,
                $"never{estimate}: compulsory misses alone are {about}{Share(floor)}{misses}, the floor, reached at {about}{Memory(floorFrames, pageSize)}");
        })];
    }

    /// <summary>
    /// The answers from a simulated curve: for each target the smallest of the sizes simulated
    /// whose miss ratio is within it, and which sizes below it were not run.
    /// </summary>
    public static IReadOnlyList<Answer> OfSimulation(IReadOnlyList<PlotPoint> points, IReadOnlyList<double> targets, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(targets);
        var one = points.Count == 1;
        var simulated = one ? "the one size simulated" : $"the {Words.Count(points.Count, "size")} simulated";
        return [.. targets.Select(target =>
        {
            var at = -1;
            for (var i = 0; i < points.Count; i++)
            {
                if (points[i].Y <= target)
                {
                    at = i;
                    break;
                }
            }

            if (at < 0)
            {
                var largest = points[^1];
                return new Answer(target, null, null, one
                    ? $"not {simulated}, {Memory((long)largest.X, pageSize)}, which has {Share(largest.Y)}"
                    : $"none of {simulated}: the largest, {Memory((long)largest.X, pageSize)}, has {Share(largest.Y)}");
            }

            var point = points[at];
            var frames = (long)point.X;
            var below = at == 0 ? frames > 1 ? "; smaller sizes were not run" : string.Empty
                : frames - (long)points[at - 1].X > 1 ? $"; sizes between {Words.Number((long)points[at - 1].X)} and {Words.Count(frames, "frame")} were not run" : string.Empty;
            return new Answer(target, frames, point.Y,
                $"{Memory(frames, pageSize)}: {(one ? simulated + "," : "the smallest of " + simulated)} with at most {Exact(target)} misses (it has {Share(point.Y)}){below}");
        })];
    }

    /// <summary>
    /// Where an LRU curve reaches its floor, in words for the table: from that memory on, only the
    /// compulsory misses (each page's first touch) remain.
    /// </summary>
    public static (string Label, string Text) Floor(MissRatioCurve curve, int pageSize, bool warmedUp)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var about = curve.IsExact ? string.Empty : "about ";
        var touch = warmedUp ? "the first touch of a page after the warm-up" : "the first touch of each page";
        if (curve.FramesToFloor == 0)
        {
            return ("Floor: ", $"no page is used twice: every access is a compulsory miss ({touch}), whatever the memory");
        }

        var misses = curve.Misses(curve.FramesToFloor);
        return ("Floor: ", $"from {about}{Memory(curve.FramesToFloor, pageSize)} on, only compulsory misses remain ({touch}): {about}{Words.Number(misses)}, {Share(curve.FloorMissRatio)} of the accesses");
    }

    /// <summary>The answers as the table's lines under it: "Target 1%: ...".</summary>
    public static IEnumerable<(string Label, string Text)> Lines(IReadOnlyList<Answer> answers) =>
        answers.Select(a => ($"Target {Exact(a.Target)}: ", a.Text));

    /// <summary>The answers as JSON: each <c>target</c>, <c>frames</c> and <c>memoryBytes</c> (null for never), and <c>missRatio</c> there.</summary>
    public static JsonArray Json(IReadOnlyList<Answer> answers, int pageSize) =>
        new([.. answers.Select(a => (JsonNode)new JsonObject
        {
            ["target"] = a.Target,
            ["frames"] = a.Frames,
            ["memoryBytes"] = a.Frames * pageSize,
            ["missRatio"] = a.MissRatio,
        })]);

    // A ratio as a percentage people read: one decimal from 1% up, two significant digits below.
    private static string Share(double ratio)
    {
        var percent = ratio * 100;
        var digits = percent is 0 or >= 1 ? 1 : Math.Min(15, 1 - (int)Math.Floor(Math.Log10(percent)));
        return Math.Round(percent, digits).ToString("0.###############", CultureInfo.InvariantCulture) + "%";
    }

    // A target as given, in full: 0.015 is 1.5%.
    private static string Exact(double target) =>
        ((decimal)target * 100).ToString("0.##############", CultureInfo.InvariantCulture) + "%";

    private static string Memory(long frames, int pageSize) => $"{Words.Count(frames, "frame")} ({Words.Bytes(frames * pageSize)})";

    /// <summary>One target's answer: the smallest memory within it (null for never), its miss ratio, and the words.</summary>
    internal sealed record Answer(double Target, long? Frames, double? MissRatio, string Text);
}
