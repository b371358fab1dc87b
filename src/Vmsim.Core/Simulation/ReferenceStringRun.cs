using System.Globalization;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The textbook mode: one process whose every page is valid and backed by a backing
/// store (a shared file mapping, read-write-execute, over all the pages referenced),
/// playing a reference string. The first touch of a page is a fault, and so is a touch
/// after eviction, so the fault count is the textbook's page-fault count; a dirty page is
/// written back to the backing store when evicted. A reference string is run as a
/// scenario (<see cref="ToScenario"/>), so it can be stepped like any other.
/// </summary>
public static class ReferenceStringRun
{
    /// <summary>The name of the backing store in reports.</summary>
    public const string BackingStore = "backing-store";

    /// <summary>The name of the one process.</summary>
    public const string ProcessName = "refs";

    /// <summary>How a reference string is named in messages.</summary>
    public const string Source = "reference string";

    /// <summary>
    /// The reference string as a scenario: process <see cref="ProcessName"/> maps the
    /// backing store over pages 0 to the highest referenced, then makes one access per
    /// reference; each reference's step has its 1-based position as its line. Throws
    /// <see cref="SimulationException"/> when a page lies outside the address space.
    /// </summary>
    public static Scenario ToScenario(IReadOnlyList<PageReference> references, MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(config);
        var geometry = config.Geometry;
        var highest = references.Count == 0 ? 0UL : references.Max(r => r.Page);
        if (!geometry.Contains(new PageNumber(highest)))
        {
            var first = references.Select((r, i) => (r.Page, Position: i + 1)).First(r => !geometry.Contains(new PageNumber(r.Page)));
            throw new SimulationException(string.Create(CultureInfo.InvariantCulture,
                $"reference {first.Position} of the string, page {first.Page:N0}, lies outside the {geometry.AddressBits}-bit address space of {geometry.Name}, whose pages are 0 to {geometry.PageCount - 1:N0}"));
        }

        var store = new RegionSpec(BackingStore, new PageNumber(0), highest + 1, Protection.All, BackingStore, 0, Shared: true);
        var script = new ScenarioStep[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            script[i] = new TouchStep(i + 1, ProcessName, null, geometry.AddressOf(new PageNumber(reference.Page)), 0, 1,
                AccessPattern.Sequential, Count: 1, Times: 1, reference.Kind, WriteFraction: null, Exponent: 1.0, Seed: 0);
        }

        return new Scenario(Source, "Reference string", null, config, [new SpawnStep(0, ProcessName, 0, [store])], script);
    }

    /// <summary>
    /// Builds a machine from <paramref name="config"/> and plays <paramref name="references"/>;
    /// <paramref name="observer"/>, if given, hears every step. Returns the machine, whose
    /// counters hold the result.
    /// </summary>
    public static Machine Run(IReadOnlyList<PageReference> references, MachineConfig config, IMachineObserver? observer = null) =>
        Run(references, config, machine => machine.Observer = observer);

    /// <summary>
    /// As <see cref="Run(IReadOnlyList{PageReference}, MachineConfig, IMachineObserver?)"/>, with
    /// <paramref name="beforeFirstStep"/> called on the new machine before anything happens
    /// (to attach a <see cref="StepRecorder"/>, which needs the machine).
    /// </summary>
    public static Machine Run(IReadOnlyList<PageReference> references, MachineConfig config, Action<Machine> beforeFirstStep)
    {
        ArgumentNullException.ThrowIfNull(beforeFirstStep);
        var run = new ScenarioRun(ToScenario(references, config), config);
        beforeFirstStep(run.Machine);
        run.RunToEnd();
        return run.Machine;
    }

    /// <summary>
    /// The fault count of every policy in <paramref name="policies"/> at every frame count
    /// in <paramref name="frameCounts"/>: the table that shows Belady's anomaly when it
    /// happens. Rows follow the policies, columns the frame counts.
    /// </summary>
    public static long[,] CompareFaults(IReadOnlyList<PageReference> references, MachineConfig config, IReadOnlyList<string> policies, IReadOnlyList<int> frameCounts)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(policies);
        return CompareFaults(references, config, [.. policies.Select(p => PolicyVariant.Plain(p, config.PolicyOptions))], frameCounts);
    }

    /// <summary>
    /// The same table for <paramref name="variants"/>: each row a policy with its variant's options.
    /// </summary>
    public static long[,] CompareFaults(IReadOnlyList<PageReference> references, MachineConfig config, IReadOnlyList<PolicyVariant> variants, IReadOnlyList<int> frameCounts)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(frameCounts);
        var table = new long[variants.Count, frameCounts.Count];
        for (var p = 0; p < variants.Count; p++)
        {
            for (var f = 0; f < frameCounts.Count; f++)
            {
                var run = config with { Policy = variants[p].Policy, PolicyOptions = variants[p].Options, Frames = frameCounts[f] };
                table[p, f] = Run(references, run).Counters.Faults;
            }
        }

        return table;
    }
}
