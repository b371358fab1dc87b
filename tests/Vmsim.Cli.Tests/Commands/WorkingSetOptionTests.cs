namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// <c>--working-set TAU</c> (and a scenario's <c>working-set</c> field) measure each
/// process's working set: a column of the reference-string steps, a table and a demand
/// line in the summary, fields in JSON, a sentence in the narration.
/// </summary>
public sealed class WorkingSetOptionTests
{
    // Silberschatz's figure of the working-set model, with a window of 10.
    private const string Figure = "2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2 3 4 4 4 3 4 3 4 4 4 1 3 2 3 4 4 4 3 4 4 4";

    [Fact]
    public void Refs_steps_show_the_working_set_after_each_reference_as_the_textbook_writes_it()
    {
        var result = Cli.Run("refs", Figure, "--working-set", "10", "--steps", "--frames", "5");

        Assert.Equal(0, result.ExitCode);
        var steps = result.Rows().Where(r => r.Length == 7 && int.TryParse(r[0], out _) && r[2] is "hit" or "fault").ToList();
        Assert.Equal(37, steps.Count);
        Assert.Equal("{1, 2, 5, 6, 7} (5)", steps[9][6]);
        Assert.Equal("{3, 4} (2)", steps[25][6]);
    }

    [Fact]
    public void Refs_json_gives_each_steps_working_set_and_each_processes_sizes()
    {
        var json = Cli.Run("refs", Figure, "--working-set", "10", "--steps", "--frames", "5", "--json").Json();

        var t2 = json.GetProperty("steps")[25].GetProperty("workingSet").EnumerateArray().Select(p => p.GetInt32());
        Assert.Equal([3, 4], t2);
        var process = json.GetProperty("processes")[0].GetProperty("workingSet");
        Assert.Equal(7, process.GetProperty("peak").GetInt32());
        Assert.Equal(3, process.GetProperty("size").GetInt32());
        var totals = json.GetProperty("workingSets");
        Assert.Equal(10, totals.GetProperty("window").GetInt32());
        Assert.Equal(5, totals.GetProperty("frames").GetInt32());
        Assert.Equal(7, totals.GetProperty("peakDemand").GetInt32());
        Assert.Equal(37, totals.GetProperty("references").GetInt32());
        Assert.Equal(6, totals.GetProperty("referencesOverMemory").GetInt32());
    }

