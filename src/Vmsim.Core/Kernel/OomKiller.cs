using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>
/// The out-of-memory killer: when no frame is free and nothing can be evicted (swap is
/// full and every clean page is gone), it kills the running process with the most
/// resident pages, as Linux's <c>oom_kill</c> does by its badness score, so that the
/// others can go on. Ties go to the lowest pid.
/// </summary>
public sealed class OomKiller
{
    private readonly Kernel _kernel;

    internal OomKiller(Kernel kernel) => _kernel = kernel;

    /// <summary>
    /// Kills the process with the most resident pages, on behalf of <paramref name="faulting"/>
    /// whose fault found no frame (<paramref name="secondFrame"/>: for the fault's second frame,
    /// see <see cref="OomKillEvent.SecondFrame"/>; <paramref name="passedOver"/>: what reclaim's
    /// last search could not take, for the event). Returns the process killed, or null when no
    /// process holds any page (then the faulting process is killed too, and returned).
    /// </summary>
    public Process? KillForMemory(Process faulting, bool secondFrame, IReadOnlyList<PassedOverFrame>? passedOver = null)
    {
        ArgumentNullException.ThrowIfNull(faulting);
        Process? victim = null;
        foreach (var process in _kernel.Processes)
        {
            if (process.IsRunning && process.AddressSpace.ResidentPages > 0
                && (victim is null || process.AddressSpace.ResidentPages > victim.AddressSpace.ResidentPages))
            {
                victim = process;
            }
        }

        victim ??= faulting.IsRunning ? faulting : null;
        if (victim is null)
        {
            return null;
        }

        var resident = victim.AddressSpace.ResidentPages;
        _kernel.Counters.OomKills++;
        var before = _kernel.Terminate(victim, ProcessState.Oom, $"killed by the OOM killer: out of memory with {Plural.Count(resident, "resident page")}, the most of any process");
        if (before is not null)
        {
            _kernel.Observer?.OnOomKill(new OomKillEvent(victim.Pid, resident, faulting.Pid)
            {
                SecondFrame = secondFrame,
                Freed = before.Freed(),
                PinnedFrames = before.Pinned,
                PassedOver = passedOver ?? [],
            });
        }

        return victim;
    }
}
