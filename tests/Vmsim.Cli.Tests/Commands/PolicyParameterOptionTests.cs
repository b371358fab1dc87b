namespace Vmsim.Cli.Tests.Commands;

/// <summary><c>--param NAME=VALUE</c>: a research policy's tunable parameter from the command line.</summary>
public sealed class PolicyParameterOptionTests
{
    private const string Refs = "1 1 2 3 4 1 5 1 2 3";

    [Fact]
    public void A_parameter_changes_the_run_and_is_reported_in_the_machine()
    {
        var k1 = Cli.Run("refs", Refs, "--frames", "3", "--policy", "lru-k", "--param", "k=1", "--json").Json();
        var k2 = Cli.Run("refs", Refs, "--frames", "3", "--policy", "lru-k", "--json").Json();
        var lru = Cli.Run("refs", Refs, "--frames", "3", "--policy", "lru", "--json").Json();

        Assert.Equal(1, k1.GetProperty("machine").GetProperty("parameters").GetProperty("k").GetDouble());
        Assert.Equal(lru.GetProperty("faults").GetProperty("total").GetInt64(), k1.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.NotEqual(k1.GetProperty("faults").GetProperty("total").GetInt64(), k2.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void The_machine_line_names_the_parameters_given()
    {
        var set = Cli.Run("refs", Refs, "--frames", "3", "--policy", "lru-k", "--param", "k=1", "--param", "crp=2", "--full");
        var defaults = Cli.Run("refs", Refs, "--frames", "3", "--policy", "lru-k", "--full");

        Assert.Contains("Machine: 3 frames, 64 swap slots, lru-k policy, k 1, crp 2 (global replacement)", set.Stdout, StringComparison.Ordinal);
        Assert.Contains("Machine: 3 frames, 64 swap slots, lru-k policy (global replacement)", defaults.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comparison_gives_each_policy_its_own_parameters()
    {
        // k belongs to lru-k alone: with K = 1 it counts as LRU does; without, it does not.
        static long[] Faults(params string[] extra) =>
            [.. Cli.Run(["refs", Refs, "--compare", "lru,lru-k", "--frames", "3", "--json", .. extra]).Json()
                .GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("faults")[0].GetInt64())];

        var withK1 = Faults("--param", "k=1");
        Assert.Equal(withK1[0], withK1[1]);
        var defaults = Faults();
        Assert.NotEqual(defaults[0], defaults[1]);
    }

    [Theory]
    [InlineData("kin", "--param: expected NAME=VALUE with a number for VALUE (kin=0.3), found 'kin'")]
    [InlineData("kin=lots", "--param: expected NAME=VALUE with a number for VALUE (kin=0.3), found 'kin=lots'")]
    [InlineData("kin=1.5", "--param: parameter kin of 2q: expected a number from 0.01 to 0.99, found 1.5")]
    [InlineData("k=3", "--param: no parameter 'k' for 2q; its parameters: kin, kout")]
    [InlineData("kim=0.3", "--param: no parameter 'kim' for 2q (did you mean 'kin'?); its parameters: kin, kout")]
    public void A_bad_parameter_is_one_line_and_exit_2(string parameter, string message)
    {
        var error = Cli.AssertBadInput(Cli.Run("refs", Refs, "--policy", "2q", "--param", parameter));
        Assert.Equal("vmsim: " + message, error);
    }

    [Fact]
    public void Policies_lists_the_tunable_parameters()
    {
        var result = Cli.Run("policies");
        Assert.Contains("--param kin = 0.25 (0.01 to 0.99)", result.Stdout, StringComparison.Ordinal);

        var json = Cli.Run("policies", "--json").Json().GetProperty("policies");
        var lruK = json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "lru-k");
        var k = lruK.GetProperty("tunables").EnumerateArray().First();
        Assert.Equal(("k", 2.0, true), (k.GetProperty("name").GetString(), k.GetProperty("default").GetDouble(), k.GetProperty("wholeNumber").GetBoolean()));
    }
}