    [Fact]
    public void Without_the_option_nothing_of_it_is_shown()
    {
        var text = Cli.Run("refs", Figure, "--steps", "--frames", "5");
        var json = Cli.Run("refs", Figure, "--steps", "--frames", "5", "--json").Json();

        Assert.DoesNotContain("Working set", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Demand:", text.Stdout, StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("workingSets", out _));
        Assert.False(json.GetProperty("steps")[0].TryGetProperty("workingSet", out _));
        Assert.False(json.GetProperty("processes")[0].TryGetProperty("workingSet", out _));
    }

    [Fact]
    public void The_thrashing_example_measures_working_sets_that_together_exceed_memory()
    {
        var result = Cli.Run("run", Cli.Example("thrashing"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Working sets (τ = 12)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(result.Rows(), r => r is ["1", "a", "12", "12", _]);
        Assert.Contains("peaked at 24 pages, more than the 16 frames of memory in 80 of the 96 references (83.3%), first at reference 17", result.Words(), StringComparison.Ordinal);

        var roomy = Cli.Run("run", Cli.Example("thrashing"), "--frames", "24");
        Assert.Contains("peaked at 24 pages, never more than the 24 frames of memory: they fit together. At the end D is 24 pages.", roomy.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_narration_marks_where_the_working_sets_stop_fitting_in_memory()
    {
        var json = Cli.Run("run", Cli.Example("thrashing"), "--steps", "--json").Json();

        var explanations = json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("explanation").GetString()!).ToList();
        var crossing = explanations.FindIndex(e => e.Contains("from here the processes need more frames than memory has, and thrash", StringComparison.Ordinal));
        Assert.True(crossing > 0, "no step marks the crossing");
        Assert.Contains("Working set of P2 (b): 5 pages; demand D, all the working sets together: 17 pages, more than the 16 frames", explanations[crossing], StringComparison.Ordinal);
        Assert.Contains("all the working sets together: 16 pages, within the 16 frames.", explanations[crossing - 1], StringComparison.Ordinal);
        Assert.Single(explanations, e => e.Contains("from here", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_access_step_of_a_scenario_carries_the_working_set_and_the_demand_in_json()
    {
        var steps = Cli.Run("run", Cli.Example("thrashing"), "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToList();

        var accesses = steps.Where(s => s.GetProperty("type").GetString() == "access").ToList();
        Assert.Equal(96, accesses.Count);
        Assert.Equal((1, 1), (accesses[0].GetProperty("workingSetSize").GetInt32(), accesses[0].GetProperty("demand").GetInt32()));
        Assert.Equal((5, 17), (accesses[16].GetProperty("workingSetSize").GetInt32(), accesses[16].GetProperty("demand").GetInt32()));
        Assert.All(steps.Where(s => s.GetProperty("type").GetString() == "operation"), s => Assert.False(s.TryGetProperty("demand", out _)));
    }

    [Fact]
    public void Under_local_replacement_the_summary_compares_each_working_set_with_its_quota()
    {
        var result = Cli.Run("run", Cli.Example("thrashing"), "--scope", "local");
        var json = Cli.Run("run", Cli.Example("thrashing"), "--scope", "local", "--json").Json();

        Assert.Contains(result.Rows(), r => r is ["1", "a", "12", "12", "10.6", "8", "40"]);
        Assert.Contains("Quotas: under local replacement each process has its own quota of frames; the working set was larger than the quota in 40 of the 48 references of P1 (a), in 40 of the 48 references of P2 (b)",
            result.Words(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("workingSets").GetProperty("byQuota").GetBoolean());
        Assert.Equal(8, json.GetProperty("processes")[0].GetProperty("workingSet").GetProperty("quota").GetInt32());
        Assert.Equal(40, json.GetProperty("processes")[0].GetProperty("workingSet").GetProperty("referencesOverQuota").GetInt32());
    }

    [Fact]
    public void A_mean_half_way_between_two_tenths_is_rounded_up_as_by_hand()
    {
        // Sizes 1, 2, 3, 3 after each reference: a mean of 2.25.
        var result = Cli.Run("refs", "1 2 3 4", "--working-set", "3", "--frames", "3");

        Assert.Contains(result.Rows(), r => r is ["1", "refs", "3", "3", "2.3"]);
    }

    [Fact]
    public void A_window_as_long_as_the_string_is_noted()
    {
        var spans = Cli.Run("refs", "1 2 3 1", "--working-set", "4", "--json").Json().GetProperty("notes");
        var shorter = Cli.Run("refs", "1 2 3 1", "--working-set", "3", "--json").Json().GetProperty("notes");

        Assert.Equal("the working-set window of 4 references (--working-set) spans the 4 references, so each working set is every page referenced so far: give a shorter window, such as --working-set 2.", spans[0].GetString());
        Assert.Equal(0, shorter.GetArrayLength());
    }

    [Fact]
    public void A_window_past_the_largest_is_told_the_largest()
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--working-set", "2147483648"));

        Assert.Contains("--working-set: expected a number of references (0: not measured) from 0 to 2,147,483,647, found '2147483648'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("many")]
    public void A_window_that_is_not_a_count_is_refused(string window)
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--working-set", window));

        Assert.Contains($"--working-set: expected a number of references (0: not measured), found '{window}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_of_0_turns_off_the_scenarios_own_measure()
    {
        var measured = Cli.Run("run", Cli.Example("thrashing"), "--json").Json();
        var off = Cli.Run("run", Cli.Example("thrashing"), "--working-set", "0", "--json").Json();

        Assert.True(measured.TryGetProperty("workingSets", out _));
        Assert.False(off.TryGetProperty("workingSets", out _));
    }

    [Fact]
    public void Working_sets_cannot_be_asked_of_a_comparison()
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--compare", "fifo,lru", "--working-set", "3"));

        Assert.Contains("--working-set: cannot be combined with --compare", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenarios_working_set_field_must_be_a_count()
    {
        using var files = new TraceFiles();
        var path = files.Write("ws.yaml", """
            machine: { frames: 4, working-set: -1 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]
            script:
              - { touch: a, region: data }
            """);

        var message = Cli.AssertBadInput(Cli.Run("run", path));

        Assert.Contains("working-set", message, StringComparison.Ordinal);
        Assert.Contains(":1:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_narration_keeps_a_hit_that_brings_the_demand_back_within_memory()
    {
        using var files = new TraceFiles();
        var path = files.Write("back.yaml", """
            machine: { frames: 4, swap: 16, policy: lru, working-set: 4 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
              - name: b
                regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]
            script:
              - { touch: a, region: data }
              - { touch: b, region: data }
              - { touch: a, region: data, pages: 3, times: 4 }
            """);

        var narration = Cli.Run("demo", path).Words();
        var steps = Cli.Run("run", path, "--steps", "--json").Json().GetProperty("steps").EnumerateArray()
            .Select(s => s.GetProperty("explanation").GetString()!).ToList();

        var back = steps.FindIndex(e => e.Contains("within the 4 frames again", StringComparison.Ordinal));
        Assert.True(back > 0, "no step brings the demand back within memory");
        Assert.StartsWith("P1 (a) read page 0x13", steps[back], StringComparison.Ordinal);
        Assert.Contains("within the 4 frames again", narration, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exit_says_what_it_did_to_the_demand_and_the_next_access_does_not_repeat_it()
    {
        using var files = new TraceFiles();
        var path = files.Write("exit.yaml", """
            machine: { frames: 6, swap: 32, policy: lru, working-set: 4 }
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
              - name: b
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: data }
              - { touch: b, region: data }
              - exit: a
              - { touch: b, region: data, pages: 0 }
            """);

        var steps = Cli.Run("run", path, "--steps", "--json").Json().GetProperty("steps").EnumerateArray()
            .Select(s => s.GetProperty("explanation").GetString()!).ToList();

        var exit = steps.FindIndex(e => e.Contains("exited", StringComparison.Ordinal));
        Assert.EndsWith("Its working set has left the demand: D is now 4 pages, within the 6 frames again.", steps[exit], StringComparison.Ordinal);
        Assert.EndsWith("demand D, all the working sets together: 4 pages, within the 6 frames.", steps[exit + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_replayed_trace_measures_each_processes_working_set()
    {
        using var files = new TraceFiles();
        var path = files.Write("t.csv", "pid,page\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{1 + (i / 20)},{i % 5}")) + "\n");

        var json = Cli.Run("replay", path, "--frames", "8", "--working-set", "10", "--json").Json();

        var sets = json.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("workingSet")).ToList();
        Assert.Equal([(5, 5), (5, 5)], sets.Select(w => (w.GetProperty("size").GetInt32(), w.GetProperty("peak").GetInt32())));
        Assert.Equal(10, json.GetProperty("workingSets").GetProperty("peakDemand").GetInt32());
        Assert.Equal(40, json.GetProperty("workingSets").GetProperty("references").GetInt32());
    }

    [Fact]
    public void One_processes_working_set_larger_than_memory_is_told_in_the_singular()
    {
        var text = Cli.Run("refs", "2 6 1 5 7 7 7 7 5 1 6 2", "--working-set", "10", "--frames", "4").Words();

        Assert.Contains("Working set: peaked at 5 pages (the distinct pages of the last 10 references), more than the 4 frames of memory in 7 of the 12 references (58.3%), first at reference 5: then the working set did not fit in memory", text, StringComparison.Ordinal);
    }
}
