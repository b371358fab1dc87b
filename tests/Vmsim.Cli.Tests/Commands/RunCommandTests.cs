using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Cli.ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_file_runs_with_exit_code_0(string name)
    {
        var result = Cli.Run("run", Cli.Example(name));

        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Page faults", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Processes", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_runs_with_steps_and_json_under_the_invariant_checker(string name)
    {
        var json = Cli.Run("run", Cli.Example(name), "--steps", "--json", "--check-invariants").Json();

        Assert.Equal("run", json.GetProperty("command").GetString());
        Assert.True(json.GetProperty("machine").GetProperty("checkInvariants").GetBoolean());
        var steps = json.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(json.GetProperty("accesses").GetInt64(), steps.Count(s => s.GetProperty("type").GetString() == "access"));
        Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("explanation").GetString())));

        // Every fault is of one kind, out of memory included; a COW break within a load is counted under two.
        var faults = json.GetProperty("faults");
        string[] kinds = ["zeroFill", "pageCache", "fileRead", "swapIn", "swapCache", "cowCopy", "cowReuse", "segvUnmapped", "segvProtection", "outOfMemory"];
        Assert.Equal(faults.GetProperty("total").GetInt64() + faults.GetProperty("cowWithinLoad").GetInt64(), kinds.Sum(k => faults.GetProperty(k).GetInt64()));
    }

    [Fact]
    public void Fork_cow_copies_4_pages_for_the_child_and_reuses_4_for_the_parent()
    {
        var json = Cli.Run("run", Cli.Example("fork-cow"), "--json").Json();

        Assert.Equal(4, json.GetProperty("faults").GetProperty("cowCopy").GetInt32());
        Assert.Equal(4, json.GetProperty("faults").GetProperty("cowReuse").GetInt32());
        var processes = json.GetProperty("processes").EnumerateArray().ToArray();
        Assert.Equal(["parent", "child"], processes.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["running", "exit"], processes.Select(p => p.GetProperty("state").GetString()));
        Assert.Equal(1, processes[1].GetProperty("parentPid").GetInt32());
        Assert.Equal(4, processes[1].GetProperty("faults").GetProperty("cowCopy").GetInt32());
    }

    [Fact]
    public void A_bundled_example_runs_by_its_name()
    {
        var byName = Cli.Run("run", "fork-cow", "--json").Json();
        var byFile = Cli.Run("run", Cli.Example("fork-cow"), "--json").Json();

        Assert.Equal("fork-cow.yaml", byName.GetProperty("scenario").GetProperty("source").GetString());
        Assert.Equal(byFile.GetProperty("faults").GetRawText(), byName.GetProperty("faults").GetRawText());
    }

    [Theory]
    [InlineData("examples/fork-cow.yaml")]
    [InlineData("fork-cow.yml")]
    public void A_path_to_a_bundled_example_that_is_not_here_runs_the_bundled_one_and_says_so(string given)
    {
        using var files = new TraceFiles();
        var path = given.Contains('/', StringComparison.Ordinal) ? files.Path(given) : given;

        var result = Cli.Run("run", path, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"vmsim: {path} is not here; running the bundled example fork-cow", result.Stderr.TrimEnd('\r', '\n'));
        Assert.Equal("fork-cow.yaml", result.Json().GetProperty("scenario").GetProperty("source").GetString());
    }

    [Fact]
    public void A_missing_path_in_a_folder_of_the_users_own_is_refused_not_stood_in_for_by_a_bundled_example()
    {
        using var files = new TraceFiles();
        var path = files.Path("homework/belady.yaml");

        var result = Cli.Run("run", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"vmsim: {path}: no such file; the bundled example of that name runs when given by its name alone: belady", result.Stderr.TrimEnd('\r', '\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public void A_file_that_exists_is_run_even_when_a_bundled_example_has_its_name()
    {
        using var files = new TraceFiles();
        var path = files.Write("fork-cow.yaml", "title: my own fork-cow\nprocesses:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000, pages: 1 }\nscript:\n  - touch: p\n    region: heap\n");

        var result = Cli.Run("run", path, "--json");

        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal("my own fork-cow", result.Json().GetProperty("scenario").GetProperty("title").GetString());
    }

    [Fact]
    public void A_bundled_example_named_as_it_is_runs_without_a_word()
    {
        var result = Cli.Run("run", "fork-cow");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void Segfaults_and_oom_examples_report_how_each_process_ended_and_why()
    {
        var segfaults = Cli.Run("run", "segfaults", "--json").Json().GetProperty("processes").EnumerateArray().ToArray();
        var oom = Cli.Run("run", "oom", "--json").Json().GetProperty("processes").EnumerateArray().ToArray();

        Assert.Contains(segfaults, p => p.GetProperty("state").GetString() == "segv" && p.GetProperty("reason").GetString()!.Contains("SIGSEGV", StringComparison.Ordinal));
        Assert.Contains(segfaults, p => p.GetProperty("state").GetString() == "running");
        var hog = Assert.Single(oom, p => p.GetProperty("name").GetString() == "hog");
        Assert.Equal("oom", hog.GetProperty("state").GetString());
        Assert.Contains("OOM killer", hog.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 9)]
    [InlineData("4", 10)]
    public void Frames_option_overrides_the_scenario_and_shows_beladys_anomaly(string frames, int faults)
    {
        var json = Cli.Run("run", "belady", "--frames", frames, "--json").Json();

        Assert.Equal(faults, json.GetProperty("faults").GetProperty("total").GetInt32());
        Assert.Equal(int.Parse(frames, System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("machine").GetProperty("frames").GetInt32());
    }

    [Fact]
    public void Machine_options_override_the_scenario_machine()
    {
        var machine = Cli.Run(
            "run", "demo", "--policy", "lru", "--swap", "8", "--scope", "local", "--geometry", "sv39",
            "--tlb-entries", "16", "--tlb-ways", "4", "--tlb-flush-on-switch", "--seed", "7", "--json").Json().GetProperty("machine");

        Assert.Equal(6, machine.GetProperty("frames").GetInt32());
        Assert.Equal("lru", machine.GetProperty("policy").GetString());
        Assert.Equal(8, machine.GetProperty("swap").GetInt32());
        Assert.Equal("local", machine.GetProperty("scope").GetString());
        Assert.Equal("sv39", machine.GetProperty("geometry").GetString());
        Assert.Equal(4096, machine.GetProperty("pageSize").GetInt32());
        Assert.Equal(16, machine.GetProperty("tlb").GetProperty("entries").GetInt32());
        Assert.Equal(4, machine.GetProperty("tlb").GetProperty("ways").GetInt32());
        Assert.True(machine.GetProperty("tlb").GetProperty("flushOnSwitch").GetBoolean());
        Assert.Equal(7, machine.GetProperty("seed").GetInt32());
    }

    [Theory]
    [InlineData("aging", "--tick", "50", "tick", 50)]
    [InlineData("aging", "--aging-bits", "4", "agingBits", 4)]
    [InlineData("clock", "--clock-insert", "cold", "clockInsert", "cold")]
    [InlineData("ws", "--window", "20", "window", 20)]
    [InlineData("wsclock", "--window", "30", "window", 30)]
    public void A_policy_setting_overrides_the_scenarios_for_a_policy_that_reads_it(string policy, string option, string value, string field, object expected)
    {
        var machine = Cli.Run("run", "demo", "--policy", policy, option, value, "--json").Json().GetProperty("machine");

        Assert.Equal(expected.ToString(), machine.GetProperty(field).ToString());
    }

    [Theory]
    [InlineData("lru", "--tick", "50", "--tick: the lru policy does not read it; it applies to aging")]
    [InlineData("fifo", "--aging-bits", "4", "--aging-bits: the fifo policy does not read it; it applies to aging")]
    [InlineData("aging", "--clock-insert", "cold", "--clock-insert: the aging policy does not read it; it applies to clock")]
    [InlineData("clock", "--window", "20", "--window: the clock policy does not read it; it applies to wsclock and ws")]
    public void A_policy_setting_that_the_runs_policy_does_not_read_is_refused(string policy, string option, string value, string expected)
    {
        var message = Cli.AssertBadInput(Cli.Run("run", "demo", "--policy", policy, option, value));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_table_has_a_row_per_step_with_its_explanation()
    {
        var result = Cli.Run("run", "fork-cow", "--steps");
        var steps = Cli.Run("run", "fork-cow", "--steps", "--json").Json().GetProperty("steps").GetArrayLength();

        Assert.Equal(0, result.ExitCode);
        var numbers = result.Rows().Where(r => r.Length == 3 && int.TryParse(r[0], out _)).Select(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(1, steps), numbers);
        Assert.Contains("copy-on-write", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_in_json_name_the_scenario_line_and_the_fault()
    {
        var steps = Cli.Run("run", "fork-cow", "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToArray();

        var copy = steps.First(s => s.GetProperty("type").GetString() == "access" && s.GetProperty("result").GetString() == "cow-copy");
        Assert.Equal("write", copy.GetProperty("access").GetString());
        Assert.Equal(JsonValueKind.Number, copy.GetProperty("line").ValueKind);
        Assert.Equal(JsonValueKind.Number, copy.GetProperty("sourceFrame").ValueKind);
        Assert.Equal(JsonValueKind.Null, steps[0].GetProperty("line").ValueKind);
        Assert.Equal("spawn", steps[0].GetProperty("operation").GetString());
    }

    [Fact]
    public void An_eviction_in_json_lists_every_entry_it_unmapped_and_the_file_page()
    {
        // In the demo, fifo first evicts text page 0 of /bin/sh, mapped by the shell and the editor.
        var steps = Cli.Run("run", "demo", "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToArray();

        var eviction = steps.SelectMany(s => s.GetProperty("evictions").EnumerateArray()).First();
        Assert.Equal("file", eviction.GetProperty("kind").GetString());
        Assert.Equal("/bin/sh", eviction.GetProperty("file").GetString());
        Assert.Equal(0, eviction.GetProperty("filePage").GetInt64());
        var unmapped = eviction.GetProperty("unmapped").EnumerateArray().Select(m => (m.GetProperty("pid").GetInt32(), m.GetProperty("page").GetInt64())).Order();
        Assert.Equal([(1, 0x400L), (2, 0x400L)], unmapped);
        var heap = steps.SelectMany(s => s.GetProperty("evictions").EnumerateArray()).First(e => e.GetProperty("kind").GetString() == "anonymous");
        Assert.Equal(JsonValueKind.Null, heap.GetProperty("file").ValueKind);
    }

    [Theory]
    [InlineData("global", "memory-full", null)]
    [InlineData("local", "at-quota", 8)]
    public void An_eviction_in_json_says_why_room_was_made_and_under_local_replacement_the_quota(string scope, string cause, int? quota)
    {
        // In the thrashing example each of the two processes cycles over more pages than its half of memory.
        var steps = Cli.Run("run", "thrashing", "--scope", scope, "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToArray();

        var evictions = steps.SelectMany(s => s.GetProperty("evictions").EnumerateArray()).ToArray();
        Assert.NotEmpty(evictions);
        Assert.All(evictions, e => Assert.Equal(cause, e.GetProperty("cause").GetString()));
        Assert.All(evictions, e => Assert.Equal(quota, e.GetProperty("quota").ValueKind == JsonValueKind.Null ? null : e.GetProperty("quota").GetInt32()));
    }

    [Fact]
    public void A_copy_made_within_a_file_read_is_explained_under_the_fault_table_and_counted_in_json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-private-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            machine: { frames: 8 }
            processes:
              - name: p
                regions:
                  - { name: data, start: 0x600000, pages: 2, prot: rw-, file: /usr/bin/app }
            script:
              - { touch: p, region: data, access: write }
            """);
        try
        {
            var text = Cli.Run("run", path);
            Assert.Equal(0, text.ExitCode);
            Assert.Contains("2 copy-on-write breaks came within a fault that also brought the page in", text.Stdout.ReplaceLineEndings(" "));
            Assert.Contains("the kinds add up to 2 more than the total", text.Stdout.ReplaceLineEndings(" "));

            var faults = Cli.Run("run", path, "--json").Json().GetProperty("faults");
            Assert.Equal(2, faults.GetProperty("total").GetInt32());
            Assert.Equal(2, faults.GetProperty("fileRead").GetInt32());
            Assert.Equal(2, faults.GetProperty("cowCopy").GetInt32());
            Assert.Equal(2, faults.GetProperty("cowWithinLoad").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }

        Assert.DoesNotContain("copy-on-write breaks came within", Cli.Run("run", "fork-cow").Stdout);
    }

    [Fact]
    public void Counts_of_one_are_said_in_the_singular()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-one-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            machine: { frames: 1, swap: 1, tlb: { entries: 1, ways: 1 } }
            processes:
              - name: p
                regions:
                  - { name: h, start: 0x10000, pages: 2 }
            script:
              - { touch: p, address: 0x90000 }
              - { touch: p, region: h, pages: 0 }
              - { exit: p }
            """);
        try
        {
            var text = Cli.Run("run", path).Stdout.ReplaceLineEndings(" ");
            Assert.Contains("Machine: 1 frame, 1 swap slot, clock policy", text, StringComparison.Ordinal);
            Assert.Contains("TLB: 1 entry, 1-way", text, StringComparison.Ordinal);
            Assert.Contains("Skipped because their process had ended: 1 access, 1 other step.", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_same_page_size_as_the_scenario_is_accepted()
    {
        Assert.Equal(0, Cli.Run("run", "demo", "--page-size", "4K").ExitCode);
    }
    [Fact]
    public void Accesses_not_made_by_a_killed_process_are_one_row_after_the_first_in_the_steps_and_the_narration()
    {
        var table = Cli.Run("run", "oom", "--steps");
        var narration = Cli.Run("demo", "oom");

        var words = System.Text.RegularExpressions.Regex.Replace(table.Stdout, @"[\s│]+", " ");
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(words, "has already ended"));
        Assert.Contains("20-71 skipped … 52 more accesses of P2 not made, likewise.", words, StringComparison.Ordinal);
        Assert.Contains("… 52 more accesses not made, likewise (steps 20-71)", narration.Stdout, StringComparison.Ordinal);
        Assert.Contains("Skipped because their process had ended: 53 accesses", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Accesses_not_made_are_one_line_after_the_first_in_the_narration_when_working_sets_are_measured_too()
    {
        // With a window of 10 the OOM kill brings the demand back within memory; the accesses
        // not made after it, which move nothing, are still one run.
        var narration = Cli.Run("demo", "oom", "--working-set", "10");

        // The narration wraps its lines where the words fall.
        Assert.Contains("within the 8 frames again", narration.Words(), StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(narration.Stdout, "has already ended"));
        Assert.Contains("… 52 more accesses not made, likewise (steps 20-71)", narration.Stdout, StringComparison.Ordinal);
    }
    [Fact]
    public void Each_process_reports_its_page_tables_in_the_table_and_the_json()
    {
        var json = Cli.Run("run", "fork-cow", "--json").Json();
        var text = Cli.Run("run", "fork-cow");

        foreach (var process in json.GetProperty("processes").EnumerateArray())
        {
            var tables = process.GetProperty("pageTables").GetProperty("tables").GetInt32();
            Assert.InRange(tables, 4, 64);
            Assert.Equal(tables * 4096L, process.GetProperty("pageTables").GetProperty("bytes").GetInt64());
        }

        Assert.Contains("tables", text.Stdout, StringComparison.Ordinal);
        var parent = json.GetProperty("processes")[0].GetProperty("pageTables").GetProperty("bytes").GetInt64();
        Assert.Contains($"│ {parent / 1024} KiB │", System.Text.RegularExpressions.Regex.Replace(text.Stdout, " +", " "), StringComparison.Ordinal);
    }
    [Fact]
    public void Accesses_not_made_of_two_processes_never_created_are_two_rows_named_by_the_scenario()
    {
        // a is killed before it forks, so c1 and c2 are never created and have no pid.
        using var files = new TraceFiles();
        var path = files.Write("never.yaml", "processes:\n  - name: a\n    regions:\n      - { name: data, start: 0x10000, pages: 4, prot: rw- }\nscript:\n"
            + "  - { touch: a, address: 0x70000000 }\n  - { fork: a, child: c1 }\n  - { fork: a, child: c2 }\n"
            + "  - { touch: c1, region: data, pages: 0-2 }\n  - { touch: c2, region: data, pages: 0-1 }\n");

        var words = System.Text.RegularExpressions.Regex.Replace(Cli.Run("run", path, "--steps").Stdout, @"[\s│]+", " ");
        var json = Cli.Run("run", path, "--steps", "--json").Json().GetProperty("steps").EnumerateArray()
            .Where(s => s.TryGetProperty("neverCreated", out _)).ToArray();

        Assert.Contains("7-8 skipped … 2 more accesses of c1 not made, likewise.", words, StringComparison.Ordinal);
        Assert.Contains("10 skipped … 1 more access of c2 not made, likewise.", words, StringComparison.Ordinal);
        Assert.Equal(["c1", "c1", "c1", "c2", "c2"], json.Select(s => s.GetProperty("neverCreated").GetString()));
        Assert.All(json, s => Assert.Equal(0, s.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public void Steps_of_an_ended_process_that_are_not_accesses_each_keep_their_row()
    {
        using var files = new TraceFiles();
        var path = files.Write("dead.yaml", "machine: { frames: 4 }\nprocesses:\n  - name: a\n    regions:\n      - { name: heap, start: 0x10000000, pages: 2, prot: rw- }\nscript:\n  - { touch: a, address: 0x90000000 }\n  - { switch: a }\n  - { exit: a }\n");

        var table = Cli.Run("run", path, "--steps");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Line 8: P1 (a) has already ended (segv), so this step", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Line 9: P1 (a) has already ended (segv), so this step", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not made, likewise", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_setting_its_policy_does_not_read_is_noted_in_the_text_and_the_json()
    {
        using var files = new TraceFiles();
        var path = files.Write("unread.yaml", """
            machine: { frames: 4, policy: ws, window: 3 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]
            script:
              - { touch: a, region: data }
            """);

        var asWritten = Cli.Run("run", path);
        var asLru = Cli.Run("run", path, "--policy", "lru");
        var json = Cli.Run("run", path, "--policy", "lru", "--json").Json();

        Assert.DoesNotContain("Note:", asWritten.Stdout, StringComparison.Ordinal);
        Assert.Contains("Note: line 1: the machine's window changes nothing here, as the lru policy does not read it", asLru.Words(), StringComparison.Ordinal);
        Assert.Equal("line 1: the machine's window changes nothing here, as the lru policy does not read it; it applies to wsclock and ws.", json.GetProperty("notes")[0].GetString());
    }
}
