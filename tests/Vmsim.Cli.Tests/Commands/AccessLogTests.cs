using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary><c>replay --access-log</c> and <c>record --access-log</c>: one CSV row per access of the trace.</summary>
public sealed class AccessLogTests : IDisposable
{
    private const string Header = "access,pid,address,page,op,tlb,outcome,frame,evicted,written_back";

    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Two processes (trace pids 42 and 7) reading and writing pages with locality, so that pages
    // are evicted dirty and clean, and one process's pages are evicted for the other's.
    private string TwoProcessTrace(int count = 1500)
    {
        var pages = TraceFiles.Pages(count, 60, seed: 3);
        var text = new StringBuilder("pid,vaddr,op\n");
        for (var i = 0; i < pages.Length; i++)
        {
            var pid = i % 7 < 5 ? 42 : 7;
            text.Append(CultureInfo.InvariantCulture, $"{pid},0x{(pages[i] << 12) + (ulong)(i % 64 * 8):x},{(i % 3 == 0 ? "W" : i % 11 == 0 ? "X" : "R")}\n");
        }

        return _files.Write("two.csv", text.ToString());
    }

    private static string[][] Rows(string log)
    {
        var lines = log.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        return [.. lines[1..^1].Select(l => l.Split(','))];
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    [InlineData("clock")]
    [InlineData("opt")]
    [InlineData("arc")]
    [InlineData("ws")]
    public void The_log_agrees_row_by_row_with_the_json_steps(string policy)
    {
        var trace = TwoProcessTrace();
        var log = _files.Path($"{policy}.csv");
        string[] window = policy == "ws" ? ["--window", "10"] : [];

        var json = Cli.Run(["replay", trace, "--frames", "12", "--policy", policy, .. window, "--steps-limit", "10000", "--json", "--access-log", log]).Json();

        var tracePid = json.GetProperty("processes").EnumerateArray().ToDictionary(
            p => p.GetProperty("pid").GetInt32(),
            p => int.Parse(p.GetProperty("name").GetString()!["trace pid ".Length..], CultureInfo.InvariantCulture));
        var steps = json.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("type").GetString() == "access").ToList();
        var text = File.ReadAllText(log);
        Assert.StartsWith(Header + "\n", text, StringComparison.Ordinal);
        var rows = Rows(text);
        Assert.Equal(1500, rows.Length);
        Assert.Equal(steps.Count, rows.Length);
        var departures = 0;
        var writtenBack = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var (row, step) = (rows[i], steps[i]);
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(tracePid[step.GetProperty("pid").GetInt32()].ToString(CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(step.GetProperty("address").GetString(), row[2]);
            Assert.Equal(step.GetProperty("page").GetUInt64().ToString(CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(step.GetProperty("access").GetString() switch { "write" => "W", "execute" => "X", _ => "R" }, row[4]);
            Assert.Equal(step.GetProperty("tlbHit").GetBoolean() ? "hit" : "miss", row[5]);
            Assert.Equal(step.GetProperty("result").GetString(), row[6]);
            Assert.Equal(step.GetProperty("frame").ValueKind == JsonValueKind.Null ? string.Empty : step.GetProperty("frame").GetInt32().ToString(CultureInfo.InvariantCulture), row[7]);
            var evictions = step.GetProperty("evictions").EnumerateArray().ToList();
            Assert.Equal(string.Join(' ', evictions.Select(e => $"{tracePid[e.GetProperty("pid").GetInt32()]}:{e.GetProperty("page").GetUInt64()}")), row[8]);
            Assert.Equal(string.Join(' ', evictions.Select(e => e.GetProperty("dirty").GetBoolean() ? "yes" : "no")), row[9]);
            departures += evictions.Count(e => e.GetProperty("leftWorkingSet").GetBoolean());
            writtenBack += evictions.Count(e => e.GetProperty("dirty").GetBoolean());
        }

        Assert.True(writtenBack > 0);
        Assert.Equal(policy == "ws", departures > 0);
        Assert.Contains(rows, r => r[1] == "7");
    }

    [Fact]
    public void The_fault_rows_after_the_warm_up_are_the_summary_s_faults_and_the_warm_up_is_marked()
    {
        var trace = TwoProcessTrace();
        var log = _files.Path("warm.csv");
        var whole = _files.Path("whole.csv");

        var json = Cli.Run("replay", trace, "--frames", "10", "--policy", "lru", "--warmup", "300", "--json", "--access-log", log).Json();
        var wholeJson = Cli.Run("replay", trace, "--frames", "10", "--policy", "lru", "--json", "--access-log", whole).Json();

        var text = File.ReadAllText(log);
        Assert.StartsWith(Header + ",warmup\n", text, StringComparison.Ordinal);
        var rows = Rows(text);
        Assert.Equal(1500, rows.Length);
        Assert.All(rows[..300], r => Assert.Equal("yes", r[10]));
        Assert.All(rows[300..], r => Assert.Equal("no", r[10]));
        Assert.Equal(json.GetProperty("faults").GetProperty("total").GetInt64(), rows.Count(r => r[10] == "no" && r[6] != "hit"));
        Assert.Contains(rows[..300], r => r[6] != "hit");

        // Without a warm-up there is no such column, and every fault row is counted.
        var wholeRows = Rows(File.ReadAllText(whole));
        Assert.All(wholeRows, r => Assert.Equal(10, r.Length));
        Assert.Equal(wholeJson.GetProperty("faults").GetProperty("total").GetInt64(), wholeRows.Count(r => r[6] != "hit"));
        Assert.Equal(wholeJson.GetProperty("hits").GetInt64(), wholeRows.Count(r => r[6] == "hit"));

        // Steps shown for the first accesses change nothing in the log, which goes on after them.
        var stepped = _files.Path("stepped.csv");
        Assert.Equal(0, Cli.Run("replay", trace, "--frames", "10", "--policy", "lru", "--steps-limit", "100", "--access-log", stepped).ExitCode);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(stepped));
    }

    [Fact]
    public void A_gz_log_is_gzip_compressed_and_holds_the_same_rows_as_a_plain_one_byte_for_byte_each_run()
    {
        var trace = TwoProcessTrace();
        var plain = _files.Path("log.csv");
        var compressed = _files.Path("log.csv.gz");
        var again = _files.Path("again.csv.gz");

        Assert.Equal(0, Cli.Run("replay", trace, "--frames", "8", "--access-log", plain).ExitCode);
        Assert.Equal(0, Cli.Run("replay", trace, "--frames", "8", "--access-log", compressed).ExitCode);
        Assert.Equal(0, Cli.Run("replay", trace, "--frames", "8", "--access-log", again).ExitCode);

        var bytes = File.ReadAllBytes(compressed);
        Assert.Equal([0x1f, 0x8b], bytes[..2]);
        Assert.Equal(File.ReadAllBytes(plain), TraceFiles.ReadGzip(compressed));
        Assert.Equal(bytes, File.ReadAllBytes(again));
    }

    [Fact]
    public void The_same_replay_writes_the_same_log_twice()
    {
        var trace = TwoProcessTrace();
        var first = _files.Path("first.csv");
        var second = _files.Path("second.csv");

        Cli.Run("replay", trace, "--frames", "6", "--policy", "random", "--seed", "9", "--access-log", first);
        Cli.Run("replay", trace, "--frames", "6", "--policy", "random", "--seed", "9", "--access-log", second);

        Assert.True(new FileInfo(first).Length > 30_000);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void A_log_on_standard_output_is_alone_there_with_the_notes_on_standard_error()
    {
        var pages = _files.WritePages("pages.txt", TraceFiles.Pages(800, 40));
        var file = _files.Path("opt.csv");

        var toFile = Cli.Run("replay", pages, "--frames", "8", "--policy", "opt", "--access-log", file);
        var toStdout = Cli.Run("replay", pages, "--frames", "8", "--policy", "opt", "--access-log", "-");

        Assert.Equal(0, toStdout.ExitCode);
        Assert.Equal(File.ReadAllText(file), toStdout.Stdout);
        Assert.StartsWith("vmsim: note: opt needs each access's next use", toStdout.Stderr, StringComparison.Ordinal);
        Assert.Contains("Note: opt needs each access's next use", toFile.Words(), StringComparison.Ordinal);
        Assert.Contains("Accesses: 800", toFile.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--steps")]
    public void A_log_on_standard_output_is_refused_with_what_else_would_go_there(string other)
    {
        var pages = _files.WritePages("pages.txt", TraceFiles.Pages(100, 10));

        var message = Cli.AssertBadInput(Cli.Run("replay", pages, "--access-log", "-", other));

        Assert.Equal($"vmsim: --access-log - and {other}: both would go to standard output; give --access-log a file (--access-log accesses.csv)", message);
    }

    [Fact]
    public void An_existing_log_is_refused_and_left_as_it_was_unless_forced()
    {
        var pages = _files.WritePages("pages.txt", TraceFiles.Pages(100, 10));
        var log = _files.Write("log.csv", "mine\n");

        var message = Cli.AssertBadInput(Cli.Run("replay", pages, "--access-log", log));
        Assert.Equal("mine\n", File.ReadAllText(log));
        var forced = Cli.Run("replay", pages, "--access-log", log, "--force");

        Assert.Equal($"vmsim: --access-log: {log} already exists; give another name, or --force to write over it", message);
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith(Header + "\n1,0,", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_in_a_missing_folder_or_over_the_trace_is_a_clear_error()
    {
        var pages = _files.WritePages("pages.txt", TraceFiles.Pages(100, 10));
        var missing = _files.Path(Path.Combine("no-such-folder", "log.csv"));

        var folder = Cli.AssertBadInput(Cli.Run("replay", pages, "--access-log", missing));
        var trace = Cli.AssertBadInput(Cli.Run("replay", pages, "--access-log", pages, "--force"));

        Assert.Equal($"vmsim: --access-log: the folder {Path.GetDirectoryName(missing)} does not exist", folder);
        Assert.Equal($"vmsim: --access-log: {pages} is the file being read; give another name", trace);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void A_bad_trace_line_leaves_no_log()
    {
        var trace = _files.Write("bad.txt", "1\n2\nzz\n");
        var log = _files.Path("log.csv");

        var message = Cli.AssertBadInput(Cli.Run("replay", trace, "--format", "pages", "--access-log", log));

        Assert.Equal($"vmsim: {trace}:3:1: expected a page number in decimal, alone on its line, found 'zz'", message);
        Assert.DoesNotContain(Directory.EnumerateFiles(_files.Directory), f => Path.GetFileName(f).Contains("log.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void A_warm_up_the_trace_cannot_pass_leaves_no_log()
    {
        var trace = _files.WritePages("five.txt", [1, 2, 3, 4, 5]);
        var log = _files.Path("warm.csv");

        var message = Cli.AssertBadInput(Cli.Run("replay", trace, "--access-log", log, "--warmup", "10"));

        Assert.StartsWith("vmsim: --warmup 10: the trace has only 5 accesses", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(_files.Directory), f => Path.GetFileName(f).Contains("warm.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_logs_every_access_it_replays()
    {
        var log = _files.Path("true.csv.gz");

        var json = Cli.Run("record", "--frames", "32", "--json", "--access-log", log, "--", "/bin/true").Json();

        var rows = Rows(Encoding.UTF8.GetString(TraceFiles.ReadGzip(log)));
        Assert.Equal(json.GetProperty("accesses").GetInt64(), rows.Length);
        Assert.Equal(json.GetProperty("faults").GetProperty("total").GetInt64(), rows.Count(r => r[6] != "hit"));
        Assert.Equal(log, json.GetProperty("accessLog").GetString());
        Assert.Contains("--access-log", Cli.Run("record", "--help").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_says_where_the_log_went_and_how_many_rows_it_holds()
    {
        var pages = _files.WritePages("pages.txt", TraceFiles.Pages(100, 10));
        var log = _files.Path("log.csv.gz");

        var text = Cli.Run("replay", pages, "--access-log", log);
        var json = Cli.Run("replay", pages, "--access-log", log, "--force", "--json").Json();
        var toStdout = Cli.Run("replay", pages, "--access-log", "-");

        Assert.Contains($"Access log: {log}, 100 rows (one per access, CSV, gzip-compressed) Machine:", text.Words(), StringComparison.Ordinal);
        Assert.Equal(log, json.GetProperty("accessLog").GetString());
        Assert.DoesNotContain("Access log:", toStdout.Stdout, StringComparison.Ordinal);
    }
}
