namespace Vmsim.Cli.Tests.Commands;

/// <summary>--fault-path and --explain N: a fault's path stage by stage, under each fault or for one step.</summary>
public class FaultPathOptionTests
{
    [Fact]
    public void Demo_with_fault_path_lists_the_stages_of_a_major_fault_under_its_narration()
    {
        var result = Cli.Run("demo", "--fault-path");

        Assert.Equal(0, result.ExitCode);
        var words = result.Words();
        Assert.Contains("into frame 0 (major fault). 1. TLB: page 0x400 of ASID 1 is not in the TLB (miss): first use, the TLB never held this page's translation. 2. Walk: PML4[0]: that entry points to no PDPT yet", words);
        Assert.Contains("8. Restart: the faulting instruction is executed again", words);
    }

    [Fact]
    public void Demo_without_fault_path_shows_the_path_of_its_first_fault_alone_and_says_how_to_see_the_others()
    {
        var result = Cli.Run("demo");

        Assert.Equal(0, result.ExitCode);
        var words = result.Words();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(words, @"1\. TLB:"));
        Assert.Contains("into frame 0 (major fault). 1. TLB: page 0x400 of ASID 1 is not in the TLB (miss): first use, the TLB never held this page's translation.", words);
        Assert.Contains("(That is the path of a fault through the machine; --fault-path shows it under every fault, --explain N for step N alone.) 8 P1 (shell) executed page 0x401", words);
    }

    [Fact]
    public void Demo_steps_without_fault_path_show_no_stages()
    {
        var result = Cli.Run("demo", "--steps");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("1. TLB:", result.Stdout);
    }

    [Fact]
    public void Explain_prints_one_step_with_its_whole_path()
    {
        var result = Cli.Run("demo", "--explain", "32");

        Assert.Equal(0, result.ExitCode);
        var words = result.Words();
        Assert.StartsWith("demo.yaml:70 editor writes buffer", words);
        Assert.Contains("32 P2 (editor) wrote page 0x20006", words);
        Assert.Contains("4. Frame: none free, so reclaim: the fifo policy passed over frames 5 and 0-3 (dirty anonymous pages, and no swap slot free) and evicted page 0x10000 of P1 (shell) from frame 4", words);
        Assert.DoesNotContain(" 33 ", words);
    }

    [Fact]
    public void Run_steps_with_fault_path_puts_the_stages_in_the_fault_s_row()
    {
        var result = Cli.Run("run", "demo", "--steps", "--fault-path");

        Assert.Equal(0, result.ExitCode);
        var words = result.Words();
        Assert.Contains("1. TLB: page 0x400 of ASID 1", words);
        Assert.Contains("Fetch: swap-in: slot 0", string.Concat(result.Rows().Select(r => string.Join(' ', r))).Replace("  ", " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_steps_with_fault_path_give_each_access_its_stages()
    {
        var json = Cli.Run("run", "demo", "--json", "--steps", "--fault-path").Json();

        var step = json.GetProperty("steps")[6];
        Assert.Equal("file-read", step.GetProperty("result").GetString());
        var stages = step.GetProperty("faultPath").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["tlb", "walk", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], stages);
        Assert.StartsWith("TLB: ", step.GetProperty("faultPath")[0].GetProperty("text").GetString());

        var eviction = json.GetProperty("steps")[31].GetProperty("evictions")[0];
        Assert.Equal([5, 0, 1, 2, 3], eviction.GetProperty("passedOver").EnumerateArray().Select(p => p.GetProperty("frame").GetInt32()));
        Assert.Equal("dirty-no-swap", eviction.GetProperty("passedOver")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void Json_steps_without_fault_path_have_no_stages()
    {
        var json = Cli.Run("run", "demo", "--json", "--steps").Json();

        Assert.False(json.GetProperty("steps")[6].TryGetProperty("faultPath", out _));
    }

    [Fact]
    public void Explain_with_json_gives_that_step_alone()
    {
        var json = Cli.Run("run", "demo", "--explain", "7", "--json").Json();

        var step = Assert.Single(json.GetProperty("steps").EnumerateArray());
        Assert.Equal(7, step.GetProperty("step").GetInt32());
        Assert.Equal(8, step.GetProperty("faultPath").GetArrayLength());
    }

    [Theory]
    [InlineData("--fault-path: the path goes under each fault of --steps; give --steps too", "run", "demo", "--fault-path")]
    [InlineData("--fault-path with --json adds each step's faultPath[] to steps[]: give --steps too", "demo", "--fault-path", "--json")]
    [InlineData("--explain and --steps: --explain prints one step, --steps every step", "run", "demo", "--explain", "3", "--steps")]
    [InlineData("--explain: expected a step from 1 to", "demo", "--explain", "999")]
    [InlineData("--explain: expected a step number of at least 1, found '0'", "demo", "--explain", "0")]
    public void A_bad_combination_is_refused_with_exit_code_2(string message, params string[] args)
    {
        var result = Cli.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("--explain", "2")]
    [InlineData("--fault-path")]
    public void Refs_points_whoever_asks_it_for_a_fault_path_to_run_and_demo(params string[] option)
    {
        var message = Cli.AssertBadInput(Cli.Run(["refs", "7 0 1 2", .. option]));

        Assert.StartsWith($"vmsim: {option[0]}: refs shows no fault path", message, StringComparison.Ordinal);
        Assert.EndsWith("vmsim run SCENARIO --explain N (or vmsim demo --explain N)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(option[0], Cli.Run("refs", "--help").Stdout, StringComparison.Ordinal);
    }
}
