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

    [Fact]
    public void An_empty_oracle_general_file_is_refused_even_when_its_size_gives_the_share()
    {
        var path = _files.WriteBytes("empty.bin", []);

        var result = Cli.Run("replay", path, "--format", "oracle-general", "--warmup", "5%");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no accesses: expected at least one oracle-general record", result.Stderr, StringComparison.Ordinal);
    }
}
