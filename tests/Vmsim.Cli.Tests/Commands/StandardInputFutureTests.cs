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

    // Many small gzip members, one after another: gzip reads far more of them than the head it
    // inflates for detection (a line of text a member).
    private static byte[] GzipMembers(int count)
    {
        using var members = new MemoryStream();
        for (var i = 1; i <= count; i++)
        {
            members.Write(Gzip(Encoding.ASCII.GetBytes($"{i % 50}\n")));
        }

        return members.ToArray();
    }

    // A gzip whose header carries a comment of commentBytes bytes (FCOMMENT), read before any content.
    private static byte[] GzipWithComment(byte[] bytes, int commentBytes)
    {
        var plain = Gzip(bytes);
        var commented = new byte[plain.Length + commentBytes + 1];
        plain.AsSpan(0, 10).CopyTo(commented);
        commented[3] |= 0x10;
        commented.AsSpan(10, commentBytes).Fill((byte)'c');
        plain.AsSpan(10).CopyTo(commented.AsSpan(10 + commentBytes + 1));
        return commented;
    }

    private long OptFaults(byte[] trace, bool standardInput, string name = "trace.gz", int frames = 32)
    {
        string[] options = ["--frames", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "--policy", "opt", "--json"];
        var result = standardInput
            ? Cli.RunWithInput(trace, ["replay", "-", .. options])
            : Cli.Run(["replay", _files.WriteBytes(name, trace), .. options]);
        return result.Json().GetProperty("faults").GetProperty("total").GetInt64();
    }

    [Fact]
    public void Opt_on_many_small_gzip_members_on_standard_input_faults_as_on_the_file()
    {
        var members = GzipMembers(20_000);

        var fromFile = OptFaults(members, standardInput: false);

        Assert.True(fromFile > 50, $"{fromFile} faults");
        Assert.Equal(fromFile, OptFaults(members, standardInput: true));
    }

    [Fact]
    public void Opt_on_a_gzip_with_a_long_header_comment_on_standard_input_faults_as_on_the_file()
    {
        var pages = TraceFiles.Pages(5_000, 200);
        var commented = GzipWithComment(Encoding.ASCII.GetBytes(string.Concat(pages.Select(p => $"{p}\n"))), 300 << 10);

        var fromFile = OptFaults(commented, standardInput: false);

        Assert.True(fromFile > 200, $"{fromFile} faults");
        Assert.Equal(fromFile, OptFaults(commented, standardInput: true));
    }

    [Fact]
    public void Opt_on_an_oracle_general_trace_past_256_KiB_on_standard_input_reads_it_once()
    {
        var pages = TraceFiles.Pages(12_000, 300);
        var og = File.ReadAllBytes(_files.WriteOracleGeneral("big.bin", pages));
        using var input = new TraceInput("-", null, null, Output(og));

        input.KeepHead();
        using var trace = ReplayCommand.Open(Output(og), json: true, Opt, () => input.Open(4096), "stdin");
        var result = TraceRun.Replay(trace.Reader, Opt);

        Assert.True(og.Length > 256 << 10, $"{og.Length} bytes");
        Assert.False(trace.Prepass);
        Assert.False(input.SavedOnReopen);
        Assert.Equal(12_000, result.Accesses);
        Assert.Equal(OptFaults(og, standardInput: false, "big-again.bin", frames: 3), result.Machine.Counters.Faults);
    }

    [Fact]
    public void Standard_input_read_on_past_its_format_cannot_be_opened_again_and_says_so()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(TraceFiles.Pages(100_000, 300).Select(p => $"{p}\n")));
        using var input = new TraceInput("-", null, null, Output(bytes));
        input.KeepHead();
        using (var first = input.Open(4096))
        {
            var buffer = new MemoryAccess[4096];
            while (first.Read(buffer) > 0)
            {
            }
        }

        var error = Assert.Throws<Vmsim.Core.Workloads.InputFormatException>(() => input.Open(4096));

        Assert.Contains("stdin", error.Message, StringComparison.Ordinal);
        Assert.Contains("give it as a file by name", error.Message, StringComparison.Ordinal);
    }
}
