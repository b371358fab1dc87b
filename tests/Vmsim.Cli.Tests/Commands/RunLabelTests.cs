using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// A policy's run has one label wherever its results go (table, CSV, JSON, legend,
/// refs --compare): a setting given for the whole run that the policy reads is in it, as if the
/// variant had been written with it, and it runs the same.
/// </summary>
public sealed class RunLabelTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Trace() => _files.WritePages("labels.txt", TraceFiles.Pages(3000, 90, seed: 5));

    [Fact]
    public void Settings_given_for_the_sweep_label_the_policies_that_read_them_in_every_output()
    {
        var trace = Trace();
        string[] args = ["sweep", trace, "--policies", "clock,2q,fifo", "--frames", "4,8", "--clock-insert", "cold", "--param", "kin=0.3"];
        string[] labels = ["clock:clock-insert=cold", "2q:kin=0.3", "fifo"];

        var table = Cli.Run([.. args, "--chart"]);
        var csv = Cli.Run([.. args, "--csv"]);
        var json = Cli.Run([.. args, "--json"]).Json();
        var html = _files.Path("labels.html");
        Assert.Equal(0, Cli.Run([.. args, "--plot", html]).ExitCode);

        Assert.Contains(table.Rows(), r => r.SequenceEqual(["Frames", .. labels]));
        Assert.Contains("* clock:clock-insert=cold   + 2q:kin=0.3   o fifo", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(labels, csv.Stdout.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')[0]).Distinct());
        Assert.Equal(labels, json.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(labels, json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("policy").GetString()).Distinct());
        Assert.Equal(labels, ChartSeries(File.ReadAllText(html)));
    }

    [Fact]
    public void A_setting_given_for_the_sweep_and_the_same_written_into_the_variants_give_the_same_bytes()
    {
        var trace = Trace();

        var byRun = Cli.Run("sweep", trace, "--policies", "clock,2q,ws", "--frames", "4,8,16", "--clock-insert", "cold", "--param", "kin=0.3", "--window", "50", "--csv");
        var byVariant = Cli.Run("sweep", trace, "--policies", "clock:clock-insert=cold,2q:kin=0.3,ws:window=50", "--frames", "4,8,16", "--csv");

        Assert.Equal(0, byRun.ExitCode);
        Assert.Equal(byVariant.Stdout, byRun.Stdout);
    }

    [Fact]
    public void A_variants_own_setting_wins_over_the_sweeps()
    {
        var json = Cli.Run("sweep", Trace(), "--policies", "clock,clock:clock-insert=hot", "--frames", "4", "--clock-insert", "cold", "--json").Json();

        Assert.Equal(["clock:clock-insert=cold", "clock:clock-insert=hot"], json.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void Refs_compare_labels_a_row_by_the_window_given_as_it_labels_the_variant()
    {
        var byRun = Cli.Run("refs", Cli.Belady, "--compare", "fifo,ws", "--window", "4");
        var byVariant = Cli.Run("refs", Cli.Belady, "--compare", "fifo,ws:window=4");

        Assert.Contains(byRun.Rows(), r => r[0] == "ws:window=4");
        Assert.DoesNotContain(byRun.Rows(), r => r[0] == "ws");
        Assert.Equal(byVariant.Stdout, byRun.Stdout);
    }

    [Fact]
    public void A_simulated_curve_is_labelled_as_sweep_labels_its_policy()
    {
        var trace = Trace();

        var csv = Cli.Run("mrc", trace, "--policy", "clock", "--clock-insert", "cold", "--frames", "4,8", "--csv");
        var json = Cli.Run("mrc", trace, "--policy", "clock", "--clock-insert", "cold", "--frames", "4,8", "--json").Json();
        var sweep = Cli.Run("sweep", trace, "--policies", "clock:clock-insert=cold", "--frames", "4,8", "--json").Json();

        Assert.All(csv.Stdout.TrimEnd('\n').Split('\n').Skip(1), l => Assert.StartsWith("clock:clock-insert=cold,", l, StringComparison.Ordinal));
        Assert.Equal("clock:clock-insert=cold", json.GetProperty("policy").GetString());
        Assert.Equal(
            sweep.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("faults").GetInt64()),
            json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("faults").GetInt64()));
    }

    // The series names of an HTML chart's data.
    private static IEnumerable<string?> ChartSeries(string html)
    {
        using var document = JsonDocument.Parse(Cli.ChartData(html));
        return [.. document.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString())];
    }
}
