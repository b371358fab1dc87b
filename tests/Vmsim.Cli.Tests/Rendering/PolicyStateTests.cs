using System.Text.Json;

namespace Vmsim.Cli.Tests.Rendering;

/// <summary>
/// The Policy column of <c>refs --steps</c> and <c>steps[].policy</c> in its JSON: the policy's
/// state after each reference, which must explain the next eviction as the textbook does.
/// </summary>
public sealed class PolicyStateTests
{
    // Silberschatz's string with some writes, for the policies that weigh the dirty bit.
    private const string Written = "7 0w 1 2 0 3w 0 4 2 3 0w 3 2 1 2 0 1 7w 0 1";

    private sealed record Shown(ulong Page, bool Referenced, bool Dirty, string? List);

    private sealed record Step(ulong Page, bool Hit, ulong[] Evicted, Shown[] State, string Text);

    private static Step[] Steps(string references, string policy, int frames)
    {
        var json = Cli.Run("refs", references, "--policy", policy, "--frames", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "--steps", "--json").Json();
        return [.. json.GetProperty("steps").EnumerateArray().Select(s => new Step(
            s.GetProperty("page").GetUInt64(),
            s.GetProperty("result").GetString() == "hit",
            [.. s.GetProperty("evicted").EnumerateArray().Select(e => e.GetProperty("page").GetUInt64())],
            [.. s.GetProperty("policy").GetProperty("order").EnumerateArray().Select(o => new Shown(
                o.GetProperty("page").GetUInt64(),
                o.TryGetProperty("referenced", out var r) && r.GetBoolean(),
                o.TryGetProperty("dirty", out var d) && d.GetBoolean(),
                o.TryGetProperty("list", out var l) ? l.GetString() : null))],
            s.GetProperty("policy").GetProperty("state").GetString()!))];
    }

    // Each eviction, with the state shown the step before it.
    private static IEnumerable<(Shown[] Before, ulong Victim)> Evictions(Step[] steps) =>
        steps.Skip(1).Select((step, i) => (steps[i].State, step.Evicted)).Where(p => p.Evicted.Length > 0).Select(p => (p.State, Assert.Single(p.Evicted)));

    [Theory]
    [InlineData("fifo", 15)]
    [InlineData("lru", 12)]
    [InlineData("opt", 9)]
    [InlineData("mru", 16)]
    [InlineData("lfu", 11)]
    public void The_victim_is_the_first_page_shown_the_step_before(string policy, int faults)
    {
        var steps = Steps(Cli.Silberschatz, policy, 3);

        Assert.Equal(faults, steps.Count(s => !s.Hit));
        Assert.NotEmpty(Evictions(steps));
        Assert.All(Evictions(steps), e => Assert.Equal(e.Before[0].Page, e.Victim));
    }

    [Theory]
    [InlineData("clock", 3, 14)]
    [InlineData("clock", 4, 9)]
    [InlineData("sieve", 3, 11)]
    public void Clock_evicts_the_first_page_from_the_hand_whose_reference_bit_is_clear_or_the_hand_page_when_every_bit_is_set(string policy, int frames, int faults)
    {
        var steps = Steps(Cli.Silberschatz, policy, frames);

        Assert.Equal(faults, steps.Count(s => !s.Hit));
        Assert.All(Evictions(steps), e => Assert.Equal((e.Before.FirstOrDefault(p => !p.Referenced) ?? e.Before[0]).Page, e.Victim));
        Assert.Contains(Evictions(steps), e => e.Before[0].Referenced && !e.Before.All(p => p.Referenced));
    }

    [Fact]
    public void Nru_evicts_the_first_page_from_the_hand_of_the_lowest_class()
    {
        var steps = Steps(Written, "nru", 3);

        static int Class(Shown p) => (p.Referenced ? 2 : 0) + (p.Dirty ? 1 : 0);
        Assert.All(Evictions(steps), e => Assert.Equal(e.Before.OrderBy(Class).First().Page, e.Victim));
        Assert.Contains(Evictions(steps), e => Class(e.Before[0]) > Class(e.Before.OrderBy(Class).First()));
        Assert.Contains(steps, s => s.State.Any(p => p.Dirty));
    }

