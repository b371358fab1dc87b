using System.Text;
using Spectre.Console;
using Vmsim.Cli.Commands;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// OPT on standard input: an oracleGeneral trace carries each access's next use, so it is read
/// once as it comes, with no copy; a format without the future is saved once its format is told,
/// for the pre-pass to read it again.
/// </summary>
public sealed class StandardInputFutureTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static CliOutput Output(byte[] stdin) =>
        new(TextWriter.Null, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, OpenInput: () => new MemoryStream(stdin));

    private static readonly MachineConfig Opt = new() { Frames = 3, Policy = "opt" };

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static byte[] PagesText() => Encoding.ASCII.GetBytes(string.Concat(TraceFiles.Silberschatz.Select(p => $"{p}\n")));

    [Fact]
    public void An_oracle_general_trace_on_standard_input_is_read_once_with_no_copy()
    {
        var bytes = File.ReadAllBytes(_files.WriteOracleGeneral("s.bin", TraceFiles.Silberschatz));
        using var input = new TraceInput("-", null, null, Output(bytes));

        input.KeepHead();
        using var trace = ReplayCommand.Open(Output(bytes), json: true, Opt, () => input.Open(4096), "stdin");
        var result = TraceRun.Replay(trace.Reader, Opt);

        Assert.Equal(TraceFormats.OracleGeneral, trace.Reader.Format);
        Assert.False(trace.Prepass);
        Assert.False(input.SavedOnReopen);
        Assert.Equal(9, result.Machine.Counters.Faults);
    }

    [Fact]
    public void A_pages_trace_on_standard_input_is_saved_when_the_pre_pass_opens_it_again()
    {
        var bytes = PagesText();
        using var input = new TraceInput("-", null, null, Output(bytes));

        input.KeepHead();
        using var trace = ReplayCommand.Open(Output(bytes), json: true, Opt, () => input.Open(4096), "stdin");
        var result = TraceRun.Replay(trace.Reader, Opt);

        Assert.True(trace.Prepass);
        Assert.True(input.SavedOnReopen);
        Assert.Equal(9, result.Machine.Counters.Faults);
    }

    [Fact]
    public void Replay_of_opt_says_standard_input_was_saved_only_when_it_was()
    {
        var og = File.ReadAllBytes(_files.WriteOracleGeneral("s.bin", TraceFiles.Silberschatz));

        var binary = Cli.RunWithInput(og, "replay", "-", "--frames", "3", "--policy", "opt", "--json").Json();
        var gzipped = Cli.RunWithInput(Gzip(og), "replay", "-", "--frames", "3", "--policy", "opt", "--json").Json();
        var text = Cli.RunWithInput(PagesText(), "replay", "-", "--frames", "3", "--policy", "opt", "--json").Json();

        Assert.Equal("oracle-general", binary.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(9, binary.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(0, binary.GetProperty("notes").GetArrayLength());
        Assert.Equal(9, gzipped.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(0, gzipped.GetProperty("notes").GetArrayLength());
        Assert.Equal(9, text.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(
            "opt needs the future, which the trace is read twice for: standard input was saved to a temporary file first (deleted after).",
            text.GetProperty("notes")[0].GetString());
    }

    [Fact]
    public void A_share_of_an_oracle_general_trace_on_standard_input_is_what_saves_it()
    {
        var og = File.ReadAllBytes(_files.WriteOracleGeneral("s.bin", TraceFiles.Silberschatz));

        var json = Cli.RunWithInput(og, "replay", "-", "--frames", "3", "--policy", "opt", "--warmup", "50%", "--json").Json();

        Assert.Equal(
            ["--warmup 50%: the trace's size gives its 20 accesses (standard input was saved to a temporary file for it, deleted after)."],
            json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(10, json.GetProperty("trace").GetProperty("warmup").GetInt64());
    }
}
