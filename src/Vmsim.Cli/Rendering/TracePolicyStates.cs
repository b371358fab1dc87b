using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The replacement policy's state after an access of a trace replay, in the trace's terms: each
/// frame's page as the trace numbers it and the trace's process id of each, always, even when
/// the trace has one process (<see cref="PolicyState"/>), as the access log's <c>evicted</c>
/// column writes <c>0:1</c>: the pages are written alike from the first access to the last. <c>replay --steps</c> (its Policy
/// column) and the access log's <c>policy</c> column (<c>--log-policy</c>) read it. Each call
/// asks the policy for its view (<see cref="Vmsim.Core.Replacement.IReplacementPolicy.Inspect"/>),
/// which costs a walk of its frames: nothing is kept from one access to the next but the
/// trace's process ids.
/// </summary>
internal sealed class TracePolicyStates
{
    private readonly TraceReplay _replay;
    private readonly Dictionary<int, int> _tracePids = [];

    /// <summary>Reads the policy of <paramref name="replay"/>'s machine.</summary>
    public TracePolicyStates(TraceReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        _replay = replay;
    }

    /// <summary>
    /// The policy's state after <paramref name="access"/>, the <paramref name="number"/>th of the
    /// trace (from 1): its times are written as the numbers of the accesses they fall on.
    /// </summary>
    public PolicyState After(in AccessEvent access, long number)
    {
        var kernel = _replay.Machine.Kernel;
        var view = kernel.Policy.Inspect();
        var pages = new ulong[view.Order.Count];
        var pids = new int[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            ref var frame = ref kernel.Frames[view.Order[i].Frame];
            pages[i] = frame.OwnerPage.Value;
            pids[i] = TracePid(frame.Owner);
        }

        return new PolicyState(view, pages, number - access.Time, pids);
    }

    /// <summary>The trace's process id of the machine's process <paramref name="pid"/>, the replay's processes looked up again when a new one appears.</summary>
    public int TracePid(int pid)
    {
        if (!_tracePids.TryGetValue(pid, out var tracePid))
        {
            foreach (var (id, process) in _replay.Processes)
            {
                _tracePids[process.Pid] = id;
            }

            tracePid = _tracePids[pid];
        }

        return tracePid;
    }
}
