using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Commands;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Tests.Shared;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// --warmup N on every verb that reads a trace: the first N accesses fill memory and are left
/// out of the figures, which are then the whole trace's counts less those of its first N.
/// </summary>
public sealed class WarmupOptionTests : IDisposable
{
    private const int Warmup = 2500;
    private static readonly ulong[] TracePages = TraceFiles.Pages(6000, 150, seed: 4);
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string TracePath() => _files.WritePages("pages.txt", TracePages);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Replay_counts_the_accesses_after_the_warm_up_and_says_how_many_it_left_out()
    {
        var json = Cli.Run("replay", TracePath(), "--frames", "20", "--policy", "lru", "--warmup", Text(Warmup), "--json").Json();

        Assert.Equal(TracePages.Length, json.GetProperty("trace").GetProperty("accesses").GetInt64());
        Assert.Equal(Warmup, json.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(TracePages.Length - Warmup, json.GetProperty("accesses").GetInt64());
        var expected = CacheSimulators.Lru(TracePages, 20) - CacheSimulators.Lru(TracePages[..Warmup], 20);
        Assert.Equal(expected, json.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void Replay_without_a_warm_up_reports_a_warm_up_of_zero()
    {
        var json = Cli.Run("replay", TracePath(), "--frames", "20", "--policy", "fifo", "--json").Json();

        Assert.Equal(0, json.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(CacheSimulators.Fifo(TracePages, 20), json.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void The_exact_lru_curve_after_a_warm_up_equals_warmed_lru_replays_and_keeps_the_whole_footprint()
    {
        var path = TracePath();
        int[] sizes = [4, 16, 40, 100];

        var json = Cli.Run("mrc", path, "--sizes", string.Join(',', sizes), "--warmup", Text(Warmup), "--json").Json();

        Assert.Equal(TracePages.Distinct().Count(), json.GetProperty("trace").GetProperty("distinctPages").GetInt64());
        Assert.Equal(TracePages.Length, json.GetProperty("trace").GetProperty("accesses").GetInt64());
        Assert.Equal(Warmup, json.GetProperty("trace").GetProperty("warmup").GetInt64());
        foreach (var point in json.GetProperty("points").EnumerateArray())
        {
            var frames = point.GetProperty("frames").GetInt32();
            var replay = Cli.Run("replay", path, "--frames", Text(frames), "--policy", "lru", "--warmup", Text(Warmup), "--json").Json();
            Assert.Equal(replay.GetProperty("faults").GetProperty("total").GetInt64(), point.GetProperty("faults").GetInt64());
            Assert.Equal(CacheSimulators.Lru(TracePages, frames) - CacheSimulators.Lru(TracePages[..Warmup], frames), point.GetProperty("faults").GetInt64());
        }
    }

    [Fact]
    public void A_sweep_and_a_simulated_curve_count_the_accesses_after_the_warm_up()
    {
        var path = TracePath();

        var sweep = Cli.Run("sweep", path, "--policies", "fifo,lru", "--frames", "10,30", "--warmup", "2.5k", "--json").Json();
        var curve = Cli.Run("mrc", path, "--policy", "fifo", "--frames", "10,30", "--warmup", "2.5k", "--json").Json();

        Assert.Equal(Warmup, sweep.GetProperty("trace").GetProperty("warmup").GetInt64());
        foreach (var result in sweep.GetProperty("results").EnumerateArray())
        {
            var frames = result.GetProperty("frames").GetInt32();
            var whole = result.GetProperty("policy").GetString() == "fifo" ? CacheSimulators.Fifo(TracePages, frames) : CacheSimulators.Lru(TracePages, frames);
            var first = result.GetProperty("policy").GetString() == "fifo" ? CacheSimulators.Fifo(TracePages[..Warmup], frames) : CacheSimulators.Lru(TracePages[..Warmup], frames);
            Assert.Equal(TracePages.Length - Warmup, result.GetProperty("accesses").GetInt64());
            Assert.Equal(whole - first, result.GetProperty("faults").GetInt64());
        }

        Assert.Equal(
            [CacheSimulators.Fifo(TracePages, 10) - CacheSimulators.Fifo(TracePages[..Warmup], 10), CacheSimulators.Fifo(TracePages, 30) - CacheSimulators.Fifo(TracePages[..Warmup], 30)],
            curve.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("faults").GetInt64()));
    }

    [Fact]
    public void The_text_output_says_the_warm_up_was_left_out()
    {
        var path = TracePath();

        var replay = Cli.Run("replay", path, "--frames", "20", "--warmup", "2500", "--steps", "--steps-limit", "5");
        var mrc = Cli.Run("mrc", path, "--warmup", "2500");

        // Long lines wrap at the console's width: compare the words.
        var words = replay.Words();
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("the first 2,500 warm memory up and are not counted", words, StringComparison.Ordinal);
        Assert.Contains("the summary counts those after the warm-up of 2,500", words, StringComparison.Ordinal);
        Assert.Contains("Accesses: 3,500,", replay.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, mrc.ExitCode);
        Assert.Contains("the first 2,500 warm memory up", mrc.Words(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("mrc")]
    [InlineData("sweep")]
    public void A_warm_up_as_long_as_the_trace_is_refused_with_its_length(string verb)
    {
        string[] extra = verb == "sweep" ? ["--policies", "lru"] : [];

        var result = Cli.Run([verb, TracePath(), "--warmup", Text(TracePages.Length), .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--warmup 6,000: the trace has 6,000 accesses, so none would be counted", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay", "abc")]
    [InlineData("replay", "-5")]
    [InlineData("mrc", "1.5")]
    [InlineData("sweep", "2x")]
    [InlineData("sweep", "1e6")]
    public void A_warm_up_that_is_not_a_count_is_refused(string verb, string value)
    {
        string[] extra = verb == "sweep" ? ["--policies", "lru"] : [];

        var result = Cli.Run([verb, TracePath(), "--warmup", value, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--warmup: expected a number of accesses such as 500000, 500k or 2M, or a share of the trace such as 10%, found '{value}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_of_the_trace_replays_as_the_count_it_comes_to_and_says_it_counted_the_trace_first()
    {
        var path = TracePath();

        var share = Cli.Run("replay", path, "--frames", "20", "--policy", "lru", "--warmup", "12.5%", "--json").Json();
        var count = Cli.Run("replay", path, "--frames", "20", "--policy", "lru", "--warmup", "750", "--json").Json();

        // 12.5 % of 6,000 accesses.
        Assert.Equal(750, share.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(12.5m, share.GetProperty("trace").GetProperty("warmupPercent").GetDecimal());
        Assert.Equal(JsonValueKind.Null, count.GetProperty("trace").GetProperty("warmupPercent").ValueKind);
        Assert.Equal(count.GetProperty("faults").GetProperty("total").GetInt64(), share.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(CacheSimulators.Lru(TracePages, 20) - CacheSimulators.Lru(TracePages[..750], 20), share.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Contains(share.GetProperty("notes").EnumerateArray(), n => n.GetString() == "--warmup 12.5%: a first pass over the trace counted its 6,000 accesses.");
    }

    [Fact]
    public void A_share_of_an_oracle_general_file_comes_from_its_size_without_a_counting_pass()
    {
        var path = _files.WriteOracleGeneral("t.oracleGeneral.bin", TracePages);

        var share = Cli.Run("replay", path, "--frames", "20", "--policy", "fifo", "--warmup", "10%", "--json").Json();
        var piped = Cli.RunWithInput(File.ReadAllBytes(path), "replay", "-", "--format", "oracle-general", "--frames", "20", "--policy", "fifo", "--warmup", "10%", "--json").Json();

        Assert.Equal(600, share.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(CacheSimulators.Fifo(TracePages, 20) - CacheSimulators.Fifo(TracePages[..600], 20), share.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(["--warmup 10%: the trace's size gives its 6,000 accesses."], share.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(600, piped.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(
            ["--warmup 10%: the trace's size gives its 6,000 accesses (standard input was saved to a temporary file for it, deleted after)."],
            piped.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public void A_share_of_standard_input_is_counted_from_a_saved_copy()
    {
        var bytes = File.ReadAllBytes(TracePath());

        var json = Cli.RunWithInput(bytes, "replay", "-", "--format", "pages", "--frames", "20", "--policy", "fifo", "--warmup", "10%", "--json").Json();

        Assert.Equal(600, json.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(CacheSimulators.Fifo(TracePages, 20) - CacheSimulators.Fifo(TracePages[..600], 20), json.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Contains("standard input was saved to a temporary file", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Opt_on_standard_input_with_a_share_saves_it_once_and_says_so_once()
    {
        var bytes = File.ReadAllBytes(TracePath());

        var json = Cli.RunWithInput(bytes, "replay", "-", "--format", "pages", "--frames", "20", "--policy", "opt", "--warmup", "10%", "--json").Json();

        var notes = json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Single(notes, n => n.Contains("saved to a temporary file", StringComparison.Ordinal));
        Assert.Contains("--warmup 10%: OPT's pre-pass over the trace counted its 6,000 accesses.", notes);
        Assert.Equal(600, json.GetProperty("trace").GetProperty("warmup").GetInt64());
    }

    [Fact]
    public void A_share_with_opt_on_a_text_trace_is_counted_by_opt_s_pre_pass_and_replays_as_the_count_it_comes_to()
    {
        var path = TracePath();
        string[] run = ["replay", path, "--format", "pages", "--frames", "20", "--policy", "opt"];

        var share = Cli.Run([.. run, "--warmup", "10%", "--json"]).Json();
        var count = Cli.Run([.. run, "--warmup", "600", "--json"]).Json();
        var shareText = Cli.Run([.. run, "--warmup", "10%"]);
        var countText = Cli.Run([.. run, "--warmup", "600"]);

        var notes = share.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal("--warmup 10%: OPT's pre-pass over the trace counted its 6,000 accesses.", notes[0]);
        Assert.Contains("a pre-pass over the trace computed them", notes[1], StringComparison.Ordinal);
        Assert.Equal(2, notes.Count);
        Assert.Equal(600, share.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(10m, share.GetProperty("trace").GetProperty("warmupPercent").GetDecimal());

        // Everything but the share as given and its note is what the count gives: faults, summary, processes.
        Assert.True(count.GetProperty("faults").GetProperty("total").GetInt64() > 0);
        Assert.Equal(WithoutTheShare(count), WithoutTheShare(share));
        Assert.Equal(0, shareText.ExitCode);
        Assert.Contains("the first 10% (600 accesses) warm memory up", shareText.Words(), StringComparison.Ordinal);
        Assert.Equal(SummaryTables(countText.Stdout), SummaryTables(shareText.Stdout));
    }

    [Theory]
    [InlineData("opt", "--warmup 10%: OPT's pre-pass over the trace counted its 6,000 accesses.")]
    [InlineData("fifo", "--warmup 10%: a first pass over the trace counted its 6,000 accesses.")]
    public void A_share_of_a_text_trace_and_its_replay_read_the_trace_twice_whether_opt_s_pre_pass_or_a_pass_of_its_own_counts_it(string policy, string note)
    {
        var path = TracePath();
        var trace = new CountedTrace(() => TraceFormats.Open(path, TraceFormats.Pages, 4096));
        var output = new CliOutput(TextWriter.Null, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null);
        var config = new MachineConfig { Policy = policy, Frames = 20 };
        var notes = new List<string>();

        using (var opened = ReplayCommand.Open(output, json: true, config, trace.Open, path))
        {
            using var input = new TraceInput(path, TraceFormats.Pages, null, output);
            var warm = WarmupOption.Resolve(new Warmup(0, 10m), input, opened.Reader, opened.Prepass, trace.Open, saved: false, output, json: true, notes);
            var run = ReplayCommand.Replay(output, json: true, config, 0, warm, opened);

            Assert.Equal(600, warm);
            Assert.Equal(TracePages.Length - 600, run.Result.Machine.Counters.Accesses);
        }

        Assert.Equal(2L * TracePages.Length, trace.AccessesRead);
        Assert.Equal([note], notes);
    }

    // The JSON of a replay less what says how its warm-up was given: the share and the note on counting it.
    private static string WithoutTheShare(JsonElement json)
    {
        var node = JsonNode.Parse(json.GetRawText())!.AsObject();
        node.Remove("notes");
        node["trace"]!.AsObject().Remove("warmupPercent");
        return node.ToJsonString();
    }

    // The tables after the trace's line and the notes: the summary of what the replay counted.
    private static string SummaryTables(string stdout) => stdout[stdout.IndexOf("Accesses:", StringComparison.Ordinal)..];

    [Fact]
    public void A_share_that_comes_to_no_access_is_refused()
    {
        // 0.01% of 6,000 accesses is 0.6, rounded down to none.
        var replay = Cli.Run("replay", TracePath(), "--warmup", "0.01%");
        var sweep = Cli.Run("sweep", TracePath(), "--policies", "lru", "--warmup", "0.01%");

        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("--warmup 0.01%: of a trace of 6,000 accesses that is none", replay.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("--warmup 0.01%: of a trace of 6,000 accesses that is none", sweep.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_gives_the_lru_curve_and_the_sweep_of_the_count_it_comes_to()
    {
        var path = TracePath();

        var curve = Cli.Run("mrc", path, "--sizes", "10,40", "--warmup", "40%", "--json").Json();
        var sweep = Cli.Run("sweep", path, "--policies", "fifo", "--frames", "10,40", "--warmup", "40%", "--json").Json();

        Assert.Equal(2400, curve.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(40m, curve.GetProperty("trace").GetProperty("warmupPercent").GetDecimal());
        Assert.Equal(["--warmup 40%: a first pass over the trace counted its 6,000 accesses."], curve.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(2400, sweep.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(40m, sweep.GetProperty("trace").GetProperty("warmupPercent").GetDecimal());
        Assert.Equal(
            [CacheSimulators.Lru(TracePages, 10) - CacheSimulators.Lru(TracePages[..2400], 10), CacheSimulators.Lru(TracePages, 40) - CacheSimulators.Lru(TracePages[..2400], 40)],
            curve.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("faults").GetInt64()));
        Assert.Equal(
            [CacheSimulators.Fifo(TracePages, 10) - CacheSimulators.Fifo(TracePages[..2400], 10), CacheSimulators.Fifo(TracePages, 40) - CacheSimulators.Fifo(TracePages[..2400], 40)],
            sweep.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("faults").GetInt64()));

        // A sweep reads the trace once anyway, so it needs no first pass to count it.
        Assert.Empty(sweep.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public void The_text_output_gives_the_share_and_the_count_it_came_to()
    {
        var result = Cli.Run("sweep", TracePath(), "--policies", "lru", "--frames", "10", "--warmup", "5%");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("the first 5% (300 accesses) warm memory up and are not counted", result.Words(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("100%")]
    [InlineData("150%")]
    public void A_share_must_leave_some_accesses_and_take_some(string value)
    {
        var result = Cli.Run("replay", TracePath(), "--warmup", value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--warmup {value}: a share of the trace must be above 0% and under 100%", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10%", 10.0)]
    [InlineData("2.5 %", 2.5)]
    [InlineData("%", null)]
    [InlineData("10", null)]
    [InlineData("-5%", null)]
    [InlineData("10k%", null)]
    public void Shares_are_per_cent(string text, double? expected) =>
        Assert.Equal(expected is { } e ? (decimal)e : null, WarmupOption.ParseShare(text));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("500000", 500_000L)]
    [InlineData("500k", 500_000L)]
    [InlineData("2M", 2_000_000L)]
    [InlineData("1.5G", 1_500_000_000L)]
    [InlineData("2.5k", 2500L)]
    [InlineData("1.0005k", null)]
    [InlineData("k", null)]
    [InlineData("99999999999999999999", null)]
    public void Counts_take_decimal_multipliers(string text, long? expected) =>
        Assert.Equal(expected, WarmupOption.Parse(text));
}
