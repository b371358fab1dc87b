namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// <c>mrc</c> answers "how many frames for at most R misses?": <c>--target</c> from the whole
/// curve or the sizes simulated, the floor of compulsory misses, the knees the default sizes
/// would step over, memory that reads exactly, and no machine settings the curve does not read.
/// </summary>
public sealed class MrcSizingTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    // A loop over 200 pages five times, then 100 pages touched once: the curve falls off a cliff at
    // 200 frames (from 1,100 misses to 300), and its floor is 300 of 1,100 accesses.
    private string LoopThenNewPages() =>
        _files.WritePages("loop.txt", [.. Enumerable.Range(0, 1000).Select(i => (ulong)(i % 200)), .. Enumerable.Range(1000, 100).Select(p => (ulong)p)]);

    [Fact]
    public void A_target_is_answered_from_the_whole_curve_not_the_sizes_printed()
    {
        var trace = LoopThenNewPages();

        var result = Cli.Run("mrc", trace, "--sizes", "1,150,300", "--target", "0.5");
        var json = Cli.Run("mrc", trace, "--sizes", "1,150,300", "--target", "50%", "--json").Json();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Target 50%: 200 frames (800 KiB): the smallest memory with at most 50% misses (it has 27.3%)", result.Words(), StringComparison.Ordinal);
        var answer = json.GetProperty("targets")[0];
        Assert.Equal(0.5, answer.GetProperty("target").GetDouble());
        Assert.Equal(200, answer.GetProperty("frames").GetInt64());
        Assert.Equal(200 * 4096, answer.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(300.0 / 1100, answer.GetProperty("missRatio").GetDouble());
    }

    [Fact]
    public void A_target_below_the_compulsory_misses_is_never_reached_and_says_where_the_floor_is()
    {
        var trace = LoopThenNewPages();

        var result = Cli.Run("mrc", trace, "--sizes", "1,300", "--target", "0.1,0.5");
        var json = Cli.Run("mrc", trace, "--sizes", "1,300", "--target", "0.1", "--json").Json();

        var words = result.Words();
        Assert.Contains("Target 10%: never: compulsory misses alone are 27.3% (300 of 1,100 accesses), the floor, reached at 200 frames (800 KiB)", words, StringComparison.Ordinal);
        Assert.Contains("Target 50%: 200 frames", words, StringComparison.Ordinal);
        Assert.True(words.IndexOf("Target 10%", StringComparison.Ordinal) < words.IndexOf("Target 50%", StringComparison.Ordinal), "targets in the order given");
        var answer = json.GetProperty("targets")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("frames").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("missRatio").ValueKind);
    }

    [Fact]
    public void The_table_says_where_only_compulsory_misses_remain()
    {
        var trace = LoopThenNewPages();

        var words = Cli.Run("mrc", trace, "--sizes", "1,300").Words();
        var json = Cli.Run("mrc", trace, "--sizes", "1,300", "--json").Json();

        Assert.Contains("Floor: from 200 frames (800 KiB) on, only compulsory misses remain (the first touch of each page): 300, 27.3% of the accesses", words, StringComparison.Ordinal);
        Assert.Equal(200, json.GetProperty("framesToFloor").GetInt64());
        Assert.Equal(300.0 / 1100, json.GetProperty("floorMissRatio").GetDouble());
    }

    [Fact]
    public void A_simulated_curve_answers_with_the_smallest_size_simulated_and_says_the_sizes_between_were_not_run()
    {
        var trace = LoopThenNewPages();

        var words = Cli.Run("mrc", trace, "--policy", "fifo", "--frames", "4,150,250,300", "--target", "0.5,0.1").Words();
        var first = Cli.Run("mrc", trace, "--policy", "fifo", "--frames", "250,300", "--target", "0.5").Words();

        Assert.Contains("Target 50%: 250 frames (1,000 KiB): the smallest of the 4 sizes simulated with at most 50% misses (it has 27.3%); sizes between 150 and 250 frames were not run", words, StringComparison.Ordinal);
        Assert.Contains("Target 10%: none of the 4 sizes simulated: the largest, 300 frames (1,200 KiB), has 27.3%", words, StringComparison.Ordinal);
        Assert.Contains("Target 50%: 250 frames (1,000 KiB): the smallest of the 2 sizes simulated with at most 50% misses (it has 27.3%); smaller sizes were not run", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_curve_of_one_size_answers_of_that_size()
    {
        var trace = LoopThenNewPages();

        var missed = Cli.Run("mrc", trace, "--policy", "fifo", "--frames", "1", "--target", "1%").Words();
        var met = Cli.Run("mrc", trace, "--policy", "fifo", "--frames", "250", "--target", "50%").Words();

        Assert.Contains("Target 1%: not the one size simulated, 1 frame (4 KiB), which has 100%", missed, StringComparison.Ordinal);
        Assert.Contains("Target 50%: 250 frames (1,000 KiB): the one size simulated, with at most 50% misses (it has 27.3%); smaller sizes were not run", met, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.01", 0.01)]
    [InlineData("1%", 0.01)]
    [InlineData("0.5 %", 0.005)]
    [InlineData("0", 0.0)]
    public void Targets_are_ratios_or_percentages(string text, double expected)
    {
        var json = Cli.Run("mrc", LoopThenNewPages(), "--sizes", "1", "--target", text, "--json").Json();

        Assert.Equal(expected, json.GetProperty("targets")[0].GetProperty("target").GetDouble());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100%")]
    [InlineData("-0.1")]
    [InlineData("lots")]
    public void A_target_that_is_not_a_miss_ratio_below_1_is_refused(string text)
    {
        var message = Cli.AssertBadInput(Cli.Run("mrc", LoopThenNewPages(), "--target", text));

        Assert.Contains("--target: expected miss ratios from 0 to below 1, such as 0.01 or 1%", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_target_in_the_list_is_refused_as_every_list_refuses_one()
    {
        var message = Cli.AssertBadInput(Cli.Run("mrc", LoopThenNewPages(), "--target", "0.1,,0.2"));

        Assert.Contains("--target: expected miss ratios from 0 to below 1 separated by commas, such as 0.1,1%, found nothing between two commas in '0.1,,0.2'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_sizes_show_the_knee_they_would_step_over()
    {
        var json = Cli.Run("mrc", LoopThenNewPages(), "--json").Json();

        var frames = json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("frames").GetInt64()).ToList();
        Assert.Contains(199, frames);
        Assert.Contains(200, frames);
        Assert.InRange(frames.Count, 20, 40);
    }

    [Fact]
    public void The_default_sizes_show_a_cliff_spread_over_a_few_frames()
    {
        // Loops over 200, 202 and 204 pages of one array, five times each: the log sizes step
        // from 172 to 204 frames over the three falls, none of them half of it alone.
        var trace = _files.WritePages("loops.txt", [.. new[] { 200, 202, 204 }.SelectMany(n => Enumerable.Range(0, 5 * n).Select(i => (ulong)(i % n)))]);

        var json = Cli.Run("mrc", trace, "--json").Json();

        var frames = json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("frames").GetInt64()).ToList();
        Assert.Contains(199, frames);
        Assert.Contains(204, frames);
        Assert.DoesNotContain(200, frames);
    }

    [Fact]
    public void Sizes_given_are_reported_as_given_without_knees()
    {
        var json = Cli.Run("mrc", LoopThenNewPages(), "--sizes", "log", "--json").Json();

        var frames = json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("frames").GetInt64()).ToList();
        Assert.DoesNotContain(199, frames);
    }

    [Fact]
    public void Memory_reads_exactly_so_that_different_sizes_never_read_the_same()
    {
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 400));

        var rows = Cli.Run("mrc", trace, "--sizes", "256,260,328,329,330").Rows().Skip(1).ToList();

        Assert.Equal(["1 MiB", "1,040 KiB", "1,312 KiB", "1,316 KiB", "1,320 KiB"], rows.Select(r => r[1]));
    }

    [Theory]
    [InlineData("--swap", "0")]
    [InlineData("--tlb-entries", "0")]
    [InlineData("--tlb-ways", "2")]
    [InlineData("--tlb-flush-on-switch")]
    [InlineData("--geometry", "x86-32")]
    [InlineData("--check-invariants")]
    [InlineData("--clock-insert", "cold")]
    [InlineData("--tick", "10")]
    [InlineData("--aging-bits", "4")]
    [InlineData("--window", "10")]
    [InlineData("--param", "kin=0.3")]
    [InlineData("--sample", "0.5", "--swap", "0")]
    [InlineData("--policy", "lru", "--tlb-entries", "0")]
    public void The_stack_algorithms_curve_refuses_machine_settings_it_does_not_read(params string[] options)
    {
        var message = Cli.AssertBadInput(Cli.Run(["mrc", LoopThenNewPages(), .. options]));

        var option = options.Last(o => o.StartsWith("--", StringComparison.Ordinal));
        Assert.StartsWith($"vmsim: {option}: the LRU curve comes from the stack algorithm, which simulates no machine", message, StringComparison.Ordinal);
        Assert.Contains("with --policy P mrc simulates a machine at each size", message, StringComparison.Ordinal);
        Assert.Contains("vmsim sweep TRACE --policies lru", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--jobs", "2")]
    [InlineData("--memory-budget", "0")]
    [InlineData("--sample", "0.5", "--jobs", "1")]
    public void The_stack_algorithms_curve_refuses_the_settings_of_runs_side_by_side_and_a_policy_run_takes_them(params string[] options)
    {
        var trace = LoopThenNewPages();

        var message = Cli.AssertBadInput(Cli.Run(["mrc", trace, .. options]));
        var simulated = Cli.Run(["mrc", trace, "--policy", "fifo", "--frames", "4,8", .. options.TakeLast(2)]);

        var option = options[^2];
        Assert.StartsWith($"vmsim: {option}: the LRU curve is one pass of the stack algorithm over the trace as it is read", message, StringComparison.Ordinal);
        Assert.Contains($"nothing reads {option}; it sets how --policy P runs its sizes", message, StringComparison.Ordinal);
        Assert.Equal(0, simulated.ExitCode);
    }

    [Fact]
    public void The_exact_curve_refuses_a_seed_it_would_not_read_and_shards_takes_it()
    {
        var trace = LoopThenNewPages();

        var message = Cli.AssertBadInput(Cli.Run("mrc", trace, "--seed", "3"));
        var sampled = Cli.Run("mrc", trace, "--seed", "3", "--sample", "0.5");

        Assert.Contains("--seed: the exact LRU curve samples nothing", message, StringComparison.Ordinal);
        Assert.Equal(0, sampled.ExitCode);
    }

    [Fact]
    public void A_simulated_curve_takes_the_machine_settings_it_simulates()
    {
        var result = Cli.Run("mrc", LoopThenNewPages(), "--policy", "fifo", "--frames", "4,8", "--swap", "0", "--tlb-entries", "0", "--check-invariants");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Mrc_and_sweep_csv_name_the_same_columns_alike_and_agree()
    {
        var trace = LoopThenNewPages();

        var mrc = Cli.Run("mrc", trace, "--sizes", "150,250", "--csv").Stdout.TrimEnd('\n').Split('\n');
        var sweep = Cli.Run("sweep", trace, "--policies", "lru", "--frames", "150,250", "--csv").Stdout.TrimEnd('\n').Split('\n');

        var mrcColumns = mrc[0].Split(',');
        var sweepColumns = sweep[0].Split(',');
        string[] shared = ["policy", "frames", "accesses", "faults", "miss_ratio"];
        Assert.All(shared, c => Assert.Contains(c, mrcColumns));
        Assert.All(shared, c => Assert.Contains(c, sweepColumns));
        for (var row = 1; row < mrc.Length; row++)
        {
            var m = mrc[row].Split(',');
            var s = sweep[row].Split(',');
            Assert.All(shared, c => Assert.Equal(s[Array.IndexOf(sweepColumns, c)], m[Array.IndexOf(mrcColumns, c)]));
        }
    }

    [Fact]
    public void Mrc_json_points_carry_accesses_and_faults_as_sweep_results_do()
    {
        var trace = LoopThenNewPages();

        var mrc = Cli.Run("mrc", trace, "--sizes", "250", "--json").Json().GetProperty("points")[0];
        var sweep = Cli.Run("sweep", trace, "--policies", "lru", "--frames", "250", "--json").Json().GetProperty("results")[0];

        Assert.Equal(sweep.GetProperty("accesses").GetInt64(), mrc.GetProperty("accesses").GetInt64());
        Assert.Equal(sweep.GetProperty("faults").GetInt64(), mrc.GetProperty("faults").GetInt64());
        Assert.Equal(1100, mrc.GetProperty("accesses").GetInt64());
    }

    [Fact]
    public void The_tlb_hit_rate_is_given_in_full()
    {
        var tlb = Cli.Run("run", "fork-cow", "--json").Json().GetProperty("tlb");

        var hits = tlb.GetProperty("hits").GetInt64();
        var misses = tlb.GetProperty("misses").GetInt64();
        Assert.Equal((double)hits / (hits + misses), tlb.GetProperty("hitRate").GetDouble());
        Assert.NotEqual(Math.Round(tlb.GetProperty("hitRate").GetDouble(), 4), tlb.GetProperty("hitRate").GetDouble());
    }

    [Fact]
    public void Target_answers_quote_the_target_in_full()
    {
        var words = Cli.Run("mrc", LoopThenNewPages(), "--sizes", "1", "--target", "0.275").Words();

        Assert.Contains("Target 27.5%: 200 frames", words, StringComparison.Ordinal);
    }
}
