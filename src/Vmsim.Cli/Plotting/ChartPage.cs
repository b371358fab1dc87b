using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vmsim.Cli.Rendering;
using Vmsim.Web;

namespace Vmsim.Cli.Plotting;

/// <summary>
/// A chart as one self-contained HTML page: Chart.js (the copy vendored for the visualizer,
/// with its MIT licence) and the data inline, so the page opens anywhere with no network,
/// and a table of the same numbers under the chart.
/// </summary>
internal static class ChartPage
{
    // Tableau 10, the palette Vega uses too, so that an HTML chart and an SVG one colour alike.
    private static readonly string[] Palette =
        ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>The page.</summary>
    public static string Html(PlotData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var json = data.Json();
        json["yMax"] = data.YMax;
        json["yMin"] = data.YMin;
        json["palette"] = new System.Text.Json.Nodes.JsonArray([.. Palette.Select(c => (System.Text.Json.Nodes.JsonNode)c)]);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"generator\" content=\"vmsim\">\n")
            .Append("<title>").Append(Encode(data.Title)).Append("</title>\n")
            .Append("<style>\nbody { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }\n")
            .Append("h1 { font-size: 1.4rem; margin-bottom: 0.2rem; } p.subtitle { color: #555; margin: 0; }\n")
            .Append(".chart { position: relative; height: 30rem; margin-top: 1rem; }\n")
            .Append("table { border-collapse: collapse; font-variant-numeric: tabular-nums; } th, td { padding: 0.15rem 0.6rem; text-align: right; border-bottom: 1px solid #ddd; }\n</style>\n")
            .Append("</head>\n<body>\n")
            .Append("<h1>").Append(Encode(data.Title)).Append("</h1>\n")
            .Append(string.Concat(data.Subtitle.Select(line => $"<p class=\"subtitle\">{Encode(line)}</p>\n")))
            .Append("<div class=\"chart\"><canvas id=\"chart\" role=\"img\" aria-label=\"").Append(Encode(data.Title)).Append("\"></canvas></div>\n")
            .Append("<details>\n<summary>Data</summary>\n");
        Table(html, data);
        html.Append("</details>\n")
            .Append("<script id=\"vmsim-data\" type=\"application/json\">").Append(json.ToJsonString(Options)).Append("</script>\n")
            .Append("<script>\n").Append(ChartJsAsset.Script).Append("\n</script>\n")
            .Append("<script>\n").Append(Drawing).Append("</script>\n")
            .Append("<!--\nChart.js, included above, is under the MIT licence:\n\n")
            .Append(ChartJsAsset.License.Replace("--", "- -", StringComparison.Ordinal))
            .Append("\n-->\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string Drawing = """
        const data = JSON.parse(document.getElementById('vmsim-data').textContent);
        new Chart(document.getElementById('chart'), {
          type: 'line',
          data: {
            datasets: data.series.map((s, i) => ({
              label: s.name,
              data: s.points.filter(p => !data.logY || p.missRatio > 0).map(p => ({ x: p.frames, y: p.missRatio, misses: p.misses })),
              borderColor: data.palette[i % data.palette.length],
              backgroundColor: data.palette[i % data.palette.length],
              pointRadius: 3,
              tension: 0,
            })),
          },
          options: {
            animation: false,
            maintainAspectRatio: false,
            parsing: false,
            interaction: { mode: 'nearest', intersect: false },
            scales: {
              x: { type: data.logX ? 'logarithmic' : 'linear', title: { display: true, text: data.xTitle } },
              y: data.logY
                ? { type: 'logarithmic', min: data.yMin, suggestedMax: data.yMax, title: { display: true, text: data.yTitle } }
                : { min: 0, suggestedMax: data.yMax, title: { display: true, text: data.yTitle } },
            },
            plugins: {
              legend: { display: data.series.length > 1 },
              tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.parsed.y.toFixed(4)} (${c.raw.misses.toLocaleString()} miss${c.raw.misses === 1 ? '' : 'es'} at ${c.parsed.x} frame${c.parsed.x === 1 ? '' : 's'})` } },
            },
          },
        });

        """;

    private static void Table(StringBuilder html, PlotData data)
    {
        html.Append("<table>\n<thead><tr><th>Policy</th><th>Frames</th><th>Misses</th><th>Miss ratio</th></tr></thead>\n<tbody>\n");
        foreach (var series in data.Series)
        {
            foreach (var point in series.Points)
            {
                html.Append("<tr><td>").Append(Encode(series.Name))
                    .Append("</td><td>").Append(point.X.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(point.Misses.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Words.MissRatio(point.Y, 6))
                    .Append("</td></tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
