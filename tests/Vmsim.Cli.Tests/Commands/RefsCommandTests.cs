using System.Text.Json;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Tests.Shared;

namespace Vmsim.Cli.Tests.Commands;

public sealed class RefsCommandTests
{
    [Fact]
    public void Fifo_on_silberschatz_string_with_3_frames_faults_15()
    {
        var result = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", "fifo");
        var full = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", "fifo", "--full");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Contains("Page faults: 15 (fault ratio 15 / 20 = 75.0%)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Accesses: 20, hits 5 (25.0%), page faults 15 (75.0%)", full.Stdout, StringComparison.Ordinal);
        Assert.Contains(full.Rows(), r => r[0] == "total" && r[1] == "15");
    }

    [Theory]
    [InlineData("fifo", 15)]
    [InlineData("lru", 12)]
    [InlineData("opt", 9)]
    public void Silberschatz_string_with_3_frames_in_json_has_the_textbook_fault_count(string policy, int faults)
    {
        var json = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", policy, "--json").Json();

        Assert.Equal(faults, json.GetProperty("faults").GetProperty("total").GetInt32());
        Assert.Equal(20, json.GetProperty("accesses").GetInt32());
        Assert.Equal(20 - faults, json.GetProperty("hits").GetInt32());
        Assert.Equal(policy, json.GetProperty("machine").GetProperty("policy").GetString());
        Assert.Equal(3, json.GetProperty("machine").GetProperty("frames").GetInt32());
    }

