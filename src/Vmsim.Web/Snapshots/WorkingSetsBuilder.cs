using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;

namespace Vmsim.Web.Snapshots;

/// <summary>
/// Lays out the working sets that the machine's <see cref="WorkingSetMeter"/> holds after a
/// step (when <see cref="MachineConfig.WorkingSetWindow"/> asks for them): each process's
/// W(t, τ) with how much of it is resident, the demand D against the frames, and whether the
/// step moved D across them, which Core's recorder noted. Nothing of the model is computed
/// here: the sets, sizes, demand and quotas are the meter's and the kernel's.
/// </summary>
internal static class WorkingSetsBuilder
{
    /// <summary>Pages of a working set listed per process; the size counts them all.</summary>
    public const int MaxPages = SnapshotBuilder.MaxPageRows;

    /// <summary>
    /// The working sets after the step that <paramref name="recorded"/> narrated, or null when
    /// the machine does not measure them; <paramref name="pagesInDecimal"/> writes pages in decimal,
    /// as a reference string or a pages trace writes them.
    /// </summary>
    public static WorkingSetsView? Build(Machine machine, IReadOnlyList<RecordedStep> recorded, bool pagesInDecimal)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(recorded);
        if (machine.WorkingSets is not { } meter)
        {
            return null;
        }

        var processes = machine.Kernel.Processes.OrderBy(p => p.Pid).Select(p => Process(machine, meter, p, pagesInDecimal)).ToArray();
        return new WorkingSetsView(meter.Window, meter.Frames, meter.Demand, meter.ByQuota, meter.ByQuota ? null : Crossing(recorded), processes);
    }

    // The last move of the step's events (only a reference or an exit makes one: StepRecorder).
    private static string? Crossing(IReadOnlyList<RecordedStep> recorded)
    {
        var move = recorded.Select(r => r.DemandCrossing).LastOrDefault(c => c != 0);
        return move > 0 ? "above" : move < 0 ? "within" : null;
    }

    private static ProcessWorkingSetView Process(Machine machine, WorkingSetMeter meter, Process process, bool pagesInDecimal)
    {
        if (!process.IsRunning)
        {
            return new ProcessWorkingSetView(process.Pid, process.Name, false, [], 0, 0, 0, null);
        }

        var pages = meter.Of(process.Pid)?.Pages() ?? [];
        var table = process.AddressSpace.PageTable;
        var resident = pages.Count(p => table.Walk(p, alloc: false, out _) is { IsValid: true } pte && pte.Entry.IsPresent);
        var shown = pages.Take(MaxPages)
            .Select(p => p.Written(pagesInDecimal))
            .ToArray();
        return new ProcessWorkingSetView(
            process.Pid,
            process.Name,
            true,
            shown,
            pages.Count - shown.Length,
            pages.Count,
            resident,
            meter.ByQuota ? machine.Kernel.QuotaOf(process) : null);
    }
}
