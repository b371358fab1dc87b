using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>The research policies' tunable parameters: set by name, checked against their ranges.</summary>
public sealed class PolicyParameterTests
{
    private static PolicyOptions With(params (string Name, double Value)[] values) =>
        new() { Parameters = values.ToDictionary(v => v.Name, v => v.Value) };

    [Fact]
    public void A_parameter_reaches_its_policy_and_the_paper_value_is_the_default()
    {
        Assert.Equal(2, ((LruK)PolicyCatalog.Create("lru-k")).K);
        Assert.Equal(3, ((LruK)PolicyCatalog.Create("lru-k", With(("k", 3)))).K);

        var twoQ = (TwoQueue)PolicyCatalog.Create("2q", With(("kin", 0.5)));
        _ = new PolicyDriver(twoQ, 8);
        Assert.Equal(4, twoQ.Kin);

        var slru = (Slru)PolicyCatalog.Create("slru", With(("protected", 0.5)));
        _ = new PolicyDriver(slru, 10);
        Assert.Equal(5, slru.ProtectedCapacity);
    }

    [Fact]
    public void A_different_value_gives_a_different_run()
    {
        // LRU-K with K = 1 is LRU; with K = 2 a page referenced once goes before one referenced twice.
        var refs = "1 1 2 3 4 1 5 1 2 3";
        var k1 = new PolicyDriver(PolicyCatalog.Create("lru-k", With(("k", 1))), 3).Run(refs).Faults;
        var lru = new PolicyDriver(PolicyCatalog.Create("lru"), 3).Run(refs).Faults;
        var k2 = new PolicyDriver(PolicyCatalog.Create("lru-k"), 3).Run(refs).Faults;
        Assert.Equal(lru, k1);
        Assert.NotEqual(k1, k2);
    }

    [Theory]
    [InlineData("2q", "kin", 1.5, "parameter kin of 2q: expected a number from 0.01 to 0.99, found 1.5")]
    [InlineData("lru-k", "k", 2.5, "parameter k of lru-k: expected a whole number, found 2.5")]
    [InlineData("lru-k", "k", 0, "parameter k of lru-k: expected a whole number from 1 to 8, found 0")]
    public void A_value_out_of_range_is_refused_with_the_range(string policy, string name, double value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create(policy, With((name, value))));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(message, PolicyCatalog.CheckParameters([policy], With((name, value)).Parameters));
    }

    [Fact]
    public void A_name_must_belong_to_one_of_the_policies_of_the_run()
    {
        Assert.Null(PolicyCatalog.CheckParameters(["lru", "2q"], With(("kin", 0.3)).Parameters));
        Assert.Equal("no parameter 'kin' for lru; it has none", PolicyCatalog.CheckParameters(["lru"], With(("kin", 0.3)).Parameters));
        Assert.Equal("no parameter 'x' for lru-k, slru; their parameters: k (lru-k), crp (lru-k), protected (slru)",
            PolicyCatalog.CheckParameters(["lru-k", "slru"], With(("x", 1)).Parameters));

        // A policy ignores the parameters of others, so that one set serves a whole sweep.
        Assert.IsType<Lru>(PolicyCatalog.Create("lru", With(("kin", 0.3))));
    }

    [Fact]
    public void A_scenario_sets_them_under_machine_params()
    {
        var scenario = ScenarioReader.Parse("""
            machine:
              frames: 4
              policy: 2q
              params: { kin: 0.5, kout: 1 }
            processes:
              - { name: p, regions: [ { name: a, start: 0, pages: 4, prot: rw- } ] }
            script:
              - { touch: p, region: a, pages: 0 }
            """, "s.yaml");
        Assert.Equal(new Dictionary<string, double> { ["kin"] = 0.5, ["kout"] = 1 }, scenario.Machine.PolicyOptions.Parameters);
    }

    [Fact]
    public void A_scenario_names_them_in_any_case_as_the_command_line_does()
    {
        var scenario = ScenarioReader.Parse("""
            machine:
              frames: 4
              policy: 2q
              params: { Kin: 0.5, KOUT: 1 }
            processes:
              - { name: p, regions: [ { name: a, start: 0, pages: 4, prot: rw- } ] }
            script:
              - { touch: p, region: a, pages: 0 }
            """, "s.yaml");
        Assert.Equal(new Dictionary<string, double> { ["kin"] = 0.5, ["kout"] = 1 }, scenario.Machine.PolicyOptions.Parameters);
    }

    [Theory]
    [InlineData("{ kim: 0.5 }", "s.yaml:4:13: no parameter 'kim' for 2q (did you mean 'kin'?); its parameters: kin, kout")]
    [InlineData("{ kin: 2 }", "s.yaml:4:18: parameter kin of 2q: expected a number from 0.01 to 0.99, found 2")]
    [InlineData("{ kin: 0.5, KIN: 0.3 }", "s.yaml:4:23: KIN is given twice")]
    [InlineData("{ kin: many }", "s.yaml:4:18: field 'kin': expected a number, found 'many'")]
    [InlineData("{ kni: many }", "s.yaml:4:13: no parameter 'kni' for 2q (did you mean 'kin'?); its parameters: kin, kout")]
    [InlineData("{ kim: 1, KIM: 2 }", "s.yaml:4:13: no parameter 'kim' for 2q (did you mean 'kin'?); its parameters: kin, kout")]
    public void A_scenario_parameter_that_is_not_the_policys_or_out_of_range_is_an_error_at_its_place(string parameters, string message)
    {
        var e = Assert.Throws<InputFormatException>(() => ScenarioReader.Parse($"""
            machine:
              frames: 4
              policy: 2q
              params: {parameters}
            processes:
              - {"{"} name: p, regions: [ {"{"} name: a, start: 0, pages: 4, prot: rw- {"}"} ] {"}"}
            """, "s.yaml"));
        Assert.Equal(message, e.Message);
    }
}
