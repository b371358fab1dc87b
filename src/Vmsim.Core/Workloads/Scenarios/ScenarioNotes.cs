using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// What a scenario asks for that its run will not do, in words: a policy setting of its
/// machine that the policy it runs with does not read (a <c>window</c> under LRU, perhaps
/// after <c>--policy</c> changed the scenario's own), a process's quota under global
/// replacement. Such a field is valid, since another policy or scope would read it, so it
/// is not an error; but a reader expecting it to matter should be told it does not.
/// </summary>
public static class ScenarioNotes
{
    /// <summary>The notes for <paramref name="scenario"/> on its machine (with any command-line changes already applied), in line order.</summary>
    public static IReadOnlyList<string> For(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var machine = scenario.Machine;
        var notes = new List<(int Line, string Text)>();
        var policy = PolicyCatalog.Find(machine.Policy);
        foreach (var (setting, line) in scenario.PolicySettingLines)
        {
            if (policy?.Reads(setting) == false)
            {
                notes.Add((line, $"line {line}: the machine's {setting} changes nothing here, as the {machine.Policy} policy does not read it; it applies to {string.Join(" and ", PolicyCatalog.Readers(setting))}."));
            }
        }

        if (machine.Scope == ReplacementScope.Global)
        {
            foreach (var spawn in scenario.Processes.Concat(scenario.Script.OfType<SpawnStep>()).Where(s => s.Quota > 0))
            {
                notes.Add((spawn.Line, $"line {spawn.Line}: the quota of {spawn.Process} ({Plural.Count(spawn.Quota, "frame")}) changes nothing here, as it holds only under local replacement (scope: local, or --scope local)."));
            }
        }

        return [.. notes.OrderBy(n => n.Line).Select(n => n.Text)];
    }
}
