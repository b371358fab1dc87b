using System.Text;

namespace Vmsim.Cli.Plotting;

/// <summary>
/// <c>--plot FILE</c>: writes a chart as the file's extension asks: <c>.svg</c> (Vega),
/// <c>.png</c> (Vega's SVG drawn by librsvg at twice its size) or <c>.html</c> (Chart.js).
/// Every kind carries the chart's numbers: a <c>metadata</c> element, a PNG <c>tEXt</c>
/// chunk keyed <c>vmsim-data</c>, or a JSON script and a table.
/// </summary>
internal static class PlotWriter
{
    /// <summary>The key of the data in a PNG's tEXt chunk and the id of the SVG's metadata.</summary>
    public const string DataKey = "vmsim-data";

    /// <summary>
    /// Checks before any work that <paramref name="path"/> can be written: a known extension, an
    /// existing folder, and the tools its kind needs. Returns the kind: svg, png or html.
    /// </summary>
    public static string Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".svg" => "svg",
            ".png" => "png",
            ".html" or ".htm" => "html",
            _ => throw new CommandLineInputException($"--plot: expected a file ending in .svg, .png or .html, found '{path}'"),
        };
        if (kind != "html" && Node() is null)
        {
            throw new CommandLineInputException($"--plot: {VegaRenderer.InstallHint}");
        }

        if (kind == "png" && !SvgRasterizer.Available())
        {
            throw new CommandLineInputException($"--plot: {SvgRasterizer.InstallHint}");
        }

        return kind;
    }

    /// <summary>The chart for <paramref name="path"/>, as its extension asks: the bytes of the file to write.</summary>
    public static byte[] Render(string path, PlotData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Check(path) switch
        {
            "html" => Encoding.UTF8.GetBytes(ChartPage.Html(data)),
            "svg" => Encoding.UTF8.GetBytes(VegaRenderer.Svg(data, Node()!)),
            _ => SvgRasterizer.Png(VegaRenderer.Svg(data, Node()!), 2, DataKey, data.Json().ToJsonString()),
        };
    }

    private static string? Node() => VegaRenderer.FindNode(Environment.GetEnvironmentVariable("PATH"));
}
