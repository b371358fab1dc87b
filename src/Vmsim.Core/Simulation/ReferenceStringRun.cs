using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The textbook mode: one process whose every page is valid and backed by a backing
/// store (a shared file mapping, read-write-execute, over all the pages referenced),
/// playing a reference string. The first touch of a page is a fault, and so is a touch
/// after eviction, so the fault count is the textbook's page-fault count; a dirty page is
/// written back to the backing store when evicted.
/// </summary>
public static class ReferenceStringRun
{
    /// <summary>The name of the backing store in reports.</summary>
    public const string BackingStore = "backing-store";

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
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(beforeFirstStep);
        var machine = new Machine(config);
        beforeFirstStep(machine);
        var geometry = config.Geometry;
        var highest = references.Count == 0 ? 0UL : references.Max(r => r.Page);
        if (!geometry.Contains(new PageNumber(highest)))
        {
            throw new SimulationException($"page {highest} lies outside the {geometry.AddressBits}-bit address space of {geometry.Name}");
        }

        var process = machine.Spawn("refs");
        machine.Mmap(process, new PageNumber(0), highest + 1, Protection.All, BackingStore, shared: true, name: BackingStore);
        var next = NextUse.Compute(references.Select(r => r.Page).ToArray());
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            machine.Access(process, geometry.AddressOf(new PageNumber(reference.Page)), reference.Kind, next[i]);
        }

        return machine;
    }

    /// <summary>
    /// The fault count of every policy in <paramref name="policies"/> at every frame count
    /// in <paramref name="frameCounts"/>: the table that shows Belady's anomaly when it
    /// happens. Rows follow the policies, columns the frame counts.
    /// </summary>
    public static long[,] CompareFaults(IReadOnlyList<PageReference> references, MachineConfig config, IReadOnlyList<string> policies, IReadOnlyList<int> frameCounts)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frameCounts);
        var table = new long[policies.Count, frameCounts.Count];
        for (var p = 0; p < policies.Count; p++)
        {
            for (var f = 0; f < frameCounts.Count; f++)
            {
                table[p, f] = Run(references, config with { Policy = policies[p], Frames = frameCounts[f] }).Counters.Faults;
            }
        }

        return table;
    }
}
