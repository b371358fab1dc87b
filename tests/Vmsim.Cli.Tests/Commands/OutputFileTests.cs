namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// Files vmsim writes (--csv, --plot, record --save) never replace the trace being read, and
/// replace any other existing file only with --force: nothing the user has is lost by a slip.
/// </summary>
public sealed class OutputFileTests : IDisposable
{
    private static readonly ulong[] TracePages = TraceFiles.Pages(500, 40, seed: 3);
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("mrc")]
    [InlineData("sweep")]
    public void The_csv_file_may_not_be_the_trace_even_with_force(string verb)
    {
        var trace = _files.WritePages("t.pages", TracePages);
        var before = File.ReadAllBytes(trace);
        string[] extra = verb == "sweep" ? ["--policies", "lru"] : [];

        var plain = Cli.Run([verb, trace, "--frames", "10", .. extra, "--csv", trace]);
        var forced = Cli.Run([verb, trace, "--frames", "10", .. extra, "--csv", trace, "--force"]);

        foreach (var result in new[] { plain, forced })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"--csv: {trace} is the file being read; give another name", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(trace));
    }

    [Fact]
    public void An_existing_csv_file_is_kept_unless_force_is_given()
    {
        var trace = _files.WritePages("t.pages", TracePages);
        var csv = _files.Write("results.csv", "my earlier results\n");

        var refused = Cli.Run("sweep", trace, "--policies", "fifo", "--frames", "10", "--csv", csv);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--csv: {csv} already exists; give another name, or --force to write over it", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("my earlier results\n", File.ReadAllText(csv));

        var forced = Cli.Run("sweep", trace, "--policies", "fifo", "--frames", "10", "--csv", csv, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("policy,frames,", File.ReadAllText(csv), StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_chart_is_kept_unless_force_is_given_and_one_file_may_not_take_both_outputs()
    {
        var trace = _files.WritePages("t.pages", TracePages);
        var chart = _files.Write("chart.html", "<p>mine</p>");
        var shared = _files.Path("both.html");

        var refused = Cli.Run("mrc", trace, "--sizes", "5,10", "--plot", chart);
        var both = Cli.Run("mrc", trace, "--sizes", "5,10", "--plot", shared, "--csv", shared, "--force");
        var forced = Cli.Run("mrc", trace, "--sizes", "5,10", "--plot", chart, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--plot: {chart} already exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains($"--csv and --plot: both name {shared}", both.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(shared));
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("<html", File.ReadAllText(chart), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_symbolic_link_to_the_trace_is_the_trace()
    {
        var trace = _files.WritePages("t.pages", TracePages);
        var link = _files.Path("link.csv");
        File.CreateSymbolicLink(link, trace);

        var result = Cli.Run("mrc", trace, "--sizes", "5", "--csv", link, "--force");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is the file being read", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(TracePages.Length, File.ReadAllLines(trace).Length);
    }

    [Fact]
    public void Record_keeps_an_existing_save_file_unless_force_is_given()
    {
        var saved = _files.Write("ls.lackey.gz", "an earlier recording");

        var result = Cli.Run("record", "--save", saved, "--", "/bin/true");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--save: {saved} already exists; give another name, or --force to write over it", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("an earlier recording", File.ReadAllText(saved));
    }
}
