namespace Vmsim.Core.Simulation;

/// <summary>
/// Why a page was evicted: which of reclaim's scopes (<see cref="Kernel.Reclaimer"/>) took it to
/// make room for a fault, or that the policy let it go on its own.
/// </summary>
public enum EvictionCause
{
    /// <summary>No frame was free, and reclaim took a page of any process (global replacement, or local when no narrower scope had one to give).</summary>
    MemoryFull,

    /// <summary>
    /// Under local replacement the faulting process held its quota of frames, so it gave up one
    /// of its own pages, whether or not other frames were free.
    /// </summary>
    AtQuota,

    /// <summary>
    /// Under local replacement no frame was free and the faulting process was below its quota, so
    /// reclaim took a page of a process holding more than its own quota.
    /// </summary>
    OverQuota,

    /// <summary>
    /// Under local replacement no frame was free, the faulting process was below its quota and no
    /// process held more than its own (quotas given by hand can add up to more than memory), so
    /// the faulting process gave up one of its own pages.
    /// </summary>
    OwnPage,

    /// <summary>
    /// The policy let the page go on its own, with no frame needed
    /// (<see cref="Replacement.IReplacementPolicy.NextDeparture"/>: the page left the working set).
    /// </summary>
    Departure,
}
