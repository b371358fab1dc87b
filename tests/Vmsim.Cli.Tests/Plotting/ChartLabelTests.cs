using Vmsim.Cli.Plotting;

namespace Vmsim.Cli.Tests.Plotting;

/// <summary>A chart file names every curve in full and keeps its titles within the picture.</summary>
public sealed class ChartLabelTests
{
    private static PlotData Chart(string title, IReadOnlyList<string> subtitle, params string[] names) =>
        new(title, subtitle, "memory (frames)", "miss ratio", [.. names.Select(n => new PlotSeries(n, [new PlotPoint(4, 0.5, 10), new PlotPoint(8, 0.25, 5)]))]);

    [Fact]
    public void The_legend_shows_a_long_label_whole()
    {
        var spec = VegaRenderer.Spec(Chart("t", ["s"], "clock:clock-insert=cold", "2q:kin=0.3:kout=0.5"));

        // Vega cuts legend labels at 160 pixels unless told otherwise; 0 is no limit.
        Assert.Equal(0, spec["encoding"]!["color"]!["legend"]!["labelLimit"]!.GetValue<int>());
        Assert.Equal(["clock:clock-insert=cold", "2q:kin=0.3:kout=0.5"], spec["encoding"]!["color"]!["sort"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Long_titles_are_broken_at_spaces_into_lines_and_keep_every_word()
    {
        var machine = "Machine: 27 sizes from 1 to 266 frames, 64 swap slots, 6 policies (global replacement), a policy tick every 100 accesses";
        var title = "Miss ratio by memory size: clock, clock:clock-insert=cold, 2q:kin=0.3, fifo, lru, opt, arc, car";

        var spec = VegaRenderer.Spec(Chart(title, ["trace.gz (lackey), 1,000 accesses", machine], "lru"));

        var titles = spec["title"]!["text"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        var subtitles = spec["title"]!["subtitle"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.True(titles.Count > 1);
        Assert.All(titles, l => Assert.True(l.Length <= 80, l));
        Assert.Equal(title, string.Join(' ', titles));
        Assert.Equal("trace.gz (lackey), 1,000 accesses", subtitles[0]);
        Assert.All(subtitles, l => Assert.True(l.Length <= 100, l));
        Assert.Equal(machine, string.Join(' ', subtitles.Skip(1)));
    }
}
