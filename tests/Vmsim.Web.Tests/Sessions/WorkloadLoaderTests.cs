using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Web.Api;
using Vmsim.Web.Sessions;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

public class WorkloadLoaderTests
{
    [Fact]
    public void A_bundled_example_keeps_its_own_machine_when_the_form_sends_none()
    {
        var workload = Example("fork-cow");
        Assert.Equal("scenario", workload.Kind);
        Assert.Equal("fork and copy-on-write", workload.Title);
        Assert.Equal(32, workload.Config.Frames);
        Assert.Equal("clock", workload.Config.Policy);
    }

    [Fact]
    public void The_form_overrides_frames_tlb_policy_and_scope_of_a_scenario()
    {
        var workload = Example("fork-cow", new MachineRequest(5, null, 8, "lru", "local"));
        Assert.Equal(5, workload.Config.Frames);
        Assert.Equal(8, workload.Config.TlbEntries);
        Assert.Equal("lru", workload.Config.Policy);
        Assert.Equal(ReplacementScope.Local, workload.Config.Scope);
    }

    [Fact]
    public void The_form_sets_the_working_set_window_keeps_the_scenarios_own_when_it_sends_none_and_turns_it_off_with_0()
    {
        Assert.Equal(12, Example("thrashing").Config.WorkingSetWindow);
        Assert.Equal(12, Example("thrashing", new MachineRequest(16, null, null, null, null)).Config.WorkingSetWindow);
        Assert.Equal(5, Example("thrashing", new MachineRequest(null, null, null, null, null, WorkingSet: 5)).Config.WorkingSetWindow);
        Assert.Equal(0, Example("thrashing", new MachineRequest(null, null, null, null, null, WorkingSet: 0)).Config.WorkingSetWindow);
        Assert.Equal(10, Refs("1 2 3", frames: 3, policy: "lru", maxSteps: 1000, workingSet: 10).Config.WorkingSetWindow);
    }

    [Theory]
    [InlineData(-1, "working-set window: expected a number of references (0: not measured), found -1")]
    [InlineData(2_147_483_648, "working-set window: expected a number of references (0: not measured) from 0 to 2,147,483,647, found 2147483648")]
    public void A_working_set_window_that_is_not_a_count_of_references_is_refused_in_words(long window, string message)
    {
        var e = Assert.Throws<VisualizerInputException>(() => Example("thrashing", new MachineRequest(null, null, null, null, null, WorkingSet: window)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_form_sets_the_policys_parameters()
    {
        var workload = WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("refs", null, null, null, "1 1 2 3 4 1 5 1 2 3"),
            new MachineRequest(3, null, null, "2q", null, "kin=0.5, kout=1")), 1000);
        Assert.Equal(new Dictionary<string, double> { ["kin"] = 0.5, ["kout"] = 1 }, workload.Config.PolicyOptions.Parameters);
    }

    [Theory]
    [InlineData("lru", "k=3", "parameters: no parameter 'k' for lru; it has none")]
    [InlineData("lru-k", "k=9", "parameters: parameter k of lru-k: expected a whole number from 1 to 8, found 9")]
    [InlineData("lru-k", "k", "parameters: expected NAME=VALUE with a number for VALUE (kin=0.3), found 'k'")]
    public void A_parameter_the_policy_lacks_or_out_of_range_is_refused_in_words(string policy, string parameters, string message)
    {
        var e = Assert.Throws<VisualizerInputException>(() => WorkloadLoader.Load(
            new CreateSessionRequest(new WorkloadRequest("refs", null, null, null, "1 2 3"), new MachineRequest(3, null, null, policy, null, parameters)), 1000));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml("title: broken\nmachine:\n  frames: 4\n   policy: fifo\nscript: []\n"));
        Assert.Equal(4, e.Line);
        Assert.StartsWith("test.yaml:4:", e.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title: broken\nmachine:\n  frames: [4\nscript:\n  - touch: p\n", 3, 11)]
    [InlineData("title: broken\nmachine:\n  frames: {a: 4\nscript: []\n", 3, 11)]
    public void An_unclosed_bracket_is_reported_where_it_opens(string yaml, int line, int column)
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml(yaml));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal($"test.yaml:{line}:{column}: not valid YAML: this '[' or '{{' is never closed", e.Message);
    }

    [Fact]
    public void A_reference_beyond_the_address_space_is_refused_in_words()
    {
        var e = Assert.Throws<VisualizerInputException>(() => WorkloadLoader.Load(
            new CreateSessionRequest(new WorkloadRequest("refs", null, null, null, "1 0x100000"), new MachineRequest(3, "x86-32", null, "fifo", null)), 1000));
        Assert.Contains("outside the 32-bit address space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_reported_with_its_line_and_column()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml("machine:\n  frames: 4\n  colour: blue\nscript:\n  - touch: p\n"));
        Assert.Equal(3, e.Line);
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void An_empty_scenario_says_what_to_paste()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml("   \n"));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_over_the_step_limit_is_refused_naming_the_limit_and_the_line()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml(Loop(pages: 100, times: 3000), maxSteps: 200_000));
        Assert.Contains("200,000", e.Message, StringComparison.Ordinal);
        Assert.Equal(11, e.Line);
    }

