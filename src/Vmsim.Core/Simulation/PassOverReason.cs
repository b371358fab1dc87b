namespace Vmsim.Core.Simulation;

/// <summary>
/// Why reclaim could not take a frame the policy asked about (<see cref="Replacement.IFrameHost.CanEvict"/>
/// said no), so the policy passed over it for another.
/// </summary>
public enum PassOverReason
{
    /// <summary>A dirty page of anonymous memory with no copy in swap, and no swap slot free to write it to.</summary>
    DirtyNoSwap,

    /// <summary>Held by the fault in progress: the page a copy-on-write fault is copying from.</summary>
    Pinned,

    /// <summary>Under local replacement, a page of another process, out of the faulting process's reach.</summary>
    OtherProcess,

    /// <summary>Under local replacement, a page of a process not over its quota, when the page had to come from one over it.</summary>
    NotOverQuota,
}
