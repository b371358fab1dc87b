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

    private string MakeFifo(string name = "trace.pipe")
    {
        var fifo = _files.Path(name);
        using var mkfifo = Process.Start("mkfifo", fifo);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return fifo;
    }

    // Runs vmsim on a FIFO that a writer fills with the trace, failing rather than waiting forever.
    private CliResult RunOnFifo(params string[] args)
    {
        var fifo = MakeFifo();
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

    [Theory]
    [InlineData("--warmup", "mrc", "--warmup", "abc")]
    [InlineData("--sizes", "mrc", "--sizes", "x")]
    [InlineData("--frames", "mrc", "--policy", "fifo", "--frames", "x")]
    [InlineData("--jobs", "mrc", "--jobs", "x")]
    [InlineData("--memory-budget", "mrc", "--memory-budget", "x")]
    [InlineData("--jobs", "mrc", "--sample", "0.5", "--jobs", "0")]
    [InlineData("--access-log", "replay", "--access-log", "/nonexistent-vmsim-dir/x.csv")]
    [InlineData("--warmup", "replay", "--warmup", "abc")]
    [InlineData("--frames", "sweep", "--policies", "lru", "--frames", "x")]
    [InlineData("--frames", "sweep", "--policies", "lru,fifo", "--frames", "9-1")]
    public async Task A_bad_option_is_refused_at_once_with_a_pipe_nobody_writes(string option, string verb, params string[] options)
    {
        var fifo = MakeFifo();
        var run = Task.Run(() => Cli.Run([verb, fifo, .. options]));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) == run;
        if (!finished)
        {
            // A writer that comes and goes lets an open that waits on the pipe go on, to its end.
            await File.WriteAllTextAsync(fifo, string.Empty);
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(finished, "vmsim waited on the pipe before checking its options");
        Assert.StartsWith($"vmsim: {option}", Cli.AssertBadInput(await run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipe_is_read_as_the_file_it_names_is_a_name_ending_in_gz_must_hold_gzip()
    {
        var fifo = MakeFifo("trace.pipe.gz");
        var writer = Task.Run(() =>
        {
            try
            {
                File.WriteAllText(fifo, Trace);
            }
            catch (IOException)
            {
                // vmsim closed the pipe having read what it needed.
            }
        });
        var result = Cli.Run("replay", fifo);
        await writer.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"vmsim: {fifo}: expected gzip data (the name ends in .gz), found bytes starting 310A320A", Cli.AssertBadInput(result));
    }

    // The figures of a report (replay's counts, mrc's table rows, sweep's CSV rows), without the
    // names and notes that differ between a file and a pipe.
    private static string[] Numbers(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("Accesses:", StringComparison.Ordinal) || l.StartsWith("│ ", StringComparison.Ordinal) || l.StartsWith("opt,", StringComparison.Ordinal) || l.StartsWith("lru,", StringComparison.Ordinal))];
}
