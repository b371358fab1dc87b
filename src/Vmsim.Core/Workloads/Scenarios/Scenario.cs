using Vmsim.Core.Simulation;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>A multi-process scenario: the machine, the processes at the start, and a script of steps.</summary>
/// <param name="Source">The file it was read from, for messages.</param>
/// <param name="Title">A one-line title (the <c>title</c> field), or null.</param>
/// <param name="Description">What to look for (the <c>description</c> field), or null.</param>
/// <param name="Machine">The machine, with the scenario's settings over the defaults.</param>
/// <param name="Processes">The processes created before the script starts, each with its regions.</param>
/// <param name="Script">The steps, in order.</param>
public sealed record Scenario(
    string Source,
    string? Title,
    string? Description,
    MachineConfig Machine,
    IReadOnlyList<SpawnStep> Processes,
    IReadOnlyList<ScenarioStep> Script)
{
    /// <summary>
    /// The settings the scenario's machine gives that only some policies read (<c>tick</c>,
    /// <c>aging-bits</c>, <c>clock-insert</c>, <c>window</c>: see <see cref="Replacement.PolicyInfo.Settings"/>),
    /// each with its line, so that a run can say when its policy reads one not at all.
    /// </summary>
    public IReadOnlyDictionary<string, int> PolicySettingLines { get; init; } = new Dictionary<string, int>();
}
