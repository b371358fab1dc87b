namespace Vmsim.Core.Replacement;

/// <summary>What a replacement policy needs the kernel to report, beyond loads and removals.</summary>
[Flags]
public enum PolicyNeeds
{
    /// <summary>Loads, removals and the accessed and dirty bits are enough (CLOCK, FIFO, NRU).</summary>
    None = 0,

    /// <summary>Every access that hits a resident page (LRU, LFU, OPT, WS).</summary>
    EveryAccess = 1 << 0,

    /// <summary>A periodic tick to sample accessed bits (Aging).</summary>
    Ticks = 1 << 1,

    /// <summary>
    /// The next-use time of each access (<see cref="AccessContext.NextUse"/>): the workload
    /// must be expanded ahead of time or carry the field (OPT).
    /// </summary>
    Future = 1 << 2,

    /// <summary>
    /// What it does on a hit depends on the frame alone, never on the access (its time,
    /// page, kind or next use) nor on the clock: the machine may tell it a run of hits at
    /// once, in order, through <see cref="IReplacementPolicy.OnHits"/> (LRU, LFU, ARC).
    /// </summary>
    HitFramesOnly = 1 << 3,

    /// <summary>
    /// It lets resident pages go on its own, not only when the kernel needs a frame: after
    /// each access it has heard of, the kernel asks it for them
    /// (<see cref="IReplacementPolicy.NextDeparture"/>) and evicts each. A variable-space
    /// policy, whose resident set is its working set (WS).
    /// </summary>
    Departures = 1 << 4,
}
