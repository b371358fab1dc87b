using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// The policy's state on a trace: the Policy column and <c>steps[].policy</c> of <c>replay --steps</c>,
/// and the <c>policy</c> column that <c>--log-policy</c> adds to the access log.
/// </summary>
public sealed class TracePolicyStateTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Two processes (trace pids 42 and 7), the second appearing at the trace's 9th access.
    private string TwoProcessTrace(int count = 600)
    {
        var pages = TraceFiles.Pages(count, 40, seed: 5);
        var text = new StringBuilder("pid,page,op\n");
        for (var i = 0; i < pages.Length; i++)
        {
            var pid = i < 5 || i % 4 != 0 ? 42 : 7;
            text.Append(CultureInfo.InvariantCulture, $"{pid},{pages[i]},{(i % 3 == 0 ? "W" : "R")}\n");
        }

        return _files.Write("two.csv", text.ToString());
    }

    private static List<JsonElement> AccessSteps(JsonElement json) =>
        [.. json.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("type").GetString() == "access")];

    private static string State(JsonElement step) => step.GetProperty("policy").GetProperty("state").GetString()!;

    // The step table's Policy cells by the Event cell's first line ("access 3", "spawn"), each
    // cell's lines joined by a space.
    private static List<(string Event, string Policy)> PolicyCells(CliResult result)
    {
        var cells = new List<(string, string)>();
        var table = result.Stdout.Split('\n').TakeWhile(l => !l.StartsWith('╰'))
            .Where(l => l.StartsWith('│'))
            .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray());
        foreach (var row in table.Where(r => r[0] != "#"))
        {
            if (row[0].Length > 0)
            {
                cells.Add((row[1], row[3]));
            }
            else if (row[3].Length > 0)
            {
                cells[^1] = (cells[^1].Item1, $"{cells[^1].Item2} {row[3]}");
            }
        }

        return cells;
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    [InlineData("opt")]
    [InlineData("clock")]
    [InlineData("arc")]
    [InlineData("lfu")]
    public void Replay_steps_give_the_policy_state_refs_gives_for_the_same_string(string policy)
    {
        var trace = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var refs = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", policy, "--steps", "--json").Json();
        var replay = Cli.Run("replay", trace, "--frames", "3", "--policy", policy, "--steps", "--json").Json();

        var expected = refs.GetProperty("steps").EnumerateArray().Select(State).ToList();
        var steps = AccessSteps(replay);
        Assert.Equal(20, steps.Count);

        // A trace's pages are pid:page, its one process 0, as the access log's evicted column writes them.
        Assert.Equal(expected, steps.Select(s => System.Text.RegularExpressions.Regex.Replace(State(s), "(?<=^|[ >])0:", string.Empty)));
        Assert.All(steps, s => Assert.All(s.GetProperty("policy").GetProperty("order").EnumerateArray(), e => Assert.Equal(0, e.GetProperty("pid").GetInt32())));
        Assert.Contains("0:7", State(steps[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_opt_state_of_a_replay_numbers_next_uses_by_access()
    {
        var trace = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var result = Cli.Run("replay", trace, "--frames", "3", "--policy", "opt", "--steps");

        // After access 3 (7 0 1 in memory), the next uses are at accesses 18, 5 and 14, as the textbook's figure has them.
        var cells = PolicyCells(result);
        Assert.Equal(("access 3", "7@18 1@14 0@5"), cells.Single(c => c.Event == "access 3"));
        Assert.Equal(20, cells.Count(c => c.Event.StartsWith("access", StringComparison.Ordinal)));
        Assert.All(cells.Where(c => !c.Event.StartsWith("access", StringComparison.Ordinal)), c => Assert.Equal(string.Empty, c.Policy));
        Assert.Contains("Policy: its state after the access, its pages in decimal as the narration writes them: the pages in the order opt would consider them for eviction, the next candidate first; @n next use at access n (∞: never).", result.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_shows_eight_pages_of_a_list_and_how_many_more_while_json_gives_them_all()
    {
        var pages = Enumerable.Range(100, 12).Select(p => (ulong)p).ToArray();
        var trace = _files.WritePages("twelve.txt", pages);

        var table = Cli.Run("replay", trace, "--frames", "12", "--policy", "fifo", "--steps");
        var json = Cli.Run("replay", trace, "--frames", "12", "--policy", "fifo", "--steps", "--json").Json();

        Assert.Equal("0:100 0:101 0:102 0:103 0:104 0:105 0:106 0:107 0:108 0:109 0:110 0:111", State(AccessSteps(json)[^1]));
        Assert.Equal(12, AccessSteps(json)[^1].GetProperty("policy").GetProperty("order").GetArrayLength());
        Assert.Equal(("access 12", "100 101 102 103 104 105 106 107 … 4 more"), PolicyCells(table)[^1]);
        Assert.Equal(("access 8", "100 101 102 103 104 105 106 107"), PolicyCells(table)[^5]);
        Assert.Contains("At most 8 pages of each list are shown, the next candidates, then how many more; --json gives the whole state (--log-policy adds it to the access log).", table.Words(), StringComparison.Ordinal);

        // With 8 frames, nothing is left out, and the legend says nothing of it.
        var small = Cli.Run("replay", trace, "--frames", "8", "--policy", "fifo", "--steps");
        Assert.Equal(("access 12", "104 105 106 107 108 109 110 111"), PolicyCells(small)[^1]);
        Assert.DoesNotContain("At most 8 pages", small.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_are_written_pid_colon_page_from_the_first_access_before_a_second_process_appears()
    {
        var trace = TwoProcessTrace();

        var json = Cli.Run("replay", trace, "--frames", "6", "--policy", "lru", "--steps-limit", "20", "--json").Json();
        var table = PolicyCells(Cli.Run("replay", trace, "--frames", "6", "--policy", "lru", "--steps-limit", "20"));

        var steps = AccessSteps(json);
        Assert.Equal("42:" + steps[0].GetProperty("page").GetUInt64().ToString(CultureInfo.InvariantCulture), State(steps[0]));
        Assert.Equal(42, steps[0].GetProperty("policy").GetProperty("order")[0].GetProperty("pid").GetInt32());
        Assert.Equal(State(steps[0]), table.First(c => c.Event == "access 1").Policy);
        Assert.Equal([.. steps.Select(State)], table.Where(c => c.Event.StartsWith("access ", StringComparison.Ordinal)).Select(c => c.Policy));
        Assert.StartsWith("42:", State(steps[8]), StringComparison.Ordinal);
        Assert.Contains(" 7:", State(steps[8]), StringComparison.Ordinal);
        var order = steps[8].GetProperty("policy").GetProperty("order").EnumerateArray().ToList();
        Assert.Equal(7, order[^1].GetProperty("pid").GetInt32());
    }

    [Theory]
    [InlineData("lru", false)]
    [InlineData("clock", false)]
    [InlineData("arc", true)]
    [InlineData("opt", true)]
    public void The_log_s_policy_column_is_the_json_steps_state_row_by_row(string policy, bool warmup)
    {
        var trace = TwoProcessTrace();
        var log = _files.Path($"{policy}.csv");
        string[] warm = warmup ? ["--warmup", "50"] : [];

        var result = Cli.Run(["replay", trace, "--frames", "12", "--policy", policy, .. warm, "--steps-limit", "1000", "--json", "--access-log", log, "--log-policy"]);

        var steps = AccessSteps(result.Json());
        var lines = File.ReadAllLines(log);
        Assert.Equal("access,pid,address,page,op,tlb,outcome,frame,evicted,written_back" + (warmup ? ",warmup" : string.Empty) + ",policy", lines[0]);
        Assert.Equal(601, lines.Length);
        for (var i = 0; i < steps.Count; i++)
        {
            // The state is the row's last field, quoted when it holds a comma (never: pages, marks and spaces).
            var fields = lines[i + 1].Split(',');
            Assert.Equal(State(steps[i]), fields[^1]);
            if (policy == "lru")
            {
                // The state after the access, not before: the row's page is LRU's most recently used, last.
                Assert.EndsWith($" {fields[1]}:{fields[3]}", " " + fields[^1], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_log_s_policy_column_under_fifo_is_the_textbook_s_frames_after_each_reference()
    {
        var trace = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);
        var log = _files.Path("fifo.csv");

        Cli.Run("replay", trace, "--frames", "3", "--policy", "fifo", "--access-log", log, "--log-policy");

        // Oldest first, each page of the trace's one process, 0.
        string[] frames =
        [
            "7", "7 0", "7 0 1", "0 1 2", "0 1 2", "1 2 3", "2 3 0", "3 0 4", "0 4 2", "4 2 3",
            "2 3 0", "2 3 0", "2 3 0", "3 0 1", "0 1 2", "0 1 2", "0 1 2", "1 2 7", "2 7 0", "7 0 1",
        ];
        Assert.Equal(
            frames.Select(f => string.Join(' ', f.Split(' ').Select(p => "0:" + p))),
            File.ReadAllLines(log).Skip(1).Select(l => l.Split(',')[^1]));
    }

    [Fact]
    public void The_log_without_log_policy_is_as_before_and_the_heading_says_which()
    {
        var trace = TwoProcessTrace();
        var plain = _files.Path("plain.csv");
        var withPolicy = _files.Path("policy.csv");

        var without = Cli.Run("replay", trace, "--frames", "8", "--access-log", plain);
        var with = Cli.Run("replay", trace, "--frames", "8", "--access-log", withPolicy, "--log-policy");

        Assert.Equal(
            File.ReadAllLines(plain),
            File.ReadAllLines(withPolicy).Select(l => l[..l.LastIndexOf(',')]));
        Assert.Contains($"Access log: {plain}, 600 rows (one per access, CSV)", without.Words(), StringComparison.Ordinal);
        Assert.Contains($"Access log: {withPolicy}, 600 rows (one per access, CSV, with the policy's state)", with.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_with_the_policy_on_standard_output_is_the_file_s_rows()
    {
        var trace = TwoProcessTrace();
        var file = _files.Path("log.csv");

        Cli.Run("replay", trace, "--frames", "8", "--policy", "clock", "--access-log", file, "--log-policy");
        var stdout = Cli.Run("replay", trace, "--frames", "8", "--policy", "clock", "--access-log", "-", "--log-policy");

        Assert.Equal(0, stdout.ExitCode);
        Assert.Equal(File.ReadAllText(file), stdout.Stdout);
        Assert.StartsWith("access,pid,address,page,op,tlb,outcome,frame,evicted,written_back,policy\n", stdout.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("record")]
    public void Log_policy_without_an_access_log_is_refused_in_one_line(string verb)
    {
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(50, 10));
        string[] args = verb == "replay" ? ["replay", trace, "--log-policy"] : ["record", "--log-policy", "--", "/bin/true"];

        var message = Cli.AssertBadInput(Cli.Run(args));

        Assert.Equal("vmsim: --log-policy: adds the policy's state to the access log, so it needs --access-log (--access-log accesses.csv --log-policy)", message);
    }

    [Fact]
    public void Record_logs_the_policy_of_a_recorded_program()
    {
        var log = _files.Path("true.csv");

        var result = Cli.Run("record", "--frames", "16", "--policy", "clock", "--access-log", log, "--log-policy", "--", "/bin/true");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(log);
        Assert.EndsWith(",policy", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(">", lines[1].Split(',')[^1], StringComparison.Ordinal);
        Assert.Equal(16, lines[^1].Split(',')[^1].Split(' ').Length);
    }

    [Fact]
    public void A_pages_trace_s_steps_write_pages_in_decimal_as_refs_does_and_an_address_trace_s_in_hexadecimal()
    {
        var pages = _files.WritePages("s.pages", [7, 0, 1, 2, 0, 3]);
        var addresses = _files.Write("s.addr", "0x7000\n0x0\n0x1000\n0x2000\n0x0\n0x3000\n");

        var asPages = Cli.Run("replay", pages, "--frames", "3", "--policy", "fifo", "--steps");
        var asAddresses = Cli.Run("replay", addresses, "--frames", "3", "--policy", "fifo", "--steps");
        var refs = Cli.Run("refs", "7 0 1 2 0 3", "--frames", "3", "--policy", "fifo", "--steps", "--json").Json();

        Assert.Equal(("access 4", "0 1 2"), PolicyCells(asPages).Single(c => c.Event == "access 4"));
        Assert.Contains("read page 2 (trace-backing-store", asPages.Words(), StringComparison.Ordinal);
        Assert.Contains("evicted page 7 of P1", asPages.Words(), StringComparison.Ordinal);
        Assert.Equal(refs.GetProperty("steps")[3].GetProperty("policy").GetProperty("state").GetString(), PolicyCells(asPages).Single(c => c.Event == "access 4").Policy);
        Assert.Equal(("access 4", "0x0 0x1 0x2"), PolicyCells(asAddresses).Single(c => c.Event == "access 4"));
        Assert.Contains("evicted page 0x7 of P1", asAddresses.Words(), StringComparison.Ordinal);
        Assert.Contains("its pages in hexadecimal as the narration writes them", asAddresses.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_trace_of_page_numbers_reads_line_for_line_as_the_same_pages_trace_and_one_of_addresses_stays_hexadecimal()
    {
        var pages = _files.WritePages("s.pages", [7, 0, 1, 2, 0, 3]);
        var byPage = _files.Write("s.csv", "page,op\n7,R\n0,R\n1,R\n2,R\n0,R\n3,R\n");
        var byAddress = _files.Write("a.csv", "address,op\n0x7000,R\n0x0,R\n0x1000,R\n0x2000,R\n0x0,R\n0x3000,R\n");
        string[] args = ["--frames", "3", "--policy", "fifo", "--steps"];

        var asPages = Cli.Run(["replay", pages, .. args]);
        var asCsvPages = Cli.Run(["replay", byPage, .. args]);
        var asCsvAddresses = Cli.Run(["replay", byAddress, .. args]);
        var json = Cli.Run(["replay", byPage, .. args, "--json"]).Json();

        // All but the first line, which names the file and its format.
        static string AfterTrace(CliResult r) => r.Stdout[r.Stdout.IndexOf('\n', StringComparison.Ordinal)..];
        Assert.StartsWith("Trace: ", asCsvPages.Stdout, StringComparison.Ordinal);
        Assert.Equal(AfterTrace(asPages), AfterTrace(asCsvPages));
        Assert.Equal(("access 4", "0 1 2"), PolicyCells(asCsvPages).Single(c => c.Event == "access 4"));
        Assert.Contains("its pages in decimal as the narration writes them", asCsvPages.Words(), StringComparison.Ordinal);
        Assert.Contains("evicted page 7 of P1", AccessSteps(json)[3].GetProperty("explanation").GetString(), StringComparison.Ordinal);

        Assert.Equal(("access 4", "0x0 0x1 0x2"), PolicyCells(asCsvAddresses).Single(c => c.Event == "access 4"));
        Assert.Contains("evicted page 0x7 of P1", asCsvAddresses.Words(), StringComparison.Ordinal);
        Assert.Contains("its pages in hexadecimal as the narration writes them", asCsvAddresses.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oracle_general_trace_s_object_ids_read_line_for_line_as_the_same_pages_trace()
    {
        var pages = _files.WritePages("s.pages", [7, 0, 1, 2, 0, 3]);
        var oracle = _files.WriteOracleGeneral("s.bin", [7, 0, 1, 2, 0, 3]);
        string[] args = ["--frames", "3", "--policy", "fifo", "--steps"];

        var asPages = Cli.Run(["replay", pages, .. args]);
        var asOracle = Cli.Run(["replay", oracle, .. args]);

        static string AfterTrace(CliResult r) => r.Stdout[r.Stdout.IndexOf('\n', StringComparison.Ordinal)..];
        Assert.StartsWith("Trace: ", asOracle.Stdout, StringComparison.Ordinal);
        Assert.Equal(AfterTrace(asPages), AfterTrace(asOracle));
        Assert.Equal(("access 4", "0 1 2"), PolicyCells(asOracle).Single(c => c.Event == "access 4"));
        Assert.Contains("evicted page 7 of P1", asOracle.Words(), StringComparison.Ordinal);
    }
}
