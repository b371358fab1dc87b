using System.Globalization;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// CSV and JSON give miss ratios in full: three misses in 200,003 accesses read back as
/// exactly 3 / 200,003, not as a figure rounded to a few decimals.
/// </summary>
public sealed class MissRatioPrecisionTests : IDisposable
{
    private const int Accesses = 200_003;
    private const double Expected = 3.0 / Accesses;
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string TracePath() =>
        _files.WritePages("few-misses.txt", [1, 2, 3, .. Enumerable.Repeat(1UL, Accesses - 3)]);

    [Fact]
    public void The_sweep_gives_the_whole_ratio_in_csv_and_json()
    {
        var path = TracePath();

        var csv = Cli.Run("sweep", path, "--policies", "lru", "--frames", "4", "--csv");
        var json = Cli.Run("sweep", path, "--policies", "lru", "--frames", "4", "--json").Json();

        var row = csv.Stdout.Split('\n')[1].Split(',');
        Assert.Equal("3", row[3]);
        Assert.Equal(Expected, double.Parse(row[4], CultureInfo.InvariantCulture));
        Assert.Equal(Expected, json.GetProperty("results")[0].GetProperty("missRatio").GetDouble());
    }

    [Fact]
    public void The_curve_gives_the_whole_ratio_in_csv_and_json()
    {
        var path = TracePath();

        var csv = Cli.Run("mrc", path, "--sizes", "4", "--csv");
        var json = Cli.Run("mrc", path, "--sizes", "4", "--json").Json();

        Assert.Equal(Expected, double.Parse(csv.Stdout.Split('\n')[1].Split(',')[4], CultureInfo.InvariantCulture));
        Assert.Equal(Expected, json.GetProperty("points")[0].GetProperty("missRatio").GetDouble());
    }
}
