using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Web.Sessions;

/// <summary>
/// A reference string as a scenario, so that <see cref="ScenarioRun"/> can step it: the same
/// machine set-up as <see cref="ReferenceStringRun.Run"/> (one process named <c>refs</c> with
/// one shared read-write-execute mapping of the backing store over pages 0 to the highest
/// referenced), then one access per reference. Tests hold its fault counts equal to
/// <see cref="ReferenceStringRun.Run"/>'s for every policy.
/// </summary>
internal static class ReferenceScenario
{
    /// <summary>The process's name, as <see cref="ReferenceStringRun.Run"/> gives it.</summary>
    public const string ProcessName = "refs";

    /// <summary>The scenario's name in messages.</summary>
    public const string Source = "reference string";

    /// <summary>Builds the scenario; each reference's step carries its 1-based position as its line.</summary>
    public static Scenario Build(IReadOnlyList<PageReference> references, MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(config);
        var geometry = config.Geometry;
        var highest = references.Count == 0 ? 0UL : references.Max(r => r.Page);
        if (!geometry.Contains(new PageNumber(highest)))
        {
            throw new VisualizerInputException(
                $"page {highest} lies outside the {geometry.AddressBits}-bit address space of {geometry.Name}; choose smaller page numbers or another page size",
                Source);
        }

        var store = new RegionSpec(ReferenceStringRun.BackingStore, new PageNumber(0), highest + 1, Protection.All, ReferenceStringRun.BackingStore, 0, Shared: true);
        var spawn = new SpawnStep(0, ProcessName, 0, [store]);
        var script = new ScenarioStep[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            script[i] = new TouchStep(i + 1, ProcessName, null, geometry.AddressOf(new PageNumber(reference.Page)), 0, 1,
                AccessPattern.Sequential, Count: 1, Times: 1, reference.Kind, WriteFraction: null, Exponent: 1.0, Seed: 0);
        }

        return new Scenario(Source, "Reference string", null, config, [spawn], script);
    }
}
