using Vmsim.Cli.Plotting;

namespace Vmsim.Cli.Tests.Plotting;

/// <summary>
/// The miss-ratio axis is logarithmic when the ratios span more than two decades (or when asked),
/// so that the curves of large memories do not lie flat on 0, and its title says so.
/// </summary>
public sealed class MissRatioAxisTests
{
    private static PlotData Chart(params double[] ratios) =>
        new("t", ["s"], "memory (frames)", "miss ratio", [new PlotSeries("lru", [.. ratios.Select((y, i) => new PlotPoint(i + 1, y, (long)(y * 1000)))])]);

    [Fact]
    public void Ratios_spanning_more_than_two_decades_get_a_log_axis_that_says_so()
    {
        var wide = Chart(0.5, 0.05, 0.0049);
        var narrow = Chart(0.5, 0.05, 0.005);

        Assert.True(wide.LogY);
        Assert.Equal("miss ratio (log scale)", wide.YAxisTitle);
        Assert.Equal(0.001, wide.YMin, 12);
        Assert.False(narrow.LogY);
        Assert.Equal("miss ratio", narrow.YAxisTitle);
    }

    [Fact]
    public void Y_scale_linear_or_log_overrides_the_choice()
    {
        Assert.False((Chart(0.5, 0.0001) with { Scale = YScale.Linear }).LogY);
        Assert.True((Chart(0.5, 0.4) with { Scale = YScale.Log }).LogY);
    }

    [Fact]
    public void A_log_axis_leaves_out_ratios_of_0_and_says_so()
    {
        var chart = Chart(0.5, 0.001, 0);

        var spec = VegaRenderer.Spec(chart);

        Assert.True(chart.LogY);
        Assert.Equal("miss ratio (log scale; ratios of 0 not drawn)", chart.YAxisTitle);
        var y = spec["encoding"]!["y"]!;
        Assert.Equal("log", y["scale"]!["type"]!.GetValue<string>());
        Assert.Equal("miss ratio (log scale; ratios of 0 not drawn)", y["title"]!.GetValue<string>());
        Assert.Equal([0.5, 0.001], spec["data"]!["values"]!.AsArray().Select(v => v!["missRatio"]!.GetValue<double>()));
        Assert.Equal(3, VegaRenderer.Spec(Chart(0.5, 0.2, 0) with { Scale = YScale.Linear })["data"]!["values"]!.AsArray().Count);
    }

    [Fact]
    public void The_chart_data_says_which_axes_are_logarithmic()
    {
        var json = Chart(0.5, 0.0001).Json();

        Assert.True(json["logY"]!.GetValue<bool>());
        Assert.Equal("miss ratio (log scale)", json["yTitle"]!.GetValue<string>());
        Assert.Equal(["s"], json["subtitle"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public void A_linear_axis_starts_at_0()
    {
        var y = VegaRenderer.Spec(Chart(0.5, 0.2))["encoding"]!["y"]!["scale"]!.AsObject();

        Assert.False(y.ContainsKey("type"));
        Assert.True(y["zero"]!.GetValue<bool>());
    }
}
