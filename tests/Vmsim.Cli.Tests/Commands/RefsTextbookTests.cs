namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// What a textbook exercise on a reference string needs from refs: the textbook's summary by
/// default, the TLB's outcome of each reference when the TLB is asked about, and the
/// textbook's effective access time, each worked so that it can be checked by hand.
/// </summary>
public sealed class RefsTextbookTests
{
    // A two-entry, fully associative TLB (one set of two ways, LRU) over four frames: the
    // string never evicts a page, so only the TLB forgets.
    private static readonly string[] TlbExercise = ["refs", "1 2 1 3 1 2 4 1", "--frames", "4", "--tlb-entries", "2", "--tlb-ways", "2"];

    private static string[][] StepRows(CliResult result) =>
        [.. result.Rows().Where(r => r.Length > 2 && int.TryParse(r[0], out _))];

    [Fact]
    public void The_tlb_column_gives_each_references_lookup_as_an_lru_tlb_of_two_entries_keeps_the_last_two_pages()
    {
        var result = Cli.Run([.. TlbExercise, "--steps"]);

        // Step 3 finds 1 (TLB: 1 2) and step 5 finds 1 (TLB: 3 1); 2 at step 6 and 1 at step 8
        // were pushed out by the two pages referenced since, though their pages stayed resident.
        Assert.Equal(["#", "Ref", "Result", "TLB", "Evicted", "Frames after", "Policy"], result.Rows()[0]);
        Assert.Equal(["miss", "miss", "hit", "miss", "hit", "miss", "miss", "miss"], StepRows(result).Select(r => r[3]));
        Assert.Equal(["fault", "fault", "hit", "fault", "hit", "hit", "fault", "hit"], StepRows(result).Select(r => r[2]));
    }

