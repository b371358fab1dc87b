namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// A sweep or curve says what machine it ran on, under its tables as replay says it over its
/// summary (Machine, Paging, TLB), and in its charts' subtitles: scope, swap, page size, TLB
/// and the tick of a policy that reads one.
/// </summary>
public sealed class CurveMachineTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Trace() => _files.WritePages("machine.txt", TraceFiles.Pages(2000, 60, seed: 3));

    [Fact]
    public void A_sweep_says_its_machine_under_its_tables()
    {
        var result = Cli.Run("sweep", Trace(), "--policies", "aging,fifo", "--frames", "4,8", "--scope", "local", "--swap", "0", "--page-size", "8K", "--tlb-entries", "0", "--tick", "50");

        Assert.Equal(0, result.ExitCode);
        var words = result.Words();
        Assert.Contains("Machine: 2 sizes from 4 to 8 frames, no swap, 2 policies (local replacement), a policy tick every 50 accesses", words, StringComparison.Ordinal);
        Assert.Contains("Paging: 8 KiB pages, x86-64 page table", words, StringComparison.Ordinal);
        Assert.Contains("TLB: none", words, StringComparison.Ordinal);
        Assert.True(result.Stdout.IndexOf("Machine: ", StringComparison.Ordinal) > result.Stdout.LastIndexOf('╯'), "the machine goes under the tables");
    }

    [Fact]
    public void The_tick_is_said_only_when_a_policy_of_the_run_reads_it()
    {
        var words = Cli.Run("sweep", Trace(), "--policies", "fifo,lru", "--frames", "4,8").Words();

        Assert.Contains("Machine: 2 sizes from 4 to 8 frames, 64 swap slots, 2 policies (global replacement) Paging:", words, StringComparison.Ordinal);
        Assert.DoesNotContain("tick", words, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_curve_names_its_policy_in_its_machine()
    {
        var words = Cli.Run("mrc", Trace(), "--policy", "clock", "--clock-insert", "cold", "--frames", "4,8,16", "--tlb-entries", "16", "--tlb-ways", "16").Words();

        Assert.Contains("Machine: 3 sizes from 4 to 16 frames, 64 swap slots, clock:clock-insert=cold policy (global replacement)", words, StringComparison.Ordinal);
        Assert.Contains("TLB: 16 entries, 16-way, tagged by ASID", words, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stack_algorithms_curve_has_sizes_and_lru_and_no_devices()
    {
        var result = Cli.Run("mrc", Trace(), "--sizes", "1,2,4");

        Assert.Contains("Machine: 3 sizes from 1 to 4 frames, lru policy (global replacement)", result.Words(), StringComparison.Ordinal);
        Assert.DoesNotContain("TLB:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("swap", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_says_the_machine_in_its_subtitle()
    {
        var html = _files.Path("machine.html");
        var trace = Trace();

        var result = Cli.Run("sweep", trace, "--policies", "aging,fifo", "--frames", "4,8", "--scope", "local", "--tick", "50", "--warmup", "100", "--plot", html);

        Assert.Equal(0, result.ExitCode);
        var text = File.ReadAllText(html);
        Assert.Contains($"<p class=\"subtitle\">{trace} (pages), 2,000 accesses, ", text, StringComparison.Ordinal);
        Assert.Contains("the first 100 warm memory up and are not counted</p>", text, StringComparison.Ordinal);
        Assert.Contains("<p class=\"subtitle\">Machine: 2 sizes from 4 to 8 frames, 64 swap slots, 2 policies (local replacement), a policy tick every 50 accesses</p>", text, StringComparison.Ordinal);
        Assert.Contains("<p class=\"subtitle\">Paging: 4 KiB pages, x86-64 page table (9+9+9+9 bits + 12-bit offset); TLB: 64 entries, 4-way, tagged by ASID</p>", text, StringComparison.Ordinal);
    }
}
