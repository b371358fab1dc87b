using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// A policy with settings of its own (2q:kin=0.1, clock:clock-insert=cold) runs exactly as the
/// policy does with those options, and anything it cannot set is refused in words.
/// </summary>
public sealed class PolicyVariantTests
{
    private static readonly PolicyOptions Run = new() { Parameters = new Dictionary<string, double> { ["kout"] = 1.5 } };

    [Fact]
    public void A_variant_sets_its_own_options_over_the_runs_and_is_labelled_by_them()
    {
        var twoQ = PolicyVariant.Parse("2Q : kin=0.10", Run);
        var clock = PolicyVariant.Parse("second-chance:clock-insert=COLD", Run);
        var ws = PolicyVariant.Parse("ws:window=4", Run);
        var plain = PolicyVariant.Parse("lru", Run);

        Assert.Equal(("2q:kin=0.1", "2q"), (twoQ.Label, twoQ.Policy));
        Assert.Equal(0.1, twoQ.Options.Parameters["kin"]);
        Assert.Equal(1.5, twoQ.Options.Parameters["kout"]);
        Assert.Equal(("clock:clock-insert=cold", ClockInsert.Cold), (clock.Label, clock.Options.ClockInsert));
        Assert.Equal(4, ws.Options.WorkingSetWindow);
        Assert.Equal(("lru", "lru"), (plain.Label, plain.Policy));
        Assert.Equal(Run.Parameters, plain.Options.Parameters);
    }

    [Fact]
    public void A_setting_given_for_the_whole_run_labels_each_policy_that_reads_it()
    {
        var run = new PolicyOptions
        {
            ClockInsert = ClockInsert.Cold,
            AgingBits = 4,
            WorkingSetWindow = 4,
            Seed = 7,
            Parameters = new Dictionary<string, double> { ["kin"] = 0.3 },
        };
        string[] given = ["clock-insert", "aging-bits", "window", "seed", "kin"];

        string Label(string policy) => PolicyVariant.Parse(policy, run, given).Label;

        Assert.Equal("clock:clock-insert=cold", Label("clock"));
        Assert.Equal("2q:kin=0.3", Label("2q"));
        Assert.Equal("ws:window=4", Label("ws"));
        Assert.Equal("wsclock:window=4", Label("wsclock"));
        Assert.Equal("aging:aging-bits=4", Label("aging"));
        Assert.Equal("random:seed=7", Label("random"));
        Assert.Equal("fifo", Label("fifo"));
        Assert.Equal("lru", Label("lru"));

        // Given is given, even as the default's value: the label says what the run was told.
        Assert.Equal("clock:clock-insert=hot", PolicyVariant.Parse("clock", new PolicyOptions(), ["clock-insert"]).Label);
    }

    [Fact]
    public void A_setting_left_at_its_default_is_not_in_the_label()
    {
        var run = new PolicyOptions { Parameters = new Dictionary<string, double> { ["kin"] = 0.3 } };

        Assert.Equal("clock", PolicyVariant.Parse("clock", run, ["kin"]).Label);
        Assert.Equal("2q", PolicyVariant.Parse("2q", new PolicyOptions(), ["clock-insert"]).Label);
        Assert.Equal("2q", PolicyVariant.Parse("2q", run).Label);
    }

    [Fact]
    public void A_variants_own_setting_wins_over_the_runs_and_labels_stay_in_name_order()
    {
        var run = new PolicyOptions { ClockInsert = ClockInsert.Cold, Parameters = new Dictionary<string, double> { ["kin"] = 0.3, ["kout"] = 0.5 } };

        var clock = PolicyVariant.Parse("clock:clock-insert=hot", run, ["clock-insert"]);
        var twoQ = PolicyVariant.Parse("2q:kout=1", run, ["kout", "kin"]);

        Assert.Equal(("clock:clock-insert=hot", ClockInsert.Hot), (clock.Label, clock.Options.ClockInsert));
        Assert.Equal("2q:kin=0.3:kout=1", twoQ.Label);
        Assert.Equal((0.3, 1.0), (twoQ.Options.Parameters["kin"], twoQ.Options.Parameters["kout"]));
    }

