using Spectre.Console;
using Vmsim.Cli.Plotting;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Tests.Rendering;

/// <summary>The chart --chart draws in the terminal keeps every curve in sight and says how its axes are scaled.</summary>
public sealed class TerminalChartTests
{
    private static readonly int[] Sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private static string Draw(PlotData data)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = 80;
        CurveRenderer.RenderChart(console, data);
        return writer.ToString();
    }

    // The plot's rows: the lines between the axis title and the size axis.
    private static string[] Plot(string chart)
    {
        var lines = chart.Split('\n');
        var top = Array.FindIndex(lines, l => l.StartsWith("miss ratio", StringComparison.Ordinal));
        var bottom = Array.FindIndex(lines, l => l.Contains('└', StringComparison.Ordinal));
        return lines[(top + 1)..bottom];
    }

    private static PlotSeries Curve(string name, Func<int, double> ratio) =>
        new(name, [.. Sizes.Select(f => new PlotPoint(f, ratio(f), (long)(ratio(f) * 1e6)))]);

    [Fact]
    public void Six_curves_on_the_same_points_all_stay_in_sight()
    {
        string[] names = ["fifo", "lru", "clock", "arc", "s3-fifo", "opt"];
        var data = new PlotData("t", ["s"], "memory (frames)", "miss ratio", [.. names.Select(n => Curve(n, f => 1.0 / f))]);

        var chart = Draw(data);

        var plot = string.Concat(Plot(chart));
        foreach (var mark in "*+ox#@")
        {
            Assert.Equal(Sizes.Length, plot.Count(c => c == mark));
        }

        Assert.Contains("Marks side by side in a row are points that fall on the same place.", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_apart_are_drawn_where_they_are_and_say_nothing_of_sharing()
    {
        var data = new PlotData("t", ["s"], "memory (frames)", "miss ratio", [Curve("a", f => 0.9), Curve("b", f => 0.1)]);

        var chart = Draw(data);

        Assert.DoesNotContain("side by side", chart, StringComparison.Ordinal);
        Assert.Equal(Sizes.Length, string.Concat(Plot(chart)).Count(c => c == '*'));
    }

    [Fact]
    public void One_curves_own_points_on_one_place_are_one_mark_and_not_pushed_aside()
    {
        // 200 sizes on an 80-column chart: many of one curve's points share a place.
        var dense = new PlotSeries("lru", [.. Enumerable.Range(1, 200).Select(f => new PlotPoint(f, 0.5, 500_000))]);

        var chart = Draw(new PlotData("t", ["s"], "memory (frames)", "miss ratio", [dense]));

        Assert.DoesNotContain("side by side", chart, StringComparison.Ordinal);
        Assert.Single(Plot(chart), l => l.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void Where_too_many_marks_fall_together_none_is_drawn_over_another_and_the_note_says_some_are_left_out()
    {
        // Three curves on the same 150 sizes: no row has room for every mark.
        var sizes = Enumerable.Range(1, 150).ToArray();
        PlotSeries Flat(string name) => new(name, [.. sizes.Select(f => new PlotPoint(f, 0.5, 500_000))]);

        var chart = Draw(new PlotData("t", ["s"], "memory (frames)", "miss ratio", [Flat("a"), Flat("b"), Flat("c")]));

        var row = Assert.Single(Plot(chart), l => l.Contains('*', StringComparison.Ordinal));
        Assert.True(row.Count(c => c == '*') >= row.Count(c => c == 'o') && row.Count(c => c == '+') >= row.Count(c => c == 'o'), row);
        Assert.Contains("some are left out (--plot draws them all)", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void Ratios_over_many_decades_are_drawn_on_a_log_axis_that_says_so()
    {
        var data = new PlotData("t", ["s"], "memory (frames)", "miss ratio", [Curve("lru", f => 0.5 / f / f)]);

        var chart = Draw(data);

        var plot = Plot(chart);
        Assert.Contains("miss ratio (log scale)\n", chart, StringComparison.Ordinal);
        Assert.StartsWith("0.5 ┤", plot[0].TrimStart(), StringComparison.Ordinal);
        Assert.StartsWith("1e-6 ┤", plot[^1].TrimStart(), StringComparison.Ordinal);

        // On a log axis halving the size quarters the ratio: the marks fall in a straight line,
        // one row apart or so, rather than all on the bottom row as on a linear one.
        var rows = plot.Select((line, row) => (line, row)).Where(l => l.line.Contains('*', StringComparison.Ordinal)).Select(l => l.row).ToList();
        Assert.True(rows.Count >= 8, string.Join('\n', plot));
    }
}
