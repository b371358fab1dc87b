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
        var steps = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToList();
        Assert.Equal(37, steps.Count);
        Assert.Equal("{1,2,5,6,7} (5)", steps[9][5]);
        Assert.Equal("{3,4} (2)", steps[25][5]);
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
        Assert.Contains("totalled at most 24 pages, more than the 16 frames", System.Text.RegularExpressions.Regex.Replace(result.Stdout, @"\s+", " "), StringComparison.Ordinal);

        var roomy = Cli.Run("run", Cli.Example("thrashing"), "--frames", "24");
        Assert.Contains("never more than the 24 frames", System.Text.RegularExpressions.Regex.Replace(roomy.Stdout, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void The_narration_marks_where_the_working_sets_stop_fitting_in_memory()
    {
        var json = Cli.Run("run", Cli.Example("thrashing"), "--steps", "--json").Json();

        var explanations = json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("explanation").GetString()!).ToList();
        var crossing = explanations.FindIndex(e => e.Contains("from here the processes cannot all keep their working sets resident", StringComparison.Ordinal));
        Assert.True(crossing > 0, "no step marks the crossing");
        Assert.Contains("all together 17 pages, more than the 16 frames", explanations[crossing], StringComparison.Ordinal);
        Assert.Contains("all together 16 pages, within the 16 frames.", explanations[crossing - 1], StringComparison.Ordinal);
        Assert.Single(explanations, e => e.Contains("from here", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void A_window_that_is_not_a_positive_count_is_refused(string window)
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--working-set", window));

        Assert.Contains("--working-set: expected a number of references of at least 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Working_sets_cannot_be_asked_of_a_comparison()
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--compare", "fifo,lru", "--working-set", "3"));

        Assert.Contains("--working-set: cannot be combined with --compare", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenarios_working_set_field_must_be_a_positive_count()
    {
        using var files = new TraceFiles();
        var path = files.Write("ws.yaml", """
            machine: { frames: 4, working-set: 0 }
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
}
