namespace Vmsim.Core.Simulation;

/// <summary>
/// What happened, counted: for the whole machine and for each process. Fields rather
/// than properties because the access loop increments them on every access.
/// </summary>
public sealed class Counters
{
    /// <summary>Memory accesses made.</summary>
    public long Accesses;

    /// <summary>Accesses that needed no page fault.</summary>
    public long Hits;

    /// <summary>Page faults raised (each access faults at most once).</summary>
    public long Faults;

    /// <summary>Faults resolved without disk reads.</summary>
    public long MinorFaults;

    /// <summary>Faults that read from swap or a file.</summary>
    public long MajorFaults;

    /// <summary>Anonymous pages zero-filled on first touch.</summary>
    public long ZeroFill;

    /// <summary>File pages found in the page cache.</summary>
    public long PageCache;

    /// <summary>File pages read from their files.</summary>
    public long FileRead;

    /// <summary>Faults resolved by a swap-in (the same as <see cref="SwapIns"/>, counted as a fault kind).</summary>
    public long SwapInFaults;

    /// <summary>Swapped-out pages found still resident in the swap cache.</summary>
    public long SwapCache;

    /// <summary>Copy-on-write breaks that copied the page.</summary>
    public long CowCopy;

    /// <summary>Copy-on-write breaks that reused the page in place (last sharer).</summary>
    public long CowReuse;

    /// <summary>
    /// Copy-on-write breaks made within a fault that also brought the page in: a write to a
    /// private page that was not present (read from its file or found in the page cache,
    /// swapped in or found in the swap cache, then copied or reused). Each is counted in
    /// <see cref="CowCopy"/> or <see cref="CowReuse"/> as well as in the kind that brought
    /// the page in, so the fault kinds add up to this many more than the faults.
    /// </summary>
    public long CowWithinLoad;

    /// <summary>Segmentation faults on unmapped addresses.</summary>
    public long SegvUnmapped;

    /// <summary>Segmentation faults on protection violations.</summary>
    public long SegvProtection;

    /// <summary>Pages evicted: by reclaim, and by a policy that lets pages go on its own (the working set's departures).</summary>
    public long Evictions;

    /// <summary>Dirty pages written back (to swap or a file).</summary>
    public long Writebacks;

    /// <summary>Pages written to swap.</summary>
    public long SwapOuts;

    /// <summary>Pages read from swap.</summary>
    public long SwapIns;

    /// <summary>Translations found in the TLB.</summary>
    public long TlbHits;

    /// <summary>
    /// Translations that needed a page-table walk. Counted per lookup: a faulting access
    /// looks up twice (the first try and the retry), so the TLB hit rate is per lookup
    /// (<see cref="TlbPerLookupNote"/>).
    /// </summary>
    public long TlbMisses;

    /// <summary>
    /// Why TLB hits and misses add up to more than the accesses, in the words the command
    /// line's summary and the visualizer's counts both use.
    /// </summary>
    public const string TlbPerLookupNote = "Counted per lookup: an access whose fault the kernel resolved is retried and looks up the TLB again, so hits and misses add up to more than the accesses.";

    /// <summary>
    /// TLB entries dropped because a policy cleared the accessed or dirty bit of the page they
    /// translate (<see cref="Replacement.IFrameHost.TestAndClearAccessed"/>, <see cref="Replacement.IFrameHost.Clean"/>):
    /// an entry that has set a bit does not set it again, so the kernel flushes it, and the
    /// next access to the page, resident all along, misses the TLB. Counted for the machine only.
    /// </summary>
    public long TlbDroppedByBitClears;

    /// <summary>
    /// TLB hits whose entry forbade the access, so that the MMU raised a fault without a walk: a
    /// write to a copy-on-write page, a protection SIGSEGV. True to the hardware (the TLB held the
    /// translation; the permission check failed), they are counted in <see cref="TlbHits"/>, and
    /// so in the textbook's α, which supposes that a hit completes. Counted for the machine only.
    /// </summary>
    public long TlbHitsFaulted;

    /// <summary>Faults that found no frame: the OOM killer ran and killed the faulting process.</summary>
    public long OomFaults;

    /// <summary>Processes killed by the out-of-memory killer.</summary>
    public long OomKills;

    /// <summary>Context switches.</summary>
    public long ContextSwitches;

    /// <summary>Page-table levels read by page-table walks (every level of every walk).</summary>
    public long PageWalkLevels;

    /// <summary>Faulting accesses re-executed after the fault handler resolved the fault.</summary>
    public long Retries;

    /// <summary>
    /// Simulated time, in nanoseconds: the cost model applied to the counts (TLB hits, walk
    /// levels, memory references, minor and major faults, write-backs). Computed when read,
    /// so the access path only counts; 0 for counts kept without a cost model.
    /// </summary>
    public long SimulatedNs => Cost is not { } cost ? 0 :
        (TlbHits * cost.TlbHitNs) + (PageWalkLevels * cost.PageWalkLevelNs) + ((Hits + Retries) * cost.MemoryAccessNs)
        + (MinorFaults * cost.MinorFaultNs) + (MajorFaults * cost.MajorFaultNs) + (Writebacks * cost.WritebackNs);

    /// <summary>
    /// Sets every count back to zero (the cost model stays), as at the end of a warm-up:
    /// what is counted from then on is what the run reports.
    /// </summary>
    public void Reset()
    {
        Accesses = Hits = Faults = MinorFaults = MajorFaults = 0;
        ZeroFill = PageCache = FileRead = SwapInFaults = SwapCache = 0;
        CowCopy = CowReuse = CowWithinLoad = SegvUnmapped = SegvProtection = 0;
        Evictions = Writebacks = SwapOuts = SwapIns = 0;
        TlbHits = TlbMisses = TlbDroppedByBitClears = TlbHitsFaulted = OomFaults = OomKills = ContextSwitches = 0;
        PageWalkLevels = Retries = 0;
    }

    /// <summary>The cost model that prices <see cref="SimulatedNs"/>, if any.</summary>
    public CostModel? Cost { get; init; }

    /// <summary>The fault rate: faults per access.</summary>
    public double FaultRate => Accesses == 0 ? 0 : (double)Faults / Accesses;

    /// <summary>Effective access time in nanoseconds: simulated time per access.</summary>
    public double EffectiveAccessNs => Accesses == 0 ? 0 : (double)SimulatedNs / Accesses;
}
