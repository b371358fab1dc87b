using System.Text.RegularExpressions;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// The catalog's names do not collide: a policy added to <see cref="PolicyCatalog.All"/> with a
/// tunable named as a machine setting, or a name another policy already answers to, fails here
/// with the names, rather than shadowing the other silently where <c>--param</c>, a variant's
/// label (<c>2q:kin=0.1</c>) or <see cref="PolicyCatalog.Find"/> looks names up.
/// </summary>
public sealed class PolicyCatalogTests
{
    private static IEnumerable<(PolicyInfo Policy, PolicyParameter Tunable)> Tunables() =>
        PolicyCatalog.All.SelectMany(p => p.Tunables.Select(t => (p, t)));

    [Fact]
    public void No_tunable_is_named_as_a_machine_setting()
    {
        // A variant's label looks a name up among the settings the policy reads before its
        // tunables, and a run's given settings go into every label that reads them by name.
        var collisions = Tunables().Where(x => PolicySetting.All.Contains(x.Tunable.Name)).Select(x => $"{x.Policy.Name}'s {x.Tunable.Name}");
        Assert.Empty(collisions);
    }

    [Fact]
    public void A_tunable_name_means_one_thing_in_the_whole_catalog()
    {
        // --param NAME=VALUE sets every policy of the run that has NAME: two meanings under one
        // name would set both; and one policy cannot have two tunables of one name.
        var twice = PolicyCatalog.All.Where(p => p.Tunables.Select(t => t.Name).Distinct().Count() != p.Tunables.Count).Select(p => p.Name);
        var meanings = Tunables().GroupBy(x => x.Tunable.Name)
            .Where(g => g.Select(x => x.Tunable).Distinct().Count() > 1)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(x => x.Policy.Name))})");
        Assert.Empty(twice);
        Assert.Empty(meanings);
    }

    [Fact]
    public void A_tunable_name_can_be_written_in_param_and_in_a_variant()
    {
        // --param lowercases the name it reads; '=', ':' and ',' separate a variant's parts.
        var unwritable = Tunables().Where(x => !Regex.IsMatch(x.Tunable.Name, "^[a-z][a-z0-9-]*$")).Select(x => $"{x.Policy.Name}'s '{x.Tunable.Name}'");
        Assert.Empty(unwritable);
    }

    [Fact]
    public void Every_setting_a_policy_reads_is_a_machine_setting()
    {
        var unknown = PolicyCatalog.All.SelectMany(p => p.Settings.Where(s => !PolicySetting.All.Contains(s)).Select(s => $"{p.Name} reads '{s}'"));
        Assert.Empty(unknown);
    }

    [Fact]
    public void No_two_policies_answer_to_one_name()
    {
        // Find takes the first policy whose name or alias matches, ignoring case, hyphens,
        // underscores and spaces: a second would never be found.
        var shared = PolicyCatalog.All.SelectMany(p => p.Aliases.Prepend(p.Name).Select(n => (Key: Spelling.Key(n), p.Name)))
            .GroupBy(x => x.Key)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Name))}");
        Assert.Empty(shared);
    }
}
