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
/// two orders of magnitude or more.
/// </summary>
/// <param name="Title">The chart's title.</param>
/// <param name="Subtitle">A line under it: the trace and how the curves were made.</param>
/// <param name="XTitle">The size axis's title.</param>
/// <param name="YTitle">The miss-ratio axis's title.</param>
/// <param name="Series">The curves, in legend order.</param>
internal sealed record PlotData(string Title, string Subtitle, string XTitle, string YTitle, IReadOnlyList<PlotSeries> Series)
{
    private static readonly double[] NiceSteps = [1, 2, 5, 10];

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
    /// The top of the miss-ratio axis: the largest miss ratio rounded up to 1, 2 or 5 times a
    /// power of ten, so that curves of small miss ratios are not flattened against 0.
    /// </summary>
    public double YMax
    {
        get
        {
            var max = Series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max();
            if (max <= 0)
            {
                return 1;
            }

            var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
            var top = NiceSteps.Select(m => m * power).First(t => t >= max * (1 - 1e-12));
            return Math.Min(1, top);
        }
    }

    /// <summary>The chart's data as JSON, embedded in every file drawn so that the numbers travel with the picture.</summary>
    public JsonObject Json() => new()
    {
        ["title"] = Title,
        ["subtitle"] = Subtitle,
        ["xTitle"] = XTitle,
        ["yTitle"] = YTitle,
        ["logX"] = LogX,
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
