namespace Vmsim.Cli.Tests;

public sealed class DeterminismTests
{
    [Theory]
    [InlineData("refs", Cli.Silberschatz, "--policy", "random", "--steps")]
    [InlineData("refs", Cli.Belady, "--compare", "all", "--frames", "1-7")]
    [InlineData("run", "thrashing", "--steps", "--json")]
    [InlineData("run", "shared-file")]
    [InlineData("demo")]
    public void The_same_command_twice_prints_the_same_bytes(params string[] args)
    {
        var first = Cli.Run(args);
        var second = Cli.Run(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Plain_output_has_no_escape_sequences()
    {
        var result = Cli.Run("demo", "--steps");

        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public void Seed_changes_the_random_policy_choices()
    {
        var seeds = Enumerable.Range(1, 8)
            .Select(s => Cli.Run("refs", Cli.Silberschatz, "--policy", "random", "--seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture), "--steps").Stdout)
            .Distinct()
            .Count();

        Assert.True(seeds > 1);
    }
}
