namespace Vmsim.Cli.Tests;

/// <summary>
/// Determinism across processes: the built vmsim run twice as separate programs, output
/// redirected (so plain text at 80 columns), must print the same bytes. In-process tests
/// cannot see a per-process random seed (such as HashCode's).
/// </summary>
public sealed class CrossProcessDeterminismTests
{
    [Theory]
    [InlineData("refs", Cli.Silberschatz, "--policy", "random", "--steps")]
    [InlineData("demo")]
    [InlineData("run", "fork-cow", "--steps", "--json")]
    public void Two_separate_runs_print_the_same_bytes(params string[] args)
    {
        var first = RunVmsim(args);
        var second = RunVmsim(args);

        Assert.Equal(first, second);
        Assert.Equal(first, Cli.Run(args).Stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("run", "demand-paging", "--steps", "--json")]
    [InlineData("run", "thrashing", "--json")]
    public void Scenarios_with_default_seeds_print_the_same_bytes_in_separate_runs(params string[] args)
    {
        Assert.Equal(RunVmsim(args), RunVmsim(args));
    }

    private static string RunVmsim(string[] args)
    {
        var result = Cli.RunProcess(runtimeConfig: null, args);
        Assert.True(result.ExitCode == 0, $"vmsim {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout.ReplaceLineEndings("\n");
    }
}
