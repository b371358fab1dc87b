using System.Text;
using Vmsim.Web.Api;

namespace Vmsim.Web;

/// <summary>
/// The Chart.js library vendored for the visualizer (wwwroot/lib/chartjs), for other parts of
/// vmsim that write self-contained HTML pages with a chart in them, such as the command line's
/// <c>--plot chart.html</c>.
/// </summary>
public static class ChartJsAsset
{
    /// <summary>The UMD build of Chart.js (it defines the global <c>Chart</c>), as text.</summary>
    public static string Script { get; } = Read("lib/chartjs/chart.umd.min.js");

    /// <summary>Chart.js's licence (MIT), to travel with every copy of <see cref="Script"/>.</summary>
    public static string License { get; } = Read("lib/chartjs/LICENSE.md");

    private static string Read(string path) =>
        StaticAssets.Files.TryGetValue(path, out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"the embedded file wwwroot/{path} is missing from {typeof(ChartJsAsset).Assembly.GetName().Name}");
}
