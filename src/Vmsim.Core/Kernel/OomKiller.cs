using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
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
    /// see <see cref="OomKillEvent.SecondFrame"/>). Returns the process killed, or null when no
    /// process holds any page (then the faulting process is killed too, and returned).
    /// </summary>
    public Process? KillForMemory(Process faulting, bool secondFrame)
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
        var before = _kernel.Observer is null ? null : new HeldMemory(_kernel);
        _kernel.Terminate(victim, ProcessState.Oom, $"killed by the OOM killer: out of memory with {Plural.Count(resident, "resident page")}, the most of any process");
        if (before is not null)
        {
            _kernel.Observer?.OnOomKill(before.KillReport(new OomKillEvent(victim.Pid, resident, faulting.Pid) { SecondFrame = secondFrame }));
        }

        return victim;
    }

    // What frames and swap slots hold just before a kill, to tell afterwards what the kill freed
    // and what others keep. Taken only for an observer: a kill is rare, and a report of it reads
    // every frame and slot.
    private sealed class HeldMemory
    {
        private readonly Kernel _kernel;

        // Each frame's map count, or -1 for a free frame.
        private readonly int[] _mapCounts;
        private readonly int[] _slotReferences;
        private readonly FrameNumber[] _pinned;

        public HeldMemory(Kernel kernel)
        {
            _kernel = kernel;
            var frames = kernel.Frames;
            _mapCounts = new int[frames.Count];
            var pinned = new List<FrameNumber>();
            for (var f = 0; f < frames.Count; f++)
            {
                ref readonly var record = ref frames[new FrameNumber(f)];
                _mapCounts[f] = record.Use == FrameUse.Free ? -1 : record.MapCount;
                if (record.Pinned)
                {
                    pinned.Add(new FrameNumber(f));
                }
            }

            _pinned = [.. pinned];
            var swap = kernel.Swap;
            _slotReferences = new int[swap.Slots];
            for (var s = 0; s < swap.Slots; s++)
            {
                _slotReferences[s] = swap.ReferencesOf(new SwapSlot(s));
            }
        }

        // The kill's event with what it freed and what others keep, against the state now.
        public OomKillEvent KillReport(OomKillEvent kill)
        {
            var frames = _kernel.Frames;
            var freedFrames = new List<FrameNumber>();
            var keptFrames = new List<FrameNumber>();
            for (var f = 0; f < _mapCounts.Length; f++)
            {
                var frame = new FrameNumber(f);
                ref readonly var record = ref frames[frame];
                if (_mapCounts[f] < 0)
                {
                    continue;
                }

                if (record.Use == FrameUse.Free)
                {
                    freedFrames.Add(frame);
                }
                else if (record.MapCount < _mapCounts[f])
                {
                    keptFrames.Add(frame);
                }
            }

            var swap = _kernel.Swap;
            var freedSlots = new List<SwapSlot>();
            var keptSlots = new List<SwapSlot>();
            for (var s = 0; s < _slotReferences.Length; s++)
            {
                var slot = new SwapSlot(s);
                var now = swap.ReferencesOf(slot);
                if (now < _slotReferences[s])
                {
                    (now == 0 ? freedSlots : keptSlots).Add(slot);
                }
            }

            return kill with { FreedFrames = freedFrames, KeptFrames = keptFrames, FreedSlots = freedSlots, KeptSlots = keptSlots, PinnedFrames = _pinned };
        }
    }
}
