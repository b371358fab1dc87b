using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Tests.Commands;

public sealed class PoliciesCommandTests
{
    [Fact]
    public void Policies_lists_every_policy_with_its_source()
    {
        var result = Cli.Run("policies");

        Assert.Equal(0, result.ExitCode);
        var names = result.Rows().Select(r => r[0]).Where(n => n.Length > 0).ToArray();
        Assert.Equal(PolicyCatalog.All.Select(p => p.Name).Prepend("Policy"), names);
        Assert.Contains("Source: Belady, IBM Systems Journal 1966", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Parameters: window", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_json_has_name_description_parameters_and_source()
    {
        var json = Cli.Run("policies", "--json").Json().GetProperty("policies");

        Assert.Equal(PolicyCatalog.All.Count, json.GetArrayLength());
        var clock = json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "clock");
        Assert.StartsWith("Second chance", clock.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("clock-insert", clock.GetProperty("parameters").GetString(), StringComparison.Ordinal);
        Assert.Contains("Corbató", clock.GetProperty("source").GetString(), StringComparison.Ordinal);
        var aging = json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "aging");
        Assert.Equal(["clock-insert"], clock.GetProperty("settings").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["aging-bits", "tick"], aging.GetProperty("settings").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void Nru_says_it_is_enhanced_second_chance_and_not_tanenbaums_random_pick()
    {
        var nru = Cli.Run("policies", "--json").Json().GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "nru");

        var description = nru.GetProperty("description").GetString();
        Assert.StartsWith("Enhanced second chance (Silberschatz, Stallings)", description, StringComparison.Ordinal);
        Assert.Contains("Not Tanenbaum's NRU, which picks at random within the lowest class and clears the bits at clock ticks.", description, StringComparison.Ordinal);
        Assert.Equal(["enhanced-second-chance", "not-recently-used"], nru.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }
}
