using System.Globalization;
using Vmsim.Core.Replacement;
using Vmsim.Tests.Shared;

namespace Vmsim.Cli.Tests.Commands;

public sealed class SweepCommandTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_policy_given_twice_is_run_once_and_a_note_says_so()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(500, 20));

        var json = Cli.Run("sweep", path, "--policies", "fifo,lru,fifo", "--frames", "4", "--json").Json();

        Assert.Equal(2, json.GetProperty("results").GetArrayLength());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString() == "fifo is given twice in --policies: it is run once.");
    }

    [Fact]
    public void Swappiness_over_a_traces_file_pages_changes_nothing_and_a_note_says_so_in_sweep_and_mrc()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 80));

        var sweep = Cli.Run("sweep", path, "--policies", "linux:swappiness=0,linux:swappiness=200", "--frames", "8,32", "--json").Json();
        var mrc = Cli.Run("mrc", path, "--policy", "linux", "--param", "swappiness=0", "--frames", "8", "--json").Json();

        long[] Faults(string policy) => [.. sweep.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("policy").GetString() == policy).OrderBy(r => r.GetProperty("frames").GetInt32()).Select(r => r.GetProperty("faults").GetInt64())];
        Assert.Equal(2, Faults("linux:swappiness=0").Length);
        Assert.Equal(Faults("linux:swappiness=0"), Faults("linux:swappiness=200"));
        Assert.Contains(sweep.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("linux's swappiness weighs anonymous pages against file pages", StringComparison.Ordinal));
        Assert.Contains(mrc.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("linux's swappiness weighs anonymous pages against file pages", StringComparison.Ordinal));
    }

    [Fact]
    public void With_csv_on_standard_output_the_notes_go_to_standard_error_one_a_line_and_the_csv_stays_alone()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 80));
        var bytes = File.ReadAllBytes(path);

        var swappiness = Cli.Run("sweep", path, "--policies", "linux:swappiness=0,linux:swappiness=200", "--frames", "100", "--csv", "-");
        var twice = Cli.Run("sweep", path, "--policies", "lru,lru", "--frames", "8", "--csv");
        var stdin = Cli.RunWithInput(bytes, "sweep", "-", "--policies", "opt", "--frames", "8", "--csv", "-");
        var mrc = Cli.Run("mrc", path, "--policy", "linux", "--param", "swappiness=0", "--frames", "8", "--csv", "-");
        var shards = Cli.Run("mrc", path, "--sample", "0.1", "--sizes", "100", "--csv", "-");

        foreach (var run in new[] { swappiness, twice, stdin, mrc, shards })
        {
            Assert.Equal(0, run.ExitCode);
            Assert.StartsWith("policy,frames,", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("note", run.Stdout, StringComparison.OrdinalIgnoreCase);
            Assert.NotEmpty(run.Stderr);
            Assert.All(run.Stderr.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("vmsim: note: ", line, StringComparison.Ordinal));
        }

        Assert.Contains("vmsim: note: linux's swappiness weighs anonymous pages against file pages", swappiness.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmsim: note: lru is given twice in --policies: it is run once.\n", twice.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmsim: note: Standard input was saved to a temporary file", stdin.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmsim: note: linux's swappiness weighs", mrc.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmsim: note: The sample is small", shards.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void With_csv_into_a_file_the_notes_stay_above_the_table_on_standard_output()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(3000, 80));
        var csv = _files.Path("out.csv");

        var run = Cli.Run("sweep", path, "--policies", "lru,lru", "--frames", "8", "--csv", csv);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("Note: lru is given twice in --policies: it is run once.", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("note", File.ReadAllText(csv), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--csv")]
    [InlineData("--chart")]
    public void Output_is_the_same_bytes_with_1_and_4_runs_at_once(string format)
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(5000, 120));
        string[] args = ["sweep", path, "--policies", "fifo,lru,clock,random,arc,opt", "--frames", "4-64/12", format];

        var one = Cli.Run([.. args, "--jobs", "1"]);
        var four = Cli.Run([.. args, "--jobs", "4"]);

        Assert.Equal(0, one.ExitCode);
        Assert.Equal(one.Stdout, four.Stdout);
    }

    [Fact]
    public void A_trace_held_in_memory_and_one_read_by_every_run_give_the_same_results()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(5000, 120));
        string[] args = ["sweep", path, "--policies", "fifo,lru,opt,clock", "--frames", "8,16,32", "--csv"];

        var memory = Cli.Run(args);
        var streamed = Cli.Run([.. args, "--memory-budget", "0"]);
        var tight = Cli.Run([.. args, "--memory-budget", "100K"]);

        Assert.Equal(0, memory.ExitCode);
        Assert.Equal(memory.Stdout, streamed.Stdout);
        Assert.Equal(memory.Stdout, tight.Stdout);
    }

    [Fact]
    public void Results_match_an_independent_count_and_the_csv_parses_back()
    {
        var pages = TraceFiles.Pages(4000, 100);
        var path = _files.WritePages("pages.txt", pages);

        var csv = Cli.Run("sweep", path, "--policies", "fifo,lru", "--frames", "5,10,20", "--csv");

        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("policy,frames,accesses,faults,miss_ratio,evictions,writebacks", lines[0]);
        Assert.Equal(7, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            var frames = int.Parse(f[1], CultureInfo.InvariantCulture);
            var expected = f[0] == "fifo" ? CacheSimulators.Fifo(pages, frames) : CacheSimulators.Lru(pages, frames);
            Assert.Equal(4000, long.Parse(f[2], CultureInfo.InvariantCulture));
            Assert.Equal(expected, long.Parse(f[3], CultureInfo.InvariantCulture));
            Assert.Equal(expected / 4000.0, double.Parse(f[4], CultureInfo.InvariantCulture), 6);
        }
    }

    [Fact]
    public void Table_has_a_row_per_size_and_a_column_per_policy()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(2000, 60));

        var result = Cli.Run("sweep", path, "--policies", "fifo,lru,opt", "--frames", "4,8");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Sweep: 3 policies × 2 sizes = 6 simulations", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(result.Rows(), r => r is ["Frames", "fifo", "lru", "opt"]);
        Assert.Contains("Note: opt needs each access's next use", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void All_policies_fit_the_width_in_several_tables()
    {
        var path = _files.WritePages("pages.txt", TraceFiles.Pages(1000, 40));

        var json = Cli.Run("sweep", path, "--policies", "all", "--frames", "4,16", "--json").Json();
        var table = Cli.Run("sweep", path, "--policies", "all", "--frames", "4,16");

        Assert.Equal(PolicyCatalog.All.Count * 2, json.GetProperty("results").GetArrayLength());
        Assert.All(table.Stdout.Split('\n'), line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void Standard_input_is_saved_for_the_runs()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(string.Concat(TraceFiles.Silberschatz.Select(p => $"{p}\n")));

        var json = Cli.RunWithInput(bytes, "sweep", "-", "--policies", "fifo,opt", "--frames", "3", "--json", "--memory-budget", "0").Json();

        var faults = json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("faults").GetInt64()).ToArray();
        Assert.Equal([15L, 9L], faults);
    }

    [Theory]
    [InlineData("--policies", "fifo,nope", "unknown policy 'nope'")]
    [InlineData("--policy", "lru", "--policies")]
    [InlineData("--jobs", "0", "--jobs")]
    [InlineData("--memory-budget", "lots", "--memory-budget")]
    [InlineData("--frames", "0", "--frames")]
    [InlineData("--y-scale", "lg", "--y-scale: expected auto, linear or log, found 'lg'")]
    public void Bad_options_are_exit_2(string option, string value, string expected)
    {
        var path = _files.WritePages("pages.txt", [1, 2, 3]);
        string[] args = option == "--policies" ? ["sweep", path, option, value] : ["sweep", path, "--policies", "fifo", option, value];

        var message = Cli.AssertBadInput(Cli.Run(args));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_offers_policies_and_not_the_policy_sweep_refuses()
    {
        var help = Cli.Run("sweep", "--help");
        var slip = Cli.Run("sweep", "t.txt", "--polices", "fifo");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--policies <list>", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--policy ", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--clock-insert", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("(did you mean '--policies'?)", slip.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_and_csv_on_standard_output_are_refused_together()
    {
        var path = _files.WritePages("pages.txt", [1, 2, 3]);

        var message = Cli.AssertBadInput(Cli.Run("sweep", path, "--policies", "fifo", "--json", "--csv"));

        Assert.Contains("--csv and --json", message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_policy_compared_with_itself_under_other_settings_runs_each_as_replay_would()
    {
        var path = _files.WritePages("variants.txt", TraceFiles.Pages(4000, 120, seed: 8));

        var json = Cli.Run("sweep", path, "--policies", "clock,clock:clock-insert=cold,2q:kin=0.1,2q:kin=0.5:kout=1", "--frames", "16,48", "--json").Json();

        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(
            ["clock", "clock:clock-insert=cold", "2q:kin=0.1", "2q:kin=0.5:kout=1"],
            json.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        foreach (var frames in new[] { 16, 48 })
        {
            long Faults(string label) => results.Single(r => r.GetProperty("policy").GetString() == label && r.GetProperty("frames").GetInt32() == frames).GetProperty("faults").GetInt64();
            long Replay(params string[] options) => Cli.Run(["replay", path, "--frames", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. options]).Json().GetProperty("faults").GetProperty("total").GetInt64();
            Assert.Equal(Replay("--policy", "clock"), Faults("clock"));
            Assert.Equal(Replay("--policy", "clock", "--clock-insert", "cold"), Faults("clock:clock-insert=cold"));
            Assert.Equal(Replay("--policy", "2q", "--param", "kin=0.1"), Faults("2q:kin=0.1"));
            Assert.Equal(Replay("--policy", "2q", "--param", "kin=0.5", "--param", "kout=1"), Faults("2q:kin=0.5:kout=1"));
        }
    }

    [Fact]
    public void A_setting_the_policy_does_not_have_is_refused_with_the_ones_it_has()
    {
        var path = _files.WritePages("variants.txt", TraceFiles.Pages(100, 10, seed: 8));

        var result = Cli.Run("sweep", path, "--policies", "lru,2q:kni=0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--policies: 2q has no setting 'kni'; it has kin, kout", result.Stderr, StringComparison.Ordinal);
    }
}