    [Fact]
    public void The_json_steps_give_tlb_hit_and_the_totals_agree()
    {
        var json = Cli.Run([.. TlbExercise, "--steps", "--json"]).Json();

        Assert.Equal([false, false, true, false, true, false, false, false], json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("tlbHit").GetBoolean()));
        Assert.Equal(2, json.GetProperty("tlb").GetProperty("hits").GetInt32());
        Assert.Equal(10, json.GetProperty("tlb").GetProperty("misses").GetInt32());
    }

    [Fact]
    public void Without_a_tlb_option_the_step_table_has_no_tlb_column_and_without_a_tlb_the_json_says_null()
    {
        var plain = Cli.Run("refs", "1 2 1 3", "--steps");
        var none = Cli.Run("refs", "1 2 1 3", "--steps", "--tlb-entries", "0");
        var json = Cli.Run("refs", "1 2 1 3", "--steps", "--tlb-entries", "0", "--json").Json();

        Assert.DoesNotContain("TLB", plain.Rows()[0]);
        Assert.DoesNotContain("TLB", none.Rows()[0]);
        Assert.DoesNotContain("TLB", none.Stdout, StringComparison.Ordinal);
        Assert.All(json.GetProperty("steps").EnumerateArray(), s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("tlbHit").ValueKind));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("tlb").GetProperty("textbookEffectiveAccess").ValueKind);
    }

    [Theory]
    [InlineData("x86-64", 4, "0.25 × (1 + 100) + 0.75 × (1 + 5 × 100) ns = 401 ns", 401.0)]
    [InlineData("x86-32", 2, "0.25 × (1 + 100) + 0.75 × (1 + 3 × 100) ns = 251 ns", 251.0)]
    public void The_textbook_effective_access_time_takes_the_tlb_hits_per_reference_and_a_memory_access_per_level(string geometry, int levels, string worked, double nanoseconds)
    {
        // α = 2 TLB hits / 8 references (not / 12 lookups); ε = 1 ns, m = 100 ns.
        var text = Cli.Run([.. TlbExercise, "--geometry", geometry]).Words();
        var json = Cli.Run([.. TlbExercise, "--geometry", geometry, "--json"]).Json().GetProperty("tlb").GetProperty("textbookEffectiveAccess");

        Assert.Contains($"TLB-only effective access (textbook, all pages resident): α(ε+m) + (1−α)(ε+(L+1)m) = {worked} with α = 2/8 = 0.25", text, StringComparison.Ordinal);
        Assert.Contains($"L = {levels} levels.", text, StringComparison.Ordinal);
        Assert.Equal(0.25, json.GetProperty("hitRatio").GetDouble());
        Assert.Equal(levels, json.GetProperty("levels").GetInt32());
        Assert.Equal(nanoseconds, json.GetProperty("effectiveAccessNs").GetDouble());
    }

    [Fact]
    public void The_full_summary_of_a_scenario_gives_the_textbook_figure_under_the_tables_too()
    {
        // fork-cow: 8 TLB hits in 30 accesses, x86-64's four levels.
        var words = Cli.Run("run", "fork-cow").Words();
        var json = Cli.Run("run", "fork-cow", "--json").Json().GetProperty("tlb").GetProperty("textbookEffectiveAccess");

        Assert.Contains("TLB-only effective access (textbook, all pages resident): α(ε+m) + (1−α)(ε+(L+1)m) = 0.2667 × (1 + 100) + 0.7333 × (1 + 5 × 100) ns = 394 ns with α = 8/30 = 0.2667", words, StringComparison.Ordinal);
        Assert.Equal(8.0 / 30, json.GetProperty("hitRatio").GetDouble(), 12);
        Assert.Equal(Math.Round((8.0 / 30 * 101) + (22.0 / 30 * 501), 3), json.GetProperty("effectiveAccessNs").GetDouble());
    }

    [Fact]
    public void The_default_summary_is_the_textbooks_and_the_machines_is_behind_full()
    {
        var textbook = Cli.Run("refs", "1 2 3w 1 4 2", "--frames", "3", "--policy", "lru");
        var full = Cli.Run("refs", "1 2 3w 1 4 2", "--frames", "3", "--policy", "lru", "--full");

        Assert.Equal(
            "Reference string: 1 2 3w 1 4 2 (6 references)\n" +
            "Machine: 3 frames, lru policy\n" +
            "References: 6\n" +
            "Page faults: 5 (fault ratio 5 / 6 = 83.3%)\n" +
            "Hits: 1 (hit ratio 1 / 6 = 16.7%)\n" +
            "Evictions: 2\n" +
            "Write-backs: 1 (dirty pages written back when evicted)\n",
            textbook.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("Machine: 3 frames, 64 swap slots, lru policy (global replacement)", full.Stdout, StringComparison.Ordinal);
        Assert.Contains(full.Rows(), r => r[0] == "file read" && r[1] == "5" && r[2] == "major");
    }

    [Fact]
    public void The_textbook_tlb_line_says_why_tlb_hits_are_fewer_than_hits_when_a_policy_cleared_bits()
    {
        const string silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";

        var clock = Cli.Run("refs", silberschatz, "--policy", "clock", "--tlb-entries", "64").Words();
        var fifo = Cli.Run("refs", silberschatz, "--policy", "fifo", "--tlb-entries", "64").Words();

        Assert.Contains("TLB entries dropped: 16 when the clock policy cleared a page's reference bit", clock, StringComparison.Ordinal);
        Assert.Contains("one reason TLB hits (1) are fewer than hits (6).", clock, StringComparison.Ordinal);
        Assert.DoesNotContain("TLB entries dropped", fifo, StringComparison.Ordinal);

        // wsclock also cleans pages, clearing their dirty bits, and says so.
        var wsclock = Cli.Run("refs", "1w 2w 3w 1 2 3 4w 1 2 5w 3 1 6w 2 1", "--policy", "wsclock", "--tlb-entries", "8").Words();
        Assert.Contains("when the wsclock policy cleared a page's reference or dirty bit", wsclock, StringComparison.Ordinal);
    }

    [Fact]
    public void The_textbook_summary_names_the_policy_an_alias_stands_for()
    {
        var words = Cli.Run("refs", "7 0 1 2", "--policy", "secondchance").Words();

        Assert.Contains("Machine: 3 frames, clock policy References: 4", words, StringComparison.Ordinal);
    }

    [Fact]
    public void The_textbook_summary_gives_the_tlb_when_it_was_asked_about()
    {
        var words = Cli.Run(TlbExercise).Words();
        var plain = Cli.Run("refs", "1 2 1 3 1 2 4 1", "--frames", "4").Stdout;

        Assert.Contains("TLB: 2 hits and 6 misses in 8 references (hit ratio 2 / 8 = 25.0%); counted per lookup, as the full summary counts them, 10 misses in 12 lookups", words, StringComparison.Ordinal);
        Assert.DoesNotContain("TLB", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_is_refused_with_compare()
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--compare", "fifo,lru", "--full"));

        Assert.StartsWith("vmsim: --full: cannot be combined with --compare", message, StringComparison.Ordinal);
    }
}
