using System.Text.Json.Nodes;

namespace Vmsim.Cli.Plotting;

/// <summary>One point of a curve: a memory size and the miss ratio there, with the count behind it.</summary>
/// <param name="X">The memory size, in frames.</param>
/// <param name="Y">The miss ratio, from 0 to 1.</param>
/// <param name="Misses">The misses (page faults) at that size.</param>
internal readonly record struct PlotPoint(double X, double Y, long Misses);

/// <summary>One curve of a chart: a policy's miss ratios.</summary>
/// <param name="Name">The legend's name for it.</param>
/// <param name="Points">Its points, by ascending size.</param>
internal sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points);

/// <summary>
/// A miss-ratio chart, whatever it is drawn as (SVG, PNG, HTML or the terminal): curves of miss
/// ratio against memory size, with titles. The size axis is logarithmic when the sizes span
/// two orders of magnitude or more; the miss-ratio axis as <see cref="Scale"/> says.
/// </summary>
/// <param name="Title">The chart's title.</param>
/// <param name="Subtitle">The lines under it: the trace, how the curves were made, the machine.</param>
/// <param name="XTitle">The size axis's title.</param>
/// <param name="YTitle">The miss-ratio axis's title, before what <see cref="YAxisTitle"/> adds.</param>
/// <param name="Series">The curves, in legend order.</param>
internal sealed record PlotData(string Title, IReadOnlyList<string> Subtitle, string XTitle, string YTitle, IReadOnlyList<PlotSeries> Series)
{
    private static readonly double[] NiceSteps = [1, 2, 5, 10];

    /// <summary>How the miss-ratio axis is scaled, as asked (<see cref="LogY"/> is what it comes to).</summary>
    public YScale Scale { get; init; } = YScale.Auto;

    /// <summary>True when the sizes are spread enough for a log scale.</summary>
    public bool LogX
    {
        get
        {
            var xs = Series.SelectMany(s => s.Points).Select(p => p.X).Where(x => x > 0).ToList();
            return xs.Count > 1 && xs.Max() / xs.Min() >= 100;
        }
    }

    /// <summary>
    /// True when the miss-ratio axis is logarithmic: asked for, or under <see cref="YScale.Auto"/>
    /// when the ratios above 0 span more than two decades (the largest over 100 times the
    /// smallest), where a linear axis would lay the curves of the larger sizes flat on 0.
    /// </summary>
    public bool LogY => Scale switch
    {
        YScale.Log => true,
        YScale.Linear => false,
        _ => Ratios.Where(y => y > 0).ToList() is { Count: > 1 } ratios && ratios.Max() > 100 * ratios.Min(),
    };

    /// <summary>True when a log miss-ratio axis leaves out points of ratio 0, which it cannot draw.</summary>
    public bool HidesZeros => LogY && Ratios.Any(y => y <= 0);

    /// <summary>The miss-ratio axis's title as drawn: "miss ratio (log scale)" when it is one, saying so when ratios of 0 are left out.</summary>
    public string YAxisTitle => !LogY ? YTitle : HidesZeros ? $"{YTitle} (log scale; ratios of 0 not drawn)" : $"{YTitle} (log scale)";

    /// <summary>
    /// The top of the miss-ratio axis: the largest miss ratio rounded up to 1, 2 or 5 times a
    /// power of ten, so that curves of small miss ratios are not flattened against 0.
    /// </summary>
    public double YMax
    {
        get
        {
            var max = Ratios.DefaultIfEmpty(1).Max();
            if (max <= 0)
            {
                return 1;
            }

            var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
            var top = NiceSteps.Select(m => m * power).First(t => t >= max * (1 - 1e-12));
            return Math.Min(1, top);
        }
    }

    /// <summary>
    /// The bottom of a log miss-ratio axis: the smallest ratio above 0 rounded down to a power of
    /// ten (1 when there is none).
    /// </summary>
    public double YMin
    {
        get
        {
            var min = Ratios.Where(y => y > 0).DefaultIfEmpty(1).Min();
            return Math.Min(1, Math.Pow(10, Math.Floor(Math.Log10(min) + 1e-12)));
        }
    }

    private IEnumerable<double> Ratios => Series.SelectMany(s => s.Points).Select(p => p.Y);

    /// <summary>The chart's data as JSON, embedded in every file drawn so that the numbers travel with the picture.</summary>
    public JsonObject Json() => new()
    {
        ["title"] = Title,
        ["subtitle"] = new JsonArray([.. Subtitle.Select(l => (JsonNode)l)]),
        ["xTitle"] = XTitle,
        ["yTitle"] = YAxisTitle,
        ["logX"] = LogX,
        ["logY"] = LogY,
        ["series"] = new JsonArray([.. Series.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["points"] = new JsonArray([.. s.Points.Select(p => (JsonNode)new JsonObject
            {
                ["frames"] = p.X,
                ["missRatio"] = p.Y,
                ["misses"] = p.Misses,
            })]),
        })]),
    };
}