    [Fact]
    public void A_reference_string_over_the_step_limit_is_refused()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Refs(string.Join(' ', Enumerable.Repeat("1 2", 6)), maxSteps: 10));
        Assert.Contains("12 references", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_reference_names_its_column()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Refs("1 2 x3 4"));
        Assert.Equal(5, e.Column);
        Assert.Contains("'x3'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_string_defaults_to_three_frames_under_fifo_and_takes_a_page_size()
    {
        var workload = WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("refs", null, null, null, BeladyString), new MachineRequest(null, "x86-64-16k", null, null, null)), 1000);
        Assert.Equal(3, workload.Config.Frames);
        Assert.Equal("fifo", workload.Config.Policy);
        Assert.Equal(16 * 1024, workload.Config.Geometry.PageSize);
        Assert.Equal(12, workload.References!.Count);
    }

    [Theory]
    [InlineData(0, null, null, "frames")]
    [InlineData(100_000, null, null, "frames")]
    [InlineData(null, "sideways", null, "unknown policy")]
    [InlineData(null, null, "everywhere", "unknown scope")]
    public void Bad_machine_settings_say_what_is_wrong(int? frames, string? policy, string? scope, string expected)
    {
        var e = Assert.Throws<VisualizerInputException>(() => Example("fork-cow", new MachineRequest(frames, null, null, policy, scope)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_page_size_cannot_be_changed_from_the_form()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Example("fork-cow", new MachineRequest(null, "x86-32", null, null, null)));
        Assert.Contains("YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_example_lists_the_bundled_ones()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Example("nope"));
        Assert.Contains("fork-cow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_workload_or_kind_is_an_error_for_a_person()
    {
        Assert.Throws<VisualizerInputException>(() => WorkloadLoader.Load(null, 10));
        var e = Assert.Throws<VisualizerInputException>(() => WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("video", null, null, null, null), null), 10));
        Assert.Contains("example, yaml, refs or trace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_with_too_many_frames_for_the_page_is_refused()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Yaml("machine:\n  frames: 1000000\nscript: []\n"));
        Assert.Contains("65,536", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>A trace file uploaded to the visualizer: read as vmsim replay reads it, its start stepped through.</summary>
public class TraceWorkloadTests
{
    [Fact]
    public void A_lackey_trace_plays_on_the_machine_of_vmsim_replay_with_every_access()
    {
        var workload = Trace(LackeyLoop(pages: 5, times: 3));

        Assert.Equal("trace", workload.Kind);
        Assert.Equal("Trace t.lackey", workload.Title);
        Assert.Equal(16, workload.Config.Frames);
        Assert.Equal("clock", workload.Config.Policy);

        // Each 'M' line is a load and a store: 1 + 4 * 2 accesses a round.
        Assert.Equal(27, workload.Trace!.Count);
        Assert.Equal([Core.Addressing.AccessKind.Execute, Core.Addressing.AccessKind.Read, Core.Addressing.AccessKind.Write], workload.Trace.Take(3).Select(a => a.Kind));
        Assert.StartsWith("All 27 accesses of t.lackey (lackey).", workload.Description, StringComparison.Ordinal);
        Assert.Equal(28, VisualizerSession.Open("t", workload).LastStep); // the accesses and the spawn
    }

    [Fact]
    public void A_trace_of_one_access_says_one_access()
    {
        var workload = Trace(LackeyLoop(pages: 1, times: 1));

        Assert.StartsWith("All 1 access of t.lackey (lackey).", workload.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzipped_trace_gives_the_same_accesses()
    {
        var plain = Trace(LackeyLoop(pages: 7, times: 2));
        var gzipped = Trace(Gzip(LackeyLoop(pages: 7, times: 2)), "t.lackey.gz");

        Assert.Equal(plain.Trace, gzipped.Trace);
    }

    [Fact]
    public void Gzip_this_process_cannot_check_for_truncation_is_an_input_error_with_the_same_message_not_a_server_error()
    {
        // What Core's gzip input throws when the runtime option did not take effect, which this
        // test host (its runtimeconfig sets it) cannot bring about.
        const string Message = "this process cannot tell a cut gzip file from a whole one: set the runtime option System.IO.Compression.UseStrictValidation to true in its runtimeconfig";

        var e = Assert.Throws<VisualizerInputException>(() => WorkloadLoader.OpenTrace(() => throw new RuntimeOptionException(Message), "t.lackey.gz"));

        Assert.Equal($"t.lackey.gz: {Message}", e.Message);
        Assert.Equal("t.lackey.gz", e.InputSource);
    }

    [Fact]
    public void A_gzipped_trace_with_bytes_after_its_last_member_is_an_input_error_naming_the_file()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Trace([.. Gzip(LackeyLoop(pages: 7, times: 2)), .. "junk"u8], "t.lackey.gz"));

        Assert.StartsWith("t.lackey.gz: expected another gzip member or the end of the file after the last member, found other bytes (trailing garbage", e.Message, StringComparison.Ordinal);
        Assert.Equal("t.lackey.gz", e.InputSource);
    }

    [Fact]
    public void A_trace_longer_than_the_step_limit_plays_its_start_and_says_so()
    {
        var workload = Trace(LackeyLoop(pages: 10, times: 100), maxSteps: 50);

        Assert.Equal(49, workload.Trace!.Count);
        Assert.StartsWith("The first 49 accesses of t.lackey (lackey), as many as the visualizer steps through; `vmsim replay t.lackey` replays the whole trace.", workload.Description, StringComparison.Ordinal);
        Assert.Equal(50, VisualizerSession.Open("t", workload).LastStep);
    }

    [Fact]
    public void The_format_chosen_is_the_one_read_and_the_page_size_is_the_forms()
    {
        var numbers = System.Text.Encoding.ASCII.GetBytes("1\n2\n3\n");

        var pages = Trace(numbers, "n.txt", "pages", new MachineRequest(null, "x86-64-16k", null, null, null));
        var addresses = Trace(numbers, "n.txt", "addr");

        Assert.Equal([16384UL, 32768UL, 49152UL], pages.Trace!.Select(a => a.Address));
        Assert.Equal(16 * 1024, pages.Config.Geometry.PageSize);
        Assert.Equal("x86-64-16k", pages.GeometryId);
        Assert.Equal([1UL, 2UL, 3UL], addresses.Trace!.Select(a => a.Address));
    }

    [Fact]
    public void A_bad_line_is_reported_with_the_file_and_the_line()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Trace(System.Text.Encoding.ASCII.GetBytes("I  00400000,4\n L 10000000,8\n S nothex,8\n"), format: "lackey"));

        Assert.Equal("t.lackey", e.InputSource);
        Assert.Equal(3, e.Line);
        Assert.Contains("t.lackey:3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lackee", "unknown trace format 'lackee' (did you mean 'lackey'?)")]
    [InlineData("addr", "empty.addr: has no accesses: expected at least one addr record, found none (an empty trace, or comments and blank lines only)")]
    [InlineData(null, "empty.addr: expected trace records, found none in the first 1 line;")]
    public void A_trace_that_cannot_be_played_is_refused_in_words(string? format, string expected)
    {
        var e = Assert.Throws<VisualizerInputException>(() => Trace(System.Text.Encoding.ASCII.GetBytes("# nothing but a comment\n"), "empty.addr", format));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_bad_base64_and_a_file_too_large_are_refused_in_words()
    {
        static VisualizerInputException Refused(string? base64) => Assert.Throws<VisualizerInputException>(() =>
            WorkloadLoader.Load(new CreateSessionRequest(new WorkloadRequest("trace", null, null, "big.lackey", null, base64), null), 1000));

        Assert.Contains("choose a trace file", Refused(null).Message, StringComparison.Ordinal);
        Assert.Contains("did not arrive whole", Refused("not base64!").Message, StringComparison.Ordinal);
        var tooLarge = Refused(new string('A', (WorkloadLoader.MaxTraceBytes / 3 * 4) + 8));
        Assert.Contains("the visualizer reads files of at most 16 MiB", tooLarge.Message, StringComparison.Ordinal);
    }

    // A file of exactly the limit whose start is a trace and whose rest is not: only the start is read.
    private static byte[] StartThenNoise(int length)
    {
        var start = LackeyLoop(pages: 4, times: 10);
        var file = new byte[length];
        file.AsSpan().Fill((byte)'?');
        start.CopyTo(file, 0);
        return file;
    }

    [Fact]
    public void A_file_of_the_limit_is_read_and_one_byte_more_is_refused_giving_both_sizes()
    {
        var atLimit = Trace(StartThenNoise(WorkloadLoader.MaxTraceBytes), format: "lackey", maxSteps: 20);
        Assert.Equal(19, atLimit.Trace!.Count);

        var e = Assert.Throws<VisualizerInputException>(() => Trace(StartThenNoise(WorkloadLoader.MaxTraceBytes + 1), format: "lackey", maxSteps: 20));
        Assert.Contains("the trace file is 16,777,217 bytes (16.0 MiB); the visualizer reads files of at most 16 MiB (16,777,216 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_limit_too_small_for_one_access_says_so()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Trace(LackeyLoop(pages: 2, times: 1), maxSteps: 1));

        Assert.Contains("the trace's first access takes two", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_headerless_csv_is_read_with_the_columns_given_as_vmsim_replay_reads_it_with_its_csv_options()
    {
        var csv = new CsvLayoutOptions { Address = "2", Op = "3", Pid = "1", NoHeader = true };

        var workload = Trace(HeaderlessCsv, "t.csv", csv: csv);

        // The layout of vmsim replay --csv-address 2 --csv-op 3 --csv-pid 1 --csv-no-header.
        var layout = new CsvLayout { Columns = new CsvColumns(CsvColumn.At(2), IsPage: false, CsvColumn.At(3), CsvColumn.At(1)), HasHeader = false };
        using var reader = TraceFormats.Open(new MemoryStream(HeaderlessCsv), "t.csv", TraceFormats.Csv, 4096, layout);
        var trace = Assert.IsAssignableFrom<IReadOnlyList<MemoryAccess>>(workload.Trace);
        Assert.Equal(TraceScenario.ReadStart(reader, 100, out _), trace);
        Assert.Equal([7, 7, 7, 7, 7], trace.Select(a => a.Pid));
        Assert.Equal(AccessKind.Write, trace[1].Kind);
        Assert.StartsWith("All 5 accesses of t.csv (csv).", workload.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_its_columns_a_headerless_csv_is_refused_at_its_first_line()
    {
        var e = Assert.Throws<VisualizerInputException>(() => Trace(HeaderlessCsv, "t.csv"));

        Assert.Equal(1, e.Line);
        Assert.Contains("t.csv:1: expected a header with a column named page", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lackey", false, "2", "--csv-page, --csv-address, --csv-op, --csv-pid, --csv-no-header and --csv-delimiter are for csv traces, but --format says lackey")]
    [InlineData(null, true, "addr", "--csv-no-header: a trace without a header has no column names; give the columns by number (--csv-page 2)")]
    [InlineData(null, false, null, "--csv-op, --csv-pid, --csv-no-header: give the location column too (--csv-page or --csv-address), or no column at all to infer them from the header")]
    public void A_csv_layout_that_cannot_be_used_is_refused_with_the_command_lines_words(string? format, bool noHeader, string? address, string expected)
    {
        var csv = new CsvLayoutOptions { Address = address, Op = "3", NoHeader = noHeader };

        var e = Assert.Throws<VisualizerInputException>(() => Trace(HeaderlessCsv, "t.csv", format, csv: csv));

        Assert.Equal(expected, e.Message);
        Assert.Equal("t.csv", e.InputSource);
    }

    [Fact]
    public void An_address_beyond_the_page_tables_reach_is_refused_naming_the_access()
    {
        var trace = System.Text.Encoding.ASCII.GetBytes("I  00400000,4\n S 1ffefffd48,8\n");

        var e = Assert.Throws<VisualizerInputException>(() => Trace(trace, machine: new MachineRequest(null, "x86-32", null, null, null)));

        Assert.Contains("access 2 is at 0x1ffefffd48, outside the 32-bit address space of x86-32", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, Trace(trace).Trace!.Count);
    }
}
