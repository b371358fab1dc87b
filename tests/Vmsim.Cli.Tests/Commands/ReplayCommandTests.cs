using System.Text.Json;
using System.Globalization;
using System.Text;
using Vmsim.Tests.Shared;

namespace Vmsim.Cli.Tests.Commands;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static long Faults(CliResult result) => result.Json().GetProperty("faults").GetProperty("total").GetInt64();

    [Fact]
    public void Silberschatz_pages_trace_under_fifo_with_3_frames_faults_15_as_in_the_textbook()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var result = Cli.Run("replay", path, "--frames", "3", "--policy", "fifo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Trace: {path} (pages), 20 accesses", result.Stdout.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("page faults 15 (75.0%)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_trace_faults_as_an_independent_fifo_count_says_at_several_sizes()
    {
        var pages = TraceFiles.Pages(5000, 120);
        var path = _files.WritePages("pages.txt", pages);

        foreach (var frames in new[] { 4, 16, 50 })
        {
            var json = Cli.Run("replay", path, "--frames", frames.ToString(CultureInfo.InvariantCulture), "--policy", "fifo", "--json").Json();

            Assert.Equal(5000, json.GetProperty("accesses").GetInt64());
            Assert.Equal(CacheSimulators.Fifo(pages, frames), json.GetProperty("faults").GetProperty("total").GetInt64());
            Assert.Equal("pages", json.GetProperty("trace").GetProperty("format").GetString());
        }
    }

    [Fact]
    public void Addr_trace_with_offsets_and_kinds_faults_on_pages()
    {
        var pages = TraceFiles.Pages(3000, 80, seed: 2);
        var kinds = new[] { "R", "W", "x", string.Empty };
        var text = new StringBuilder("# an addr trace\n");
        for (var i = 0; i < pages.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"0x{(pages[i] << 12) + (ulong)(i % 4000):x} {kinds[i % 4]}\n");
        }

        var path = _files.Write("trace.addr", text.ToString());

        var json = Cli.Run("replay", path, "--frames", "10", "--policy", "fifo", "--json").Json();

        Assert.Equal("addr", json.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(CacheSimulators.Fifo(pages, 10), json.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.True(json.GetProperty("writebacks").GetInt64() > 0);
    }

    [Fact]
    public void Lackey_trace_counts_a_modify_as_a_load_and_a_store_and_skips_valgrind_lines()
    {
        var text = "==123== Lackey, an example Valgrind tool\n"
            + "I  04001000,3\n"
            + " L 1ffefff000,8\n"
            + " S 1ffefff008,8\n"
            + " M 0402000,4\n"
            + "I  04001003,2\n"
            + " L 0403000,8\n"
            + "==123== \n";
        var path = _files.Write("prog.lackey", text);

        var json = Cli.Run("replay", path, "--frames", "2", "--policy", "fifo", "--json").Json();

        // Pages 0x4001, 0x1ffefff, 0x1ffefff, 0x4002 (load), 0x4002 (store), 0x4001, 0x4003.
        Assert.Equal("lackey", json.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(7, json.GetProperty("accesses").GetInt64());
        Assert.Equal(CacheSimulators.Fifo([0x4001, 0x1ffefff, 0x1ffefff, 0x4002, 0x4002, 0x4001, 0x4003], 2), json.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void Csv_trace_with_an_inferred_header_and_with_a_column_map_agree()
    {
        var pages = TraceFiles.Pages(2000, 60, seed: 3);
        var text = new StringBuilder("time,pid,page,op\n");
        var bare = new StringBuilder();
        for (var i = 0; i < pages.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},7,{pages[i]},{(i % 3 == 0 ? "W" : "R")}\n");
            bare.Append(CultureInfo.InvariantCulture, $"{i},{pages[i]}\n");
        }

        var inferred = _files.Write("trace.csv", text.ToString());
        var mapped = _files.Write("bare.csv", bare.ToString());
        var expected = CacheSimulators.Fifo(pages, 8);

        var a = Cli.Run("replay", inferred, "--frames", "8", "--policy", "fifo", "--json").Json();
        var b = Cli.Run("replay", inferred, "--frames", "8", "--policy", "fifo", "--csv-page", "page", "--csv-op", "4", "--csv-pid", "pid", "--json").Json();
        var c = Cli.Run("replay", mapped, "--frames", "8", "--policy", "fifo", "--csv-page", "2", "--csv-no-header", "--json").Json();

        Assert.Equal("csv", a.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(expected, a.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(expected, b.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(expected, c.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal("trace pid 7", a.GetProperty("processes")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(";", null)]
    [InlineData("\t", null)]
    [InlineData(";", ";")]
    [InlineData("\t", "tab")]
    [InlineData("\t", "TAB")]
    [InlineData("\t", "\\t")]
    [InlineData("|", "|")]
    public void A_csv_trace_split_by_another_delimiter_replays_as_the_comma_one(string delimiter, string? option)
    {
        var pages = TraceFiles.Pages(2000, 60, seed: 3);
        var text = new StringBuilder($"time{delimiter}page{delimiter}op\n");
        for (var i = 0; i < pages.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i}{delimiter}{pages[i]}{delimiter}{(i % 3 == 0 ? "W" : "R")}\n");
        }

        var path = _files.Write("trace.csv", text.ToString());
        string[] args = option is null ? ["replay", path] : ["replay", path, "--csv-delimiter", option];
        string[] mapped = [.. args, "--csv-page", "2", "--csv-op", "op"];

        var inferred = Cli.Run([.. args, "--frames", "8", "--policy", "fifo", "--json"]).Json();
        var withMap = Cli.Run([.. mapped, "--frames", "8", "--policy", "fifo", "--json"]).Json();

        Assert.Equal("csv", inferred.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(CacheSimulators.Fifo(pages, 8), inferred.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(CacheSimulators.Fifo(pages, 8), withMap.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void A_csv_delimiter_given_wins_over_the_first_line()
    {
        var path = _files.Write("semi.csv", "time;page\n1;5\n");

        var message = Cli.AssertBadInput(Cli.Run("replay", path, "--csv-delimiter", ",", "--csv-page", "2"));

        Assert.Equal($"vmsim: {path}:2: expected at least 2 fields separated by ',', found 1 (the delimiter given)", message);
    }

    [Fact]
    public void Oracle_general_trace_carries_the_future_so_opt_needs_no_pre_pass()
    {
        var path = _files.WriteOracleGeneral("silberschatz.oracleGeneral.bin", TraceFiles.Silberschatz);

        var json = Cli.Run("replay", path, "--frames", "3", "--policy", "opt", "--json").Json();

        Assert.Equal("oracle-general", json.GetProperty("trace").GetProperty("format").GetString());
        Assert.Equal(9, json.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(0, json.GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public void Opt_on_a_text_trace_runs_the_next_use_pre_pass_and_says_so()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var result = Cli.Run("replay", path, "--frames", "3", "--policy", "opt");
        var json = Cli.Run("replay", path, "--frames", "3", "--policy", "opt", "--json").Json();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Note: opt needs each access's next use", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(9, json.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Contains("pre-pass", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("which a pages trace does not carry", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_frame_counts_is_sent_to_sweep_and_mrc_and_for_a_scenario_to_compare_or_sweep()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Silberschatz);

        var replay = Cli.Run("replay", path, "--frames", "2,3");
        var scenario = Cli.Run("run", "demo", "--frames", "2-3");

        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("--frames: a range or list of frame counts is for vmsim sweep (every policy at each size) or vmsim mrc", replay.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, scenario.ExitCode);
        Assert.Contains("is for refs --compare (a reference string) or vmsim sweep (a trace); a scenario runs on one machine", scenario.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_note_on_the_pre_pass_names_an_address_trace_with_its_article()
    {
        var path = _files.Write("addresses.txt", "0x1000\n0x2000\n0x1000\n");

        var notes = Cli.Run("replay", path, "--policy", "opt", "--json").Json().GetProperty("notes");

        Assert.Contains("which an addr trace does not carry", notes[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_trace_replays_as_the_plain_one()
    {
        var pages = TraceFiles.Pages(4000, 100, seed: 4);
        var plain = _files.WritePages("pages.txt", pages);
        var packed = _files.WriteGzip("pages.txt.gz", File.ReadAllText(plain));

        var a = Cli.Run("replay", plain, "--frames", "12", "--json").Json();
        var b = Cli.Run("replay", packed, "--frames", "12", "--json").Json();

        Assert.Equal(a.GetProperty("faults").GetProperty("total").GetInt64(), b.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(4000, b.GetProperty("accesses").GetInt64());
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("mrc")]
    [InlineData("sweep")]
    public void A_cut_gzip_trace_is_exit_2_saying_it_is_truncated(string verb)
    {
        var whole = File.ReadAllBytes(_files.WriteGzip("pages.txt.gz", string.Concat(TraceFiles.Pages(20000, 300, seed: 5).Select(p => $"{p}\n"))));
        var cut = _files.WriteBytes("cut.gz", whole[..(whole.Length / 2)]);
        string[] args = verb == "sweep" ? [verb, cut, "--policies", "lru", "--frames", "4,8"] : [verb, cut];

        var message = Cli.AssertBadInput(Cli.Run(args));

        Assert.Equal($"vmsim: {cut}: expected more gzip data: the file ends in the middle of its compressed stream (truncated?) at byte offset {whole.Length / 2}", message);
    }

    [Fact]
    public void A_gzip_trace_with_bytes_after_its_last_member_is_exit_2_saying_so()
    {
        var whole = File.ReadAllBytes(_files.WriteGzip("pages.txt.gz", string.Concat(TraceFiles.Silberschatz.Select(p => $"{p}\n"))));
        var path = _files.WriteBytes("garbage.gz", [.. whole, .. "junk"u8]);

        var message = Cli.AssertBadInput(Cli.Run("replay", path));

        Assert.Equal($"vmsim: {path}: expected another gzip member or the end of the file after the last member, found other bytes (trailing garbage, among them 0x6b at byte offset {whole.Length + 3}); gzip -d drops them with a warning", message);
    }

    [Fact]
    public void Standard_input_is_read_with_a_dash_and_saved_to_a_file_for_opt()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(TraceFiles.Silberschatz.Select(p => $"{p}\n")));

        var fifo = Cli.RunWithInput(bytes, "replay", "-", "--frames", "3", "--policy", "fifo", "--json").Json();
        var opt = Cli.RunWithInput(bytes, "replay", "-", "--frames", "3", "--policy", "opt", "--json").Json();

        Assert.Equal("stdin", fifo.GetProperty("trace").GetProperty("source").GetString());
        Assert.Equal(15, fifo.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(9, opt.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Contains("standard input was saved to a temporary file", opt.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_show_the_first_accesses_up_to_the_limit_and_say_so()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var table = Cli.Run("replay", path, "--frames", "3", "--steps", "--steps-limit", "5");
        var json = Cli.Run("replay", path, "--frames", "3", "--steps", "--json").Json();

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Steps: the first 5 of 20 accesses", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(1000, json.GetProperty("stepsLimit").GetInt32());
        Assert.False(json.GetProperty("stepsTruncated").GetBoolean());
        Assert.Equal(20, json.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("type").GetString() == "access"));
        Assert.Equal(20, json.GetProperty("accesses").GetInt64());
    }

    [Fact]
    public void Steps_number_each_access_as_the_trace_and_the_access_log_do()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var table = Cli.Run("replay", path, "--frames", "3", "--steps", "--steps-limit", "7");

        // The Event cell's first line of each access row (#, Event, What happened, Policy), in the table's order: access 1 to 7,
        // while # also counts the spawn and the mmap before them.
        var numbers = table.Rows().Where(r => r.Length == 4 && r[1].StartsWith("access ", StringComparison.Ordinal)).Select(r => (r[0], r[1])).ToArray();
        Assert.Equal([.. Enumerable.Range(1, 7).Select(n => ((n + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), $"access {n}"))], numbers);
        Assert.Contains("Each access is numbered in the Event column as in the trace (and the access log)", table.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tlb_miss_names_the_access_the_entry_left_at_as_the_event_column_numbers_it()
    {
        // Clock on the Silberschatz string: the translations of resident pages were dropped by the
        // hand's clears, at steps the table's # counts two more than the Event column's accesses;
        // a hit that walked says why (a fault's sentence tells the fault instead).
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var steps = Cli.Run("replay", path, "--frames", "3", "--policy", "clock", "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToList();

        var dated = steps.Where(s => s.TryGetProperty("tlbMiss", out var m) && m.GetProperty("step").ValueKind == JsonValueKind.Number && s.GetProperty("result").GetString() == "hit").ToList();
        Assert.NotEmpty(dated);
        foreach (var step in dated)
        {
            var left = step.GetProperty("tlbMiss").GetProperty("step").GetInt32();
            var access = steps.Take(left).Count(s => s.GetProperty("type").GetString() == "access");
            Assert.Equal("access", steps[left - 1].GetProperty("type").GetString());
            Assert.Contains($"at access {access}", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("at step", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_textbook_access_time_says_when_the_machine_prices_a_level_unlike_a_memory_access()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var priced = Cli.Run("replay", path, "--frames", "3", "--cost", "walk=20ns,memory=80ns").Words();
        var plain = Cli.Run("replay", path, "--frames", "3").Words();

        Assert.Contains("m = 80.0 ns (a memory access, also each page-table level), L = 4 levels; the textbook prices each level as m, where the machine's costs give a page-table level read 20.0 ns.", priced, StringComparison.Ordinal);
        Assert.Contains("m = 100 ns (a memory access, also each page-table level), L = 4 levels.", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_model_changes_the_simulated_time()
    {
        var path = _files.WritePages("silberschatz.txt", TraceFiles.Silberschatz);

        var json = Cli.Run("replay", path, "--frames", "3", "--policy", "fifo", "--tlb-entries", "0", "--cost", "major=1ms,memory=0,walk=0", "--json").Json();

        Assert.Equal(15_000_000, json.GetProperty("simulatedNs").GetInt64());
        Assert.Equal(1_000_000, json.GetProperty("cost").GetProperty("majorFaultNs").GetInt64());
    }

    [Fact]
    public void A_malformed_line_is_exit_2_with_file_and_line()
    {
        var path = _files.Write("bad.txt", "1\n2\n3\nx4\n5\n");

        var message = Cli.AssertBadInput(Cli.Run("replay", path, "--format", "pages"));

        Assert.Contains($"{path}:4:", message, StringComparison.Ordinal);
        Assert.Contains("'x4'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oracle_general_next_access_past_the_end_is_exit_2_with_the_record_and_the_length()
    {
        // Two records; the first says its page comes back at request 99.
        var bytes = new byte[48];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4), 5);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), 99);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(28), 6);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(40), -1);
        var path = _files.WriteBytes("past.bin", bytes);

        var message = Cli.AssertBadInput(Cli.Run("replay", path, "--format", "oracle-general"));

        Assert.Equal($"vmsim: {path}: record 1 at byte offset 0: expected a next access time of at most 2 (the trace has 2 records), or -1 for never, found 99", message);
    }

    [Fact]
    public void A_line_that_fits_no_format_is_exit_2_with_file_and_line()
    {
        var path = _files.Write("bad.txt", "1\n2\n3\nx4\n5\n");

        var message = Cli.AssertBadInput(Cli.Run("replay", path));

        Assert.Contains($"{path}:4:", message, StringComparison.Ordinal);
        Assert.Contains("give the format", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_lists_the_known_ones()
    {
        var path = _files.WritePages("pages.txt", [1, 2, 3]);

        var message = Cli.AssertBadInput(Cli.Run("replay", path, "--format", "vcd"));

        Assert.Contains("unknown trace format 'vcd'", message, StringComparison.Ordinal);
        Assert.Contains("lackey, addr, pages, csv, oracle-general", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_format_is_suggested()
    {
        var path = _files.WritePages("pages.txt", [1, 2, 3]);

        var message = Cli.AssertBadInput(Cli.Run("replay", path, "--format", "lackay"));

        Assert.Equal("vmsim: --format: unknown trace format 'lackay' (did you mean 'lackey'?); the known formats are lackey, addr, pages, csv, oracle-general", message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = _files.Path("no-such-trace.txt");

        var message = Cli.AssertBadInput(Cli.Run("replay", path));

        Assert.Equal($"vmsim: {path}: no such file", message);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("mrc")]
    [InlineData("sweep")]
    public void A_scenario_given_as_a_trace_is_named_as_one_with_the_command_that_runs_it(string verb)
    {
        var path = Path.Combine(Cli.ExamplesDirectory, "demo.yaml");
        string[] extra = verb == "sweep" ? ["--policies", "lru"] : [];

        var message = Cli.AssertBadInput(Cli.Run([verb, path, .. extra]));
        var asPages = Cli.AssertBadInput(Cli.Run([verb, path, "--format", "pages", .. extra]));

        Assert.Equal($"vmsim: {path}: is a scenario, not a memory trace: run it with 'vmsim run {path}' (traces are lackey, addr, pages, csv, oracle-general; give --format to read the file as one anyway)", message);
        Assert.Contains("expected a page number", asPages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--csv-page", "2", "--format", "pages", "for csv traces")]
    [InlineData("--csv-page", "page", "--csv-address", "addr", "give one of them")]
    [InlineData("--csv-op", "op", "--csv-pid", "pid", "give the location column")]
    [InlineData("--steps-limit", "0", "--steps", "true", "--steps-limit")]
    [InlineData("--cost", "major=fast", "--frames", "3", "--cost")]
    [InlineData("--csv-delimiter", ";", "--format", "lackey", "--csv-delimiter are for csv traces, but --format says lackey")]
    [InlineData("--csv-delimiter", ";;", "--frames", "3", "--csv-delimiter: expected one character such as , ; | or tab, found ';;'")]
    [InlineData("--csv-delimiter", "é", "--frames", "3", "--csv-delimiter: expected one character such as , ; | or tab, found 'é'")]
    [InlineData("--csv-delimiter", "\"", "--frames", "3", "--csv-delimiter: expected a character that no value holds, such as , ; | or tab, found a quote (letters, digits, spaces, quotes and line ends are parts of values or of the CSV syntax)")]
    [InlineData("--csv-delimiter", "x", "--frames", "3", "--csv-delimiter: expected a character that no value holds, such as , ; | or tab, found 'x' (letters")]
    [InlineData("--csv-delimiter", "A", "--frames", "3", "found 'A' (letters")]
    [InlineData("--csv-delimiter", "0", "--frames", "3", "found '0' (letters")]
    [InlineData("--csv-delimiter", " ", "--frames", "3", "found a space (letters")]
    [InlineData("--csv-delimiter", "\n", "--frames", "3", "found a line end (letters")]
    public void Bad_options_are_exit_2_naming_the_option(string option1, string value1, string option2, string value2, string expected)
    {
        var path = _files.WritePages("pages.txt", [1, 2, 3]);
        string[] args = value2 == "true" ? ["replay", path, option1, value1, option2] : ["replay", path, option1, value1, option2, value2];

        var message = Cli.AssertBadInput(Cli.Run(args));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
