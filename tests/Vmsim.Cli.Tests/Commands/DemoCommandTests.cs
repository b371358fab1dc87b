namespace Vmsim.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_narrates_copy_on_write_swap_the_oom_killer_and_segfaults_then_summarises()
    {
        var result = Cli.Run("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        var text = Flatten(result.Stdout);
        Assert.Contains("A tour of every kind of page fault", text, StringComparison.Ordinal);
        Assert.Contains("shared copy-on-write with P1 (shell), so the kernel copied frame", text, StringComparison.Ordinal);
        Assert.Contains("made it writable in place, without a copy", text, StringComparison.Ordinal);
        Assert.Contains("read it back from swap slot", text, StringComparison.Ordinal);
        Assert.Contains("So the OOM killer killed P2 (editor), the faulting process itself", text, StringComparison.Ordinal);
        Assert.Contains("so the kernel sent SIGSEGV", text, StringComparison.Ordinal);
        Assert.Contains("demo.yaml:46  shell forks child", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Processes", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_gives_the_default_scenario_once()
    {
        var line = Assert.Single(Cli.Run("demo", "--help").Stdout.Split('\n'), l => l.Contains("<scenario>", StringComparison.Ordinal) && l.Contains("default", StringComparison.Ordinal));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, "default"));
        Assert.Contains("[default: demo]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Narration_lines_fit_in_80_columns()
    {
        var result = Cli.Run("demo");

        Assert.All(result.Stdout.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"too wide: {line}"));
    }

    [Fact]
    public void A_hit_after_which_a_page_leaves_the_working_set_is_not_condensed()
    {
        // tau 3: page 0 is written, then page 1 read four times; the third of those reads is
        // the reference after which page 0 leaves the working set, written back: its own step.
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-hits-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "machine: { frames: 32, swap: 64, policy: ws, window: 3 }\nprocesses:\n  - name: A\n    regions:\n      - { name: heap, start: 0x10000000, pages: 4, prot: rw- }\nscript:\n  - { touch: A, address: 0x10000000, access: write }\n  - { touch: A, address: 0x10001000, times: 4 }\n");
        try
        {
            var result = Cli.Run("demo", path);

            Assert.Equal(0, result.ExitCode);
            var text = Flatten(result.Stdout);
            Assert.Contains("which had left the working set, writing it to swap slot", text, StringComparison.Ordinal);
            Assert.DoesNotContain("more hit", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Consecutive_hits_are_condensed_into_one_line()
    {
        var result = Cli.Run("demo", "demand-paging");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"… \d+ more hits", result.Stdout);
    }

    [Fact]
    public void Demo_json_reports_the_tour_in_numbers()
    {
        var json = Cli.Run("demo", "--json").Json();

        Assert.Equal("demo", json.GetProperty("command").GetString());
        var faults = json.GetProperty("faults");
        Assert.Equal(1, faults.GetProperty("cowCopy").GetInt32());
        Assert.Equal(1, faults.GetProperty("cowReuse").GetInt32());
        Assert.Equal(1, faults.GetProperty("swapIn").GetInt32());
        Assert.Equal(1, faults.GetProperty("segvUnmapped").GetInt32());
        Assert.Equal(3, faults.GetProperty("segvProtection").GetInt32());
        Assert.Equal(1, json.GetProperty("oomKills").GetInt32());
        var states = json.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("state").GetString()!).ToArray();
        Assert.Equal(["running", "oom", "exit", "segv", "segv", "segv", "segv"], states);
        Assert.False(json.TryGetProperty("steps", out _));
    }

    [Fact]
    public void Demo_json_with_steps_includes_each_explanation()
    {
        var json = Cli.Run("demo", "--json", "--steps").Json();

        var steps = json.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Contains(steps, s => s.GetProperty("oomKills").GetArrayLength() == 1);
        Assert.Contains(steps, s => s.GetProperty("explanation").GetString()!.Contains("copy-on-write", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_json_steps_give_what_an_oom_kill_freed_as_the_explanation_tells_it()
    {
        var json = Cli.Run("demo", "--json", "--steps").Json();

        var step = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("oomKills").GetArrayLength() > 0);
        var kill = step.GetProperty("oomKills")[0];
        var frames = kill.GetProperty("freedFrames").EnumerateArray().Select(f => f.GetInt32()).ToArray();
        var slots = kill.GetProperty("freedSwapSlots").EnumerateArray().Select(f => f.GetInt32()).ToArray();
        Assert.Equal(kill.GetProperty("residentPages").GetInt32(), frames.Length);
        Assert.Equal([2], slots);
        Assert.Contains($"its frames {frames[0]}-{frames[^1]} and swap slot 2 were freed", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_with_steps_prints_the_step_table_instead_of_the_narration()
    {
        var result = Cli.Run("demo", "--steps");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("What happened", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("At the start", result.Stdout, StringComparison.Ordinal);
    }

    private static string Flatten(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
