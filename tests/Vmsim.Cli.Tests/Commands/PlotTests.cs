using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>--plot writes real charts: SVG and PNG drawn by Vega (PNG through librsvg), HTML with Chart.js; each carries its numbers.</summary>
public sealed class PlotTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private (string Trace, string Csv) Sweep()
    {
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 80));
        var csv = Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "2,4,8,16,32", "--csv");
        Assert.Equal(0, csv.ExitCode);
        return (trace, csv.Stdout);
    }

    private static void AssertCarriesTheData(string json, string csv)
    {
        using var document = JsonDocument.Parse(json);
        var series = document.RootElement.GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(["fifo", "lru"], series.Select(s => s.GetProperty("name").GetString()));
        foreach (var line in csv.TrimEnd('\n').Split('\n').Skip(1))
        {
            var f = line.Split(',');
            var point = series.Single(s => s.GetProperty("name").GetString() == f[0]).GetProperty("points").EnumerateArray()
                .Single(p => p.GetProperty("frames").GetInt32() == int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(long.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), point.GetProperty("misses").GetInt64());
        }
    }

    [Fact]
    public void Svg_is_a_vega_chart_with_the_data_in_its_metadata()
    {
        var (trace, csv) = Sweep();
        var svg = _files.Path("sweep.svg");

        var result = Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "2,4,8,16,32", "--plot", svg);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"Wrote the chart to {svg}.", result.Stdout, StringComparison.Ordinal);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", text, StringComparison.Ordinal);
        Assert.Contains("role-axis", text, StringComparison.Ordinal);
        Assert.Contains(">miss ratio</text>", text, StringComparison.Ordinal);
        Assert.Contains(">fifo</text>", text, StringComparison.Ordinal);
        var start = text.IndexOf("<metadata id=\"vmsim-data\">", StringComparison.Ordinal) + "<metadata id=\"vmsim-data\">".Length;
        var end = text.IndexOf("</metadata>", start, StringComparison.Ordinal);
        AssertCarriesTheData(System.Net.WebUtility.HtmlDecode(text[start..end]), csv);
    }

    [Fact]
    public void Png_is_an_image_with_the_data_in_a_text_chunk()
    {
        var (trace, csv) = Sweep();
        var png = _files.Path("sweep.png");

        var result = Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "2,4,8,16,32", "--plot", png);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, bytes[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), 1000, 4000);
        Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), 500, 4000);
        Assert.True(bytes.Length > 20_000, "the PNG is too small to hold a chart");
        Assert.Equal("tEXt", Encoding.ASCII.GetString(bytes, 37, 4));
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(33));
        var text = Encoding.Latin1.GetString(bytes, 41, length);
        Assert.StartsWith("vmsim-data\0", text, StringComparison.Ordinal);
        AssertCarriesTheData(text["vmsim-data\0".Length..], csv);
    }

    [Fact]
    public void Html_is_a_self_contained_chart_js_page_with_the_data()
    {
        var (trace, csv) = Sweep();
        var html = _files.Path("sweep.html");

        var result = Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "2,4,8,16,32", "--plot", html);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
        Assert.Contains("Chart.js v4", text, StringComparison.Ordinal);
        Assert.Contains("new Chart(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", text, StringComparison.Ordinal);
        AssertCarriesTheData(Cli.ChartData(text), csv);
        Assert.Contains("<td>fifo</td><td>2</td>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_of_standard_input_names_it_as_the_heading_does()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(TraceFiles.Pages(3000, 80).Select(p => $"{p}\n")));
        var html = _files.Path("stdin.html");

        // With no memory to spare, the sweep reads standard input from a temporary copy.
        var result = Cli.RunWithInput(bytes, "sweep", "-", "--policies", "fifo,lru", "--frames", "2,4", "--memory-budget", "0", "--plot", html);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(html);
        Assert.Contains("stdin (pages), 3,000 accesses", text, StringComparison.Ordinal);
        Assert.Contains("stdin (pages), 3,000 accesses", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_miss_ratio_axis_is_logarithmic_over_two_decades_unless_y_scale_says_linear()
    {
        // At 128 frames only the 80 cold misses in 60,000 accesses are left: over two decades below 1 frame's.
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(60000, 80));
        var auto = _files.Path("auto.html");
        var linear = _files.Path("linear.html");

        Assert.Equal(0, Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "1,4,16,64,128", "--plot", auto).ExitCode);
        Assert.Equal(0, Cli.Run("sweep", trace, "--policies", "fifo,lru", "--frames", "1,4,16,64,128", "--plot", linear, "--y-scale", "linear").ExitCode);

        using var logData = JsonDocument.Parse(Cli.ChartData(File.ReadAllText(auto)));
        using var linearData = JsonDocument.Parse(Cli.ChartData(File.ReadAllText(linear)));
        Assert.True(logData.RootElement.GetProperty("logY").GetBoolean());
        Assert.Equal("miss ratio (log scale)", logData.RootElement.GetProperty("yTitle").GetString());
        Assert.False(linearData.RootElement.GetProperty("logY").GetBoolean());
        Assert.Equal("miss ratio", linearData.RootElement.GetProperty("yTitle").GetString());
    }

    [Fact]
    public void Mrc_writes_its_curve_too()
    {
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 80));
        var svg = _files.Path("mrc.svg");

        var result = Cli.Run("mrc", trace, "--plot", svg);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("LRU miss-ratio curve", File.ReadAllText(svg), StringComparison.Ordinal);
    }
}