    [Fact]
    public void A_setting_given_for_the_run_or_to_the_variant_gives_one_label_and_the_same_faults()
    {
        var refs = ReferenceString.Parse("7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1 4 5 4 6 7 4 5");
        var config = new MachineConfig();
        var cold = config with { PolicyOptions = new PolicyOptions { ClockInsert = ClockInsert.Cold, Parameters = new Dictionary<string, double> { ["kin"] = 0.5 } } };
        PolicyVariant[] byRun = [PolicyVariant.Parse("clock", cold.PolicyOptions, ["clock-insert", "kin"]), PolicyVariant.Parse("2q", cold.PolicyOptions, ["clock-insert", "kin"])];
        PolicyVariant[] byVariant = [PolicyVariant.Parse("clock:clock-insert=cold", config.PolicyOptions), PolicyVariant.Parse("2q:kin=0.5", config.PolicyOptions)];

        Assert.Equal(byVariant.Select(v => v.Label), byRun.Select(v => v.Label));
        Assert.Equal(ReferenceStringRun.CompareFaults(refs, config, byVariant, [3, 4]), ReferenceStringRun.CompareFaults(refs, cold, byRun, [3, 4]));
    }

    [Theory]
    [InlineData("2q:kni=0.1", "2q has no setting 'kni'; it has kin, kout")]
    [InlineData("fifo:kin=0.1", "fifo has no setting 'kin'; it has no settings")]
    [InlineData("aging:tick=2", "aging: tick is the machine's, one for the whole run, not a variant's: give it with --tick")]
    [InlineData("lru:window=4", "lru has no setting 'window'")]
    [InlineData("2q:kin=2", "2q: kin ")]
    [InlineData("2q:kin=x", "2q: kin takes a number, found 'x'")]
    [InlineData("2q:kin=0.1:kin=0.2", "2q: kin is set twice")]
    [InlineData("clock:clock-insert=warm", "clock: clock-insert is hot or cold, found 'warm'")]
    [InlineData("aging:aging-bits=40", "aging: aging-bits takes a whole number from 1 to 32, found '40'")]
    [InlineData("2q:kin", "2q: expected a setting NAME=VALUE after ':'")]
    [InlineData("clok:clock-insert=cold", "unknown policy 'clok' (did you mean 'clock'")]
    public void What_a_variant_cannot_set_is_refused_in_words(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => PolicyVariant.Parse(text, Run));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variants_compare_as_the_policy_with_their_options_would_run()
    {
        var refs = ReferenceString.Parse("7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1 4 5 4 6 7 4 5");
        var config = new MachineConfig();
        PolicyVariant[] variants = [PolicyVariant.Parse("clock", config.PolicyOptions), PolicyVariant.Parse("clock:clock-insert=cold", config.PolicyOptions), PolicyVariant.Parse("2q:kin=0.5", config.PolicyOptions)];

        var table = ReferenceStringRun.CompareFaults(refs, config, variants, [3, 4]);

        var cold = config with { PolicyOptions = new PolicyOptions { ClockInsert = ClockInsert.Cold } };
        var kin = config with { PolicyOptions = new PolicyOptions { Parameters = new Dictionary<string, double> { ["kin"] = 0.5 } } };
        Assert.Equal(ReferenceStringRun.CompareFaults(refs, config, ["clock"], [3, 4]), Row(table, 0));
        Assert.Equal(ReferenceStringRun.CompareFaults(refs, cold, ["clock"], [3, 4]), Row(table, 1));
        Assert.Equal(ReferenceStringRun.CompareFaults(refs, kin, ["2q"], [3, 4]), Row(table, 2));
        Assert.NotEqual(Row(table, 0), Row(table, 1));
    }

    private static long[,] Row(long[,] table, int row)
    {
        var one = new long[1, table.GetLength(1)];
        for (var f = 0; f < table.GetLength(1); f++)
        {
            one[0, f] = table[row, f];
        }

        return one;
    }
}
