using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The replacement policy's state after an access of a trace replay, in the trace's terms: each
/// frame's page as the trace numbers it and, once the trace has more than one process, the
/// trace's process id of each (<see cref="PolicyState"/>). <c>replay --steps</c> (its Policy
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
        var pids = _replay.Processes.Count > 1 ? new int[pages.Length] : null;
        for (var i = 0; i < pages.Length; i++)
        {
            ref var frame = ref kernel.Frames[view.Order[i].Frame];
            pages[i] = frame.OwnerPage.Value;
            if (pids is not null)
            {
                pids[i] = TracePid(frame.Owner);
            }
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