    [Fact]
    public void Refs_defaults_to_3_frames_and_fifo_like_the_ostep_simulator()
    {
        var json = Cli.Run("refs", Cli.Silberschatz, "--json").Json();

        Assert.Equal(15, json.GetProperty("faults").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Reference_string_may_be_given_as_separate_arguments()
    {
        var json = Cli.Run([.. new[] { "refs" }, .. Cli.Silberschatz.Split(' '), "--policy", "lru", "--json"]).Json();

        Assert.Equal(12, json.GetProperty("faults").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Json_summary_has_every_documented_field()
    {
        var json = Cli.Run("refs", Cli.Silberschatz, "--json").Json();

        foreach (var path in new[]
        {
            "accesses", "hits", "faults.total", "faults.minor", "faults.major", "faults.zeroFill", "faults.pageCache",
            "faults.fileRead", "faults.swapIn", "faults.swapCache", "faults.cowCopy", "faults.cowReuse",
            "faults.segvUnmapped", "faults.segvProtection", "faults.outOfMemory", "evictions", "writebacks", "swapOuts", "swapIns",
            "tlb.hits", "tlb.misses", "oomKills", "simulatedNs", "effectiveAccessNs", "machine.frames", "machine.swap",
            "machine.policy", "machine.pageSize", "machine.geometry", "machine.tlb", "machine.scope", "processes",
        })
        {
            var node = json;
            foreach (var part in path.Split('.'))
            {
                Assert.True(node.TryGetProperty(part, out node), $"missing {path}");
            }
        }

        var process = Assert.Single(json.GetProperty("processes").EnumerateArray());
        Assert.Equal("refs", process.GetProperty("name").GetString());
        Assert.Equal(1, process.GetProperty("pid").GetInt32());
        Assert.Equal(15, process.GetProperty("faults").GetProperty("total").GetInt32());
        Assert.Equal("running", process.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(process.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Compare_fifo_on_belady_string_shows_9_faults_with_3_frames_10_with_4_and_says_so()
    {
        var result = Cli.Run("refs", Cli.Belady, "--compare", "fifo", "--frames", "3-4");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Rows(), r => r[0] == "fifo");
        Assert.Equal(["fifo", "9", "10*"], row);
        Assert.Contains("fifo: Belady's anomaly: 9 faults with 3 frames, 10 with 4", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_of_several_policies_marks_the_anomaly_of_fifo_only_where_it_happens()
    {
        var result = Cli.Run("refs", Cli.Belady, "--compare", "fifo,lru,opt", "--frames", "1-7");

        var rows = result.Rows();
        Assert.Equal(["fifo", "12", "12", "9", "10*", "5", "5", "5"], rows.Single(r => r[0] == "fifo"));
        Assert.Equal(["lru", "12", "12", "10", "8", "5", "5", "5"], rows.Single(r => r[0] == "lru"));
        Assert.Equal(["opt", "12", "9", "7", "6", "5", "5", "5"], rows.Single(r => r[0] == "opt"));
        Assert.DoesNotContain("lru: Belady", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("opt: Belady", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_accepts_a_list_of_frame_counts_in_any_order()
    {
        var json = Cli.Run("refs", Cli.Belady, "--compare", "fifo", "--frames", "4,3", "--json").Json();

        Assert.Equal([3, 4], json.GetProperty("frames").EnumerateArray().Select(e => e.GetInt32()));
        var fifo = Assert.Single(json.GetProperty("policies").EnumerateArray());
        Assert.Equal([9L, 10L], fifo.GetProperty("faults").EnumerateArray().Select(e => e.GetInt64()));
        var anomaly = Assert.Single(json.GetProperty("anomalies").EnumerateArray());
        Assert.Equal("fifo", anomaly.GetProperty("policy").GetString());
        Assert.Equal(3, anomaly.GetProperty("fewerFrames").GetInt32());
        Assert.Equal(10, anomaly.GetProperty("moreFaults").GetInt32());
    }

    [Theory]
    [InlineData("1-7/3", new[] { 1, 4, 7 })]
    [InlineData("log", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("log:3,7", new[] { 1, 2, 5, 7 })]
    public void Compare_takes_the_size_forms_of_mrc_and_sweep_with_log_up_to_the_distinct_pages(string frames, int[] expected)
    {
        var json = Cli.Run("refs", Cli.Belady, "--compare", "fifo", "--frames", frames, "--json").Json();

        Assert.Equal(expected, json.GetProperty("frames").EnumerateArray().Select(e => e.GetInt32()));
        var fifo = Assert.Single(json.GetProperty("policies").EnumerateArray());
        Assert.Equal(expected.Select(f => CacheSimulators.Fifo(Cli.Belady.Split(' '), f)), fifo.GetProperty("faults").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Theory]
    [InlineData("log")]
    [InlineData("2-8/2")]
    public void A_single_run_refuses_a_list_of_sizes_and_names_compare(string frames)
    {
        var result = Cli.Run("refs", Cli.Belady, "--frames", frames, "--policy", "fifo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"a range or list of frame counts needs refs --compare; give one number, such as --frames 3 (found '{frames}')", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_run_takes_a_binary_multiple_of_frames_and_refuses_bytes()
    {
        var json = Cli.Run("refs", Cli.Belady, "--frames", "2K", "--json").Json();
        var bytes = Cli.Run("refs", Cli.Belady, "--frames", "8KiB");

        Assert.Equal(2048, json.GetProperty("machine").GetProperty("frames").GetInt32());
        Assert.Equal(2, bytes.ExitCode);
        Assert.Contains("--frames: counts frames, not bytes: found '8KiB'", bytes.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Swappiness_changes_nothing_over_file_pages_and_a_note_says_so()
    {
        var json = Cli.Run("refs", Cli.Belady, "--compare", "linux:swappiness=0,linux:swappiness=200", "--frames", "1-5", "--json").Json();
        var single = Cli.Run("refs", Cli.Belady, "--policy", "linux", "--param", "swappiness=0");
        var plain = Cli.Run("refs", Cli.Belady, "--policy", "linux");

        var rows = json.GetProperty("policies").EnumerateArray().Select(p => string.Join(',', p.GetProperty("faults").EnumerateArray())).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(rows[0], rows[1]);
        var note = Assert.Single(json.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Equal("linux's swappiness weighs anonymous pages against file pages, and every page here is a file page (read from the process's backing file), so it changes no count.", note);
        Assert.Contains("Note: linux's swappiness weighs anonymous pages", single.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Note:", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_that_come_to_the_same_run_are_shown_once_and_a_note_says_so()
    {
        var json = Cli.Run("refs", Cli.Belady, "--compare", "clock,clock:clock-insert=cold,lru,lru", "--clock-insert", "cold", "--frames", "3", "--json").Json();

        Assert.Equal(["clock:clock-insert=cold", "lru"], json.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(
            ["clock:clock-insert=cold and clock are the same run here (clock:clock-insert=cold): it is shown once.", "lru is given twice in --compare: it is run once."],
            json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public void Compare_without_an_anomaly_says_there_is_none()
    {
        var result = Cli.Run("refs", Cli.Belady, "--compare", "lru,opt", "--frames", "1-5");

        Assert.Contains("No Belady's anomaly", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_table_shows_the_frames_after_each_reference_in_frame_order()
    {
        var result = Cli.Run("refs", "1 2 3 4 1 2", "--frames", "3", "--policy", "fifo", "--steps");

        var steps = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToArray();
        Assert.Equal(["[1 . .]", "[1 2 .]", "[1 2 3]", "[4 2 3]", "[4 1 3]", "[4 1 2]"], steps.Select(r => r[4]));
        Assert.Equal(["1", "2", "3", "4", "1", "2"], steps.Select(r => r[1]));
        Assert.Equal(["", "", "", "1", "2", "3"], steps.Select(r => r[3]));
        Assert.All(steps, r => Assert.Equal("fault", r[2]));
    }

    [Fact]
    public void Steps_table_shows_hits_and_a_dirty_eviction_written_back()
    {
        var result = Cli.Run("refs", "1w 2 1 3", "--frames", "2", "--policy", "fifo", "--steps");

        var steps = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToArray();
        Assert.Equal("1w", steps[0][1]);
        Assert.Equal("hit", steps[2][2]);
        Assert.Equal("1 (dirty, written back)", steps[3][3]);
        Assert.Equal("[3 2]", steps[3][4]);
    }

    [Fact]
    public void The_working_set_window_changes_the_fault_counts_of_ws()
    {
        // Belady's string: with a window of 1 every reference faults whatever the frames; with a
        // window longer than the string no page leaves the working set and ws faults as LRU.
        static long[][] Rows(string window) => [.. Cli.Run("refs", Cli.Belady, "--compare", "ws,lru", "--frames", "1-6", "--window", window, "--json").Json()
            .GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("faults").EnumerateArray().Select(e => e.GetInt64()).ToArray())];

        var narrow = Rows("1");
        var wide = Rows("1000");
        Assert.Equal([12L, 12, 12, 12, 12, 12], narrow[0]);
        Assert.Equal([12L, 12, 10, 8, 5, 5], narrow[1]);
        Assert.Equal(wide[1], wide[0]);
    }

    [Fact]
    public void A_window_that_spans_the_string_changes_no_fault_as_its_note_says()
    {
        // 20 accesses and a window of 19: the note says no page leaves the working set in time
        // to change a fault, and ws faults exactly as LRU at every size.
        var json = Cli.Run("refs", Cli.Silberschatz, "--compare", "ws,lru", "--frames", "1-6", "--window", "19", "--json").Json();

        var note = Assert.Single(json.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Contains("so no page leaves the working set in time to change a fault", note, StringComparison.Ordinal);
        var rows = json.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("faults").EnumerateArray().Select(e => e.GetInt64()).ToArray()).ToArray();
        Assert.Equal(rows[1], rows[0]);
    }

    [Fact]
    public void Steps_table_marks_a_page_that_left_the_working_set()
    {
        // ws, window 2, 3 frames: 1 is written, then 2 and 3 are read; 1 leaves the working set
        // after 3, with a frame to spare, and is written back.
        var result = Cli.Run("refs", "1w 2 3 2", "--frames", "3", "--policy", "ws", "--window", "2", "--steps");
        var json = Cli.Run("refs", "1w 2 3 2", "--frames", "3", "--policy", "ws", "--window", "2", "--steps", "--json").Json();

        var steps = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToArray();
        Assert.Equal([false, false, true, false], steps.Select(r => r[3].Length > 0));
        Assert.StartsWith("1 (left the working set; dirty,", steps[2][3], StringComparison.Ordinal);
        Assert.Equal("[. 2 3]", steps[2][4]);
        var step = json.GetProperty("steps")[2];
        var evicted = Assert.Single(step.GetProperty("evicted").EnumerateArray());
        Assert.True(evicted.GetProperty("leftWorkingSet").GetBoolean());
        Assert.True(evicted.GetProperty("writtenBack").GetBoolean());
        Assert.Equal("Read of page 3: not in memory, a page fault (file read); frame 2 was free, and page 3 was loaded into frame 2. Then the ws policy evicted page 1 (dirty, so written back first), which had left the working set.",
            step.GetProperty("explanation").GetString());
    }

    [Fact]
    public void Steps_pad_page_numbers_so_the_frames_line_up()
    {
        var result = Cli.Run("refs", "10 2", "--frames", "3", "--steps");

        var steps = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToArray();
        Assert.Equal(["[10  .  .]", "[10  2  .]"], steps.Select(r => r[4]));
    }

    [Fact]
    public void Steps_with_json_list_each_reference_with_its_frames_and_explanation()
    {
        var json = Cli.Run("refs", "1w 2 1 3", "--frames", "2", "--steps", "--json").Json();

        var steps = json.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(4, steps.Length);
        Assert.Equal("hit", steps[2].GetProperty("result").GetString());
        Assert.Equal("fault", steps[3].GetProperty("result").GetString());
        Assert.Equal("file-read", steps[3].GetProperty("fault").GetString());
        var evicted = Assert.Single(steps[3].GetProperty("evicted").EnumerateArray());
        Assert.Equal(1, evicted.GetProperty("page").GetInt32());
        Assert.True(evicted.GetProperty("dirty").GetBoolean());
        Assert.Equal([3, 2], steps[3].GetProperty("framesAfter").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, steps[0].GetProperty("framesAfter")[1].ValueKind);
        Assert.Contains("written back", steps[3].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("writebacks").GetInt32());
    }

    [Theory]
    [InlineData("lru")]
    [InlineData("clock")]
    [InlineData("random")]
    [InlineData("opt")]
    public void Step_log_frames_agree_with_the_machine_frame_table_at_the_end(string policy)
    {
        var references = ReferenceString.Parse("1 2 3 4 1 2 5 1 2 3 4 5 6 7w 3 2 1 2 3 6 0 7 2w 5");
        var config = new MachineConfig { Frames = 4, Policy = policy };
        var log = new ReferenceStepLog(references, config.Frames);

        var machine = ReferenceStringRun.Run(references, config, log);

        var actual = Enumerable.Range(0, config.Frames).Select(f =>
        {
            ref var frame = ref machine.Kernel.Frames[new FrameNumber(f)];
            return frame.Use == FrameUse.Free ? (ulong?)null : frame.OwnerPage.Value;
        });
        Assert.Equal(actual, log.Steps[^1].FramesAfter);
        Assert.Equal(references.Count, log.Steps.Count);
    }
    [Fact]
    public void A_string_shorter_than_a_tick_or_a_window_says_so_for_aging_and_the_working_set_policies()
    {
        var text = Cli.Run("refs", Cli.Silberschatz, "--compare", "fifo,aging,ws,wsclock", "--frames", "3");
        var json = Cli.Run("refs", Cli.Silberschatz, "--compare", "aging,ws", "--frames", "3", "--json").Json();
        var single = Cli.Run("refs", Cli.Silberschatz, "--policy", "aging", "--frames", "3", "--json").Json();

        var words = text.Words();
        Assert.Contains("Note: aging shifts its counters once a tick, every 100 accesses (--tick); these 20 accesses end before a tick can tell the pages apart", words, StringComparison.Ordinal);
        Assert.Contains("Note: ws's window of 1,000 accesses (--window) spans the 20 accesses", words, StringComparison.Ordinal);
        Assert.Contains("Note: wsclock's window of 1,000 accesses", words, StringComparison.Ordinal);
        Assert.DoesNotContain("fifo", string.Concat(json.GetProperty("notes").EnumerateArray().Select(n => n.GetString())), StringComparison.Ordinal);
        Assert.Equal(2, json.GetProperty("notes").GetArrayLength());
        Assert.Equal(1, single.GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public void A_note_names_the_policy_not_its_label_and_tells_two_variants_of_one_policy_once()
    {
        // --window 19 and --aging-bits 4 are in the labels (ws:window=19, aging:aging-bits=...).
        var window = Cli.Run("refs", Cli.Silberschatz, "--compare", "ws,lru", "--window", "19", "--frames", "3").Words();
        var aging = Cli.Run("refs", Cli.Silberschatz, "--compare", "aging:aging-bits=4,aging:aging-bits=8", "--frames", "3", "--json").Json();

        Assert.Contains("Note: ws's window of 19 accesses (--window) spans the 20 accesses", window, StringComparison.Ordinal);
        Assert.Equal("aging shifts its counters once a tick, every 100 accesses (--tick); these 20 accesses end before a tick can tell the pages apart: give a shorter tick, such as --tick 1.",
            Assert.Single(aging.GetProperty("notes").EnumerateArray()).GetString());
    }

    [Fact]
    public void A_tick_and_a_window_within_the_string_leave_no_note()
    {
        var json = Cli.Run("refs", Cli.Silberschatz, "--compare", "aging,ws,wsclock", "--frames", "3", "--tick", "1", "--window", "4", "--json").Json();
        var text = Cli.Run("refs", Cli.Silberschatz, "--policy", "aging", "--tick", "19", "--frames", "3");
        var atTheEnd = Cli.Run("refs", Cli.Silberschatz, "--compare", "aging,ws", "--tick", "20", "--window", "19", "--frames", "3", "--json").Json();

        Assert.Equal(0, json.GetProperty("notes").GetArrayLength());
        Assert.DoesNotContain("Note:", text.Stdout, StringComparison.Ordinal);

        // A tick after the last access, or a window of 19 over 20 accesses, still changes nothing.
        Assert.Equal(2, atTheEnd.GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public void A_policy_setting_in_a_comparison_must_be_read_by_one_of_its_policies()
    {
        var refused = Cli.AssertBadInput(Cli.Run("refs", Cli.Belady, "--compare", "fifo,lru", "--tick", "5"));
        var taken = Cli.Run("refs", Cli.Belady, "--compare", "fifo,aging", "--tick", "5", "--json");

        Assert.Contains("--tick: none of the policies of this run (fifo, lru) reads it; it applies to aging", refused, StringComparison.Ordinal);
        Assert.Equal(0, taken.ExitCode);
        Assert.Equal(5, taken.Json().GetProperty("machine").GetProperty("tick").GetInt32());
    }

    [Fact]
    public void A_comparison_in_json_names_its_policies_and_not_a_machine_policy()
    {
        var json = Cli.Run("refs", "1 2 3 1 2 4", "--compare", "ws:window=10,lru", "--frames", "2-3", "--json").Json();

        Assert.False(json.GetProperty("machine").TryGetProperty("policy", out _));
        Assert.Equal(["ws:window=10", "lru"], json.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_window_a_variant_sets_itself_is_to_be_shortened_in_the_variant()
    {
        var own = Cli.Run("refs", "1 2 3 1 2 4", "--compare", "ws:window=10,lru", "--frames", "2-3", "--json").Json().GetProperty("notes")[0].GetString();
        var run = Cli.Run("refs", "1 2 3 1 2 4", "--compare", "ws,lru", "--frames", "2-3", "--json").Json().GetProperty("notes")[0].GetString();

        Assert.EndsWith("give a shorter window, such as ws:window=3.", own, StringComparison.Ordinal);
        Assert.EndsWith("give a shorter window, such as --window 3.", run, StringComparison.Ordinal);
    }
}
