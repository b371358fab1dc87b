using System.Diagnostics;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// A trace given by the name of a pipe (a FIFO, a shell's <c>&lt;(zcat t.gz)</c>) can be read
/// once, as standard input can: a verb that reads the trace twice saves it first, where a second
/// open of the FIFO waited for a writer that never came (and one of <c>/dev/fd/N</c> read nothing).
/// </summary>
public sealed class NamedPipeTraceTests : IDisposable
{
    private const string Trace = "1\n2\n3\n1\n4\n1\n2\n5\n";
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Runs vmsim on a FIFO that a writer fills with the trace, failing rather than waiting forever.
    private CliResult RunOnFifo(params string[] args)
    {
        var fifo = _files.Path("trace.pipe");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, Trace));
        var run = Task.Run(() => Cli.Run([args[0], fifo, .. args[1..]]));
        Assert.True(run.Wait(TimeSpan.FromSeconds(20)), "vmsim waited on the pipe");
        Assert.True(writer.Wait(TimeSpan.FromSeconds(10)), "the writer waited on the pipe");
        return run.Result;
    }

    [Theory]
    [InlineData("replay", "--policy", "opt", "--frames", "2")]
    [InlineData("replay", "--frames", "2", "--warmup", "50%")]
    [InlineData("mrc", "--warmup", "50%")]
    [InlineData("sweep", "--policies", "opt,lru", "--frames", "1,2", "--csv")]
    public void A_pipe_read_twice_is_saved_first_and_gives_what_the_file_gives(string verb, params string[] options)
    {
        var file = _files.Write("trace.txt", Trace);

        var piped = RunOnFifo([verb, .. options]);
        var filed = Cli.Run([verb, file, .. options]);

        Assert.True(piped.ExitCode == 0, piped.Stderr);
        Assert.True(piped.Stdout.Contains("the pipe", StringComparison.OrdinalIgnoreCase) || piped.Stderr.Contains("the pipe", StringComparison.OrdinalIgnoreCase), piped.Stdout + piped.Stderr);
        Assert.NotEmpty(Numbers(filed.Stdout));
        Assert.Equal(Numbers(filed.Stdout), Numbers(piped.Stdout));
    }

    // The figures of a report (replay's counts, mrc's table rows, sweep's CSV rows), without the
    // names and notes that differ between a file and a pipe.
    private static string[] Numbers(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("Accesses:", StringComparison.Ordinal) || l.StartsWith("│ ", StringComparison.Ordinal) || l.StartsWith("opt,", StringComparison.Ordinal) || l.StartsWith("lru,", StringComparison.Ordinal))];
}