    [Fact]
    public void Clock_on_the_silberschatz_string_shows_the_hand_and_the_reference_bits()
    {
        var steps = Steps(Cli.Silberschatz, "clock", 3);

        // Every page loaded with its bit set, so the first eviction clears them all and takes 7;
        // then 0 (its bit set again by the hit at 5) is passed over and 1 goes.
        Assert.Equal([">7* 0* 1*", ">0 1 2*", ">0* 1 2*", ">2* 0 3*"], steps[2..6].Select(s => s.Text));
        Assert.Equal([1UL], steps[5].Evicted);
    }

    [Fact]
    public void Opt_shows_each_pages_next_use_as_a_step_of_the_table_and_never_as_infinity()
    {
        var steps = Steps(Cli.Silberschatz, "opt", 3);

        // After step 3 (7 0 1): 7 is next used at step 18, 1 at 14, 0 at 5; 7 goes first.
        Assert.Equal("7@18 1@14 0@5", steps[2].Text);
        Assert.Equal("7@∞ 1@20 0@19", steps[17].Text);
    }

    [Fact]
    public void The_table_has_a_policy_column_and_says_what_its_marks_mean()
    {
        var result = Cli.Run("refs", Cli.Silberschatz, "--policy", "clock", "--steps");

        var rows = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _) && r[2] is "hit" or "fault").ToArray();
        Assert.Equal(">7* 0* 1*", rows[2][5]);
        Assert.Contains("Policy: the pages in the order clock would consider them for eviction, the next candidate first; > where the hand points, * reference bit set.", result.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void W_tinylfu_is_said_to_weigh_the_first_pages_of_the_window_and_probation_and_evicts_one_of_them()
    {
        // The string of WTinyLfuTests with 4 frames: 4 refused against 1, 5 admitted against 2
        // (so the first page shown, the window's, is not the victim), 6 and 7 refused.
        const string references = "1 1 2 2 3 3 4 5 1 5 5 6 7 7 8";
        var evictions = Evictions(Steps(references, "w-tinylfu", 4)).ToList();

        Assert.Equal([4UL, 2UL, 6UL, 7UL], evictions.Select(e => e.Victim));
        Assert.All(evictions, e => Assert.Equal("window", e.Before[0].List));
        Assert.All(evictions, e => Assert.Contains(e.Victim, new[] { e.Before[0].Page, e.Before.First(p => p.List != "window").Page }));
        Assert.Contains(evictions, e => e.Victim != e.Before[0].Page);
        Assert.Contains(
            "Policy: the pages in the order w-tinylfu would consider them for eviction, the next candidate first, except where w-tinylfu weighs the first page of window against the first of probation: the next victim is then the one of the two that loses; each list's name before its pages, (n) frequency.",
            Cli.Run("refs", references, "--policy", "w-tinylfu", "--frames", "4", "--steps").Words(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Random_is_not_said_to_rank_its_pages()
    {
        var words = Cli.Run("refs", Cli.Silberschatz, "--policy", "random", "--steps").Words();

        Assert.Contains("Policy: the pages random holds, in frame order: it ranks none above another.", words, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Cli.Silberschatz, "fifo", "3")]
    [InlineData(Cli.Silberschatz, "lru", "4")]
    [InlineData(Cli.Silberschatz, "opt", "4")]
    [InlineData(Cli.Silberschatz, "clock", "4")]
    [InlineData(Written, "lru", "4")]
    [InlineData(Written, "nru", "4")]
    public void The_classic_string_with_3_or_4_frames_fits_80_columns_one_line_a_step(string references, string policy, string frames)
    {
        var result = Cli.Run("refs", references, "--policy", policy, "--frames", frames, "--steps");

        var table = result.Stdout.Split('\n').SkipWhile(l => !l.StartsWith('╭')).TakeWhile(l => !l.StartsWith('╰')).Where(l => l.StartsWith('│')).ToArray();
        Assert.All(table, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.Equal(21, table.Length);
    }

    [Fact]
    public void A_state_too_wide_for_its_column_gives_each_list_a_line_of_its_own()
    {
        var result = Cli.Run("refs", "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1", "--policy", "linux", "--frames", "5", "--steps");

        // Step 18 leaves 7 inactive and 0 1 2 3 active: 38 characters on one line, more than
        // an 80-column table leaves the column, so the cell would wrap inside "active file".
        var cell = result.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("│ 18 ", StringComparison.Ordinal)).Take(2)
            .Select(l => l.Split('│')[6].Trim()).ToArray();
        Assert.Equal(["inactive file: 7*", "active file: 0 1 2 3"], cell);
    }

    [Theory]
    [InlineData(72)]
    [InlineData(76)]
    public void A_list_s_name_is_not_cut_beside_a_working_set_column_at_narrow_widths(int width)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(["refs", Cli.Silberschatz, "--policy", "linux", "--frames", "5", "--steps", "--working-set", "4"], stdout, stderr, colour: false, width: width);

        Assert.Equal(0, code);
        var table = stdout.ToString().Split('\n').SkipWhile(l => !l.StartsWith('╭')).TakeWhile(l => !l.StartsWith('╰')).Where(l => l.StartsWith('│')).ToArray();
        Assert.All(table, l => Assert.True(l.TrimEnd().Length <= width, l));
        var policy = table.Select(l => l.Split('│')[6].Trim()).ToArray();
        Assert.Contains(policy, c => c.StartsWith("inactive file:", StringComparison.Ordinal));
        Assert.DoesNotContain(policy, c => c is "inactive" or "active" || c.StartsWith("file:", StringComparison.Ordinal));
        Assert.Contains("Working", table[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_that_fits_keeps_its_lists_on_one_line()
    {
        var result = Cli.Run("refs", "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1", "--policy", "arc", "--frames", "5", "--steps");

        var rows = result.Rows().Where(r => r.Length == 6 && int.TryParse(r[0], out _)).ToArray();
        Assert.Equal(20, rows.Length);
        Assert.Equal("T2: 2 0 1 7 | T1: 4", rows[17][5]);
    }

    [Fact]
    public void The_json_state_lists_the_pages_with_their_frames_and_what_the_policy_keeps()
    {
        var json = Cli.Run("refs", "1 2w 3 1", "--policy", "nru", "--frames", "3", "--steps", "--json").Json();

        var policy = json.GetProperty("steps")[2].GetProperty("policy");
        Assert.Equal(">1* 2*D 3*", policy.GetProperty("state").GetString());
        Assert.True(policy.GetProperty("fromHand").GetBoolean());
        Assert.True(policy.GetProperty("ranked").GetBoolean());
        var second = policy.GetProperty("order")[1];
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(1, second.GetProperty("frame").GetInt32());
        Assert.True(second.GetProperty("dirty").GetBoolean());
        Assert.Equal("(R,D)", second.GetProperty("note").GetString());
        Assert.StartsWith("hand at frame 0", policy.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_gives_times_as_steps_with_null_for_never()
    {
        var steps = Cli.Run("refs", "1 2 1", "--policy", "opt", "--frames", "2", "--steps", "--json").Json().GetProperty("steps");

        var order = steps[1].GetProperty("policy").GetProperty("order");
        Assert.Equal("next use", steps[1].GetProperty("policy").GetProperty("timeIs").GetString());
        Assert.Equal(JsonValueKind.Null, order[0].GetProperty("timeStep").ValueKind);
        Assert.Equal(3, order[1].GetProperty("timeStep").GetInt32());
    }
}
