namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// A trace with no accesses (an empty file given its format, or comments alone) is refused by
/// every verb that reads one, rather than reported as a miss ratio of nothing.
/// </summary>
public sealed class EmptyTraceTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "--warmup", "10%")]
    [InlineData("mrc")]
    [InlineData("mrc", "--sample", "0.1")]
    [InlineData("mrc", "--policy", "fifo", "--frames", "4")]
    [InlineData("sweep", "--policies", "lru", "--csv")]
    public void A_trace_of_comments_alone_is_refused_by_every_verb(string verb, params string[] extra)
    {
        var path = _files.Write("comments.txt", "# a header comment\n\n# and another\n");

        var result = Cli.Run([verb, path, "--format", "pages", .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"vmsim: {path}: has no accesses: expected at least one pages record, found none (an empty trace, or comments and blank lines only)", result.Stderr.Trim());
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "--warmup", "10%")]
    [InlineData("mrc")]
    [InlineData("sweep", "--policies", "lru", "--csv")]
    public void A_csv_trace_with_no_header_and_no_rows_is_not_said_to_hold_a_header(string verb, params string[] extra)
    {
        var path = _files.Write("none.csv", "\n");

        var result = Cli.Run([verb, path, "--format", "csv", "--csv-no-header", "--csv-page", "1", .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"vmsim: {path}: has no accesses: expected at least one csv record, found none (an empty trace, or blank lines only)", result.Stderr.Trim());
    }

    [Theory]
    [InlineData(null, "expected trace data to tell its format from, found an empty input; give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("csv", "expected a CSV header naming the columns, found an empty input")]
    public void An_empty_text_input_on_standard_input_is_not_called_a_file(string? format, string expected)
    {
        var result = Cli.RunWithInput([], ["replay", "-", .. format is null ? Array.Empty<string>() : ["--format", format]]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"vmsim: stdin: {expected}", result.Stderr.Trim());
    }

    [Fact]
    public void An_empty_oracle_general_input_on_standard_input_is_not_called_a_file()
    {
        var result = Cli.RunWithInput([], "replay", "-", "--format", "oracle-general");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("vmsim: stdin: has no accesses: expected at least one oracle-general record, found none (an empty input)", result.Stderr.Trim());
    }

    [Fact]
    public void An_empty_oracle_general_file_is_refused_even_when_its_size_gives_the_share()
    {
        var path = _files.WriteBytes("empty.bin", []);

        var result = Cli.Run("replay", path, "--format", "oracle-general", "--warmup", "5%");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no accesses: expected at least one oracle-general record", result.Stderr, StringComparison.Ordinal);
    }
}
