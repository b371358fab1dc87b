using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Plotting;

/// <summary>
/// Draws a <see cref="PlotData"/> as SVG with Vega-Lite and Vega (vendored in Plotting/vega,
/// BSD licence), run headless by Node.js: the chart is made by a charting library, axes,
/// ticks, legend and all, not drawn by hand. The spec is deterministic, and so is the SVG.
/// </summary>
internal static class VegaRenderer
{
    /// <summary>What to tell someone whose machine has no Node.js.</summary>
    public const string InstallHint = "SVG and PNG charts are drawn by Vega, which runs on Node.js; install it with 'apt-get install nodejs', or write an HTML chart (--plot chart.html), which needs nothing";

    // The most characters of a title line and of a subtitle line. Without a canvas Vega takes
    // a character to be 0.8 of the font size wide, about half as much again as it is, and sizes
    // the picture to that; lines this long stay within the plot and its legend.
    private const int TitleWidth = 80;
    private const int SubtitleWidth = 100;

    private static readonly Lazy<string> Libraries = new(() =>
        Wrapped(Resource("vega.min.js")) + Wrapped(Resource("vega-lite.min.js")));

    /// <summary>Finds <c>node</c> (or <c>nodejs</c>) in the folders of <paramref name="pathVariable"/>; null when none has it.</summary>
    public static string? FindNode(string? pathVariable) => Executables.FindOnPath(pathVariable, "node", "nodejs");

    /// <summary>
    /// The Vega-Lite spec of the chart: lines with points, one colour per series, the legend's
    /// labels whole however long, the subtitle a line each.
    /// </summary>
    public static JsonObject Spec(PlotData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = new JsonArray();
        var logY = data.LogY;
        foreach (var series in data.Series)
        {
            // A log axis has no place for 0; the axis title says such points are left out.
            foreach (var point in series.Points.Where(p => !logY || p.Y > 0))
            {
                values.Add(new JsonObject { ["series"] = series.Name, ["frames"] = point.X, ["missRatio"] = Math.Round(point.Y, 6), ["misses"] = point.Misses });
            }
        }

        return new JsonObject
        {
            ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
            ["width"] = 640,
            ["height"] = 360,
            ["background"] = "white",
            ["padding"] = 12,
            ["title"] = new JsonObject
            {
                ["text"] = Lines([data.Title], TitleWidth),
                ["subtitle"] = Lines(data.Subtitle, SubtitleWidth),
                ["anchor"] = "start",
            },
            ["data"] = new JsonObject { ["values"] = values },
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true, ["strokeWidth"] = 2 },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject
                {
                    ["field"] = "frames",
                    ["type"] = "quantitative",
                    ["title"] = data.XTitle,
                    ["scale"] = new JsonObject { ["type"] = data.LogX ? "log" : "linear", ["zero"] = false, ["nice"] = !data.LogX },
                    ["axis"] = new JsonObject { ["format"] = "~s" },
                },
                ["y"] = new JsonObject
                {
                    ["field"] = "missRatio",
                    ["type"] = "quantitative",
                    ["title"] = data.YAxisTitle,
                    ["scale"] = logY
                        ? new JsonObject { ["type"] = "log", ["domain"] = new JsonArray(data.YMin, data.YMax), ["nice"] = true }
                        : new JsonObject { ["zero"] = true, ["nice"] = true },
                },
                ["color"] = new JsonObject
                {
                    ["field"] = "series",
                    ["type"] = "nominal",
                    ["title"] = data.Series.Count == 1 ? null : "policy",
                    ["sort"] = new JsonArray([.. data.Series.Select(s => (JsonNode)s.Name)]),

                    // No limit: Vega's default of 160 pixels cuts a label such as clock:clock-insert=cold.
                    ["legend"] = new JsonObject { ["labelLimit"] = 0 },
                },
            },
            ["config"] = new JsonObject { ["font"] = "sans-serif" },
        };
    }

    /// <summary>Draws the chart as SVG, with its data in a <c>metadata</c> element.</summary>
    /// <param name="data">The chart.</param>
    /// <param name="node">The Node.js executable.</param>
    public static string Svg(PlotData data, string node)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(node);
        var script = new StringBuilder(Libraries.Value)
            .Append("const VMSIM_SPEC = ").Append(Spec(data).ToJsonString()).Append(";\n")
            .Append(Resource("vega-render.js"))
            .ToString();
        var start = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-");
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {node}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        process.WaitForExit();
        var svg = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0 || !svg.StartsWith("<svg", StringComparison.Ordinal))
        {
            var message = stderr.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
            throw new InvalidOperationException($"Vega could not draw the chart: {message}");
        }

        // The numbers travel with the picture, for whoever wants them back.
        var close = svg.IndexOf('>', StringComparison.Ordinal) + 1;
        return string.Concat(svg.AsSpan(0, close), $"<metadata id=\"vmsim-data\">{WebUtility.HtmlEncode(data.Json().ToJsonString())}</metadata>", svg.AsSpan(close));
    }

    // The paragraphs broken at spaces into lines of at most width characters, as the narration breaks its own.
    private static JsonArray Lines(IEnumerable<string> text, int width) =>
        new([.. text.SelectMany(paragraph => NarrationRenderer.Wrap(paragraph, width)).Select(line => (JsonNode)line)]);

    // UMD bundles define their global when neither CommonJS nor AMD is about: hide Node's.
    private static string Wrapped(string library) => "(function (exports, module, define) {\n" + library + "\n}).call(globalThis);\n";

    private static string Resource(string name)
    {
        using var stream = typeof(VegaRenderer).Assembly.GetManifestResourceStream("plotting/" + name)
            ?? throw new InvalidOperationException($"the embedded file plotting/{name} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
