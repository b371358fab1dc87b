using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>One memory access and what the machine did for it.</summary>
/// <param name="Time">The access's index (virtual time).</param>
/// <param name="Pid">The process that made it.</param>
/// <param name="Address">The virtual address.</param>
/// <param name="Page">The virtual page.</param>
/// <param name="Kind">Read, write or execute.</param>
/// <param name="TlbHit">True when the TLB held the translation.</param>
/// <param name="Fault">The fault handler's case, or <see cref="FaultKind.None"/> for a hit.</param>
/// <param name="Result">The fault's result flags.</param>
/// <param name="Frame">The frame the access reached, or none after a SIGSEGV or OOM kill.</param>
/// <param name="SourceFrame">For a COW copy, the shared frame copied from.</param>
/// <param name="Slot">For a swap-in, the slot read.</param>
/// <param name="Segv">For a SIGSEGV, why.</param>
public readonly record struct AccessEvent(
    long Time,
    int Pid,
    VirtualAddress Address,
    PageNumber Page,
    AccessKind Kind,
    bool TlbHit,
    FaultKind Fault,
    FaultResult Result,
    FrameNumber Frame,
    FrameNumber SourceFrame,
    SwapSlot Slot,
    SegvReason Segv)
{
    /// <summary>
    /// The region that mapped the page when the access was made, before its fault could end the
    /// process (a SIGSEGV, the OOM killer) and take its regions with it; null when none did.
    /// </summary>
    public Vma? Region { get; init; }

    /// <summary>For an access whose SIGSEGV ended its process, what the end freed and what others keep; otherwise null.</summary>
    public FreedMemory? Freed { get; init; }

    /// <summary>
    /// The walk of the page table the access's translation made when the TLB did not answer it:
    /// how far it got and the entry it found there (for a hit, the entry after the access set its
    /// bits). Null when the TLB held the translation, when the address is beyond the page
    /// table's reach, and for an access made with nobody listening.
    /// </summary>
    public PageWalk? Walk { get; init; }

    /// <summary>How many page-table pages the fault handler allocated on the way to the page's entry.</summary>
    public int TablesAllocated { get; init; }

    /// <summary>For a fault the kernel resolved, true when the restarted access found the translation in the TLB.</summary>
    public bool RetryTlbHit { get; init; }

    /// <summary>
    /// For a fault the kernel resolved, the page's entry once the restarted access had gone
    /// through (its accessed and dirty bits set by that access); empty otherwise.
    /// </summary>
    public Pte EntryAfter { get; init; }
}

/// <summary>A page evicted: by reclaim, to free a frame, or as a departure, let go by the policy on its own.</summary>
/// <param name="Frame">The frame freed.</param>
/// <param name="Owner">The process that brought the page in.</param>
/// <param name="Page">Its virtual page in that process.</param>
/// <param name="Use">Anonymous or file page.</param>
/// <param name="Dirty">True when it had to be written back.</param>
/// <param name="Slot">The swap slot now holding it (anonymous pages with a copy on swap), or none.</param>
/// <param name="Unmapped">Every page-table entry that mapped the page, each found through the
/// reverse map and cleared: several when processes shared the frame, none for a page-cache
/// page that no process mapped any more.</param>
/// <param name="FileId">For a page of the page cache (of a file or of shared anonymous
/// memory), its object's id in <see cref="Storage.FileSystem"/>; -1 for a private anonymous page.</param>
/// <param name="FilePage">For a page of the page cache, its index in its object.</param>
/// <param name="Cause">Why the page went: memory full, the faulting process at its quota or below
/// it (local replacement), or a departure the policy named on its own.</param>
public readonly record struct EvictionEvent(FrameNumber Frame, int Owner, PageNumber Page, FrameUse Use, bool Dirty, SwapSlot Slot, IReadOnlyList<MappedPage> Unmapped, int FileId, long FilePage, EvictionCause Cause)
{
    /// <summary>
    /// True when the policy let the page go on its own, with no frame needed
    /// (<see cref="EvictionCause.Departure"/>); false for a victim that reclaim took to free a frame.
    /// </summary>
    public bool Departure => Cause == EvictionCause.Departure;

    /// <summary>
    /// The faulting process's quota of frames when it was under local replacement
    /// (<see cref="EvictionCause.AtQuota"/>, <see cref="EvictionCause.OverQuota"/>,
    /// <see cref="EvictionCause.OwnPage"/>); 0 otherwise.
    /// </summary>
    public int Quota { get; init; }

    /// <summary>
    /// True when it made room for the second frame of a fault: the private copy a write needs of
    /// a page the same fault has just brought in (a file page of a private mapping, or a swapped
    /// page still shared copy-on-write); false when it made room for the fault's first frame, or
    /// was a departure.
    /// </summary>
    public bool SecondFrame { get; init; }

    /// <summary>
    /// The frames the policy asked about before it chose this one and that reclaim could not
    /// take, each once, in the order first asked, with why; empty for a departure.
    /// </summary>
    public IReadOnlyList<PassedOverFrame> PassedOver { get; init; } = [];

    /// <summary>The mappings of <see cref="Unmapped"/> whose translation the TLB held, dropped with them.</summary>
    public IReadOnlyList<MappedPage> TlbDropped { get; init; } = [];

    /// <summary>
    /// The frames the policy gave a second chance before it chose this one (their reference bits
    /// found set and cleared, and their TLB entries dropped), in the order it cleared them, the
    /// victim itself left out; empty for a departure.
    /// </summary>
    public IReadOnlyList<SecondChanceFrame> SecondChances { get; init; } = [];

    /// <summary>
    /// True when the search found this frame's own reference bit set and cleared it before it came
    /// back and took it (a clock that found every bit set goes all the way round); the TLB entries
    /// that clearing dropped are <see cref="VictimTlbDropped"/>, counted with the others the
    /// policy's clears dropped.
    /// </summary>
    public bool VictimBitCleared { get; init; }

    /// <summary>The translations the TLB held of this frame's pages that went when the search cleared its bit (<see cref="VictimBitCleared"/>); empty otherwise.</summary>
    public IReadOnlyList<MappedPage> VictimTlbDropped { get; init; } = [];
}

/// <summary>A virtual page of a process that maps a frame.</summary>
/// <param name="Pid">The process.</param>
/// <param name="Page">Its virtual page.</param>
public readonly record struct MappedPage(int Pid, PageNumber Page);

/// <summary>
/// A process killed by the out-of-memory killer, reported once it has released what it held:
/// what the kill freed, and what of it others keep.
/// </summary>
/// <param name="Pid">The process killed.</param>
/// <param name="ResidentPages">Its resident pages when it was chosen.</param>
/// <param name="FaultingPid">The process whose fault found no frame.</param>
public readonly record struct OomKillEvent(int Pid, int ResidentPages, int FaultingPid)
{
    /// <summary>What the kill freed, and what of what the process held others keep.</summary>
    public FreedMemory Freed { get; init; } = FreedMemory.None;

    /// <summary>The frames the kill returned to the free list, ascending.</summary>
    public IReadOnlyList<FrameNumber> FreedFrames => Freed.Frames;

    /// <summary>The swap slots the kill freed (it held their last reference), ascending.</summary>
    public IReadOnlyList<SwapSlot> FreedSlots => Freed.Slots;

    /// <summary>
    /// The frames it mapped that stay in use, ascending: pages it shared with other processes
    /// (copy-on-write, a shared mapping), kept in the page cache, or held by the fault.
    /// </summary>
    public IReadOnlyList<FrameNumber> KeptFrames => Freed.KeptFrames;

    /// <summary>The swap slots its entries held that other holders keep, ascending: pages it shared copy-on-write.</summary>
    public IReadOnlyList<SwapSlot> KeptSlots => Freed.KeptSlots;

    /// <summary>
    /// The frames the fault in progress held when the killer ran, which reclaim could not take:
    /// the page a copy-on-write fault was copying from.
    /// </summary>
    public IReadOnlyList<FrameNumber> PinnedFrames { get; init; } = [];

    /// <summary>True when the kill made room for the second frame of the fault (as <see cref="EvictionEvent.SecondFrame"/>).</summary>
    public bool SecondFrame { get; init; }

    /// <summary>
    /// The frames the policy asked about in its last search for a victim before the kill, each
    /// once, in the order first asked, with why reclaim could not take them.
    /// </summary>
    public IReadOnlyList<PassedOverFrame> PassedOver { get; init; } = [];
}

/// <summary>A process operation: spawn, fork, exit, mmap, munmap, mprotect, brk or switch.</summary>
/// <param name="Operation">Its name, as in a scenario.</param>
/// <param name="Pid">The process it applied to.</param>
/// <param name="Description">What it did, in words.</param>
public sealed record OperationEvent(string Operation, int Pid, string Description)
{
    /// <summary>For an access a scenario did not make (its process had ended), the address it would have touched; otherwise null.</summary>
    public VirtualAddress? SkippedAddress { get; init; }

    /// <summary>
    /// For a step of a scenario's process that was never created (the fork that would have made
    /// it did nothing, its parent having ended), the process's name in the scenario; its
    /// <see cref="Pid"/> is then 0. Otherwise null.
    /// </summary>
    public string? NeverCreated { get; init; }

    /// <summary>
    /// For an exit, an munmap or a brk, what it freed (frames, swap slots, and shared memory it
    /// was the last to map) and what of what it let go others keep; otherwise null.
    /// </summary>
    public FreedMemory? Freed { get; init; }

    /// <summary>The process in a word: <c>P2</c>, or the scenario's name of one never created (<see cref="NeverCreated"/>).</summary>
    public string ProcessLabel => NeverCreated ?? $"P{Pid}";

    /// <summary>
    /// True for an access a scenario did not make because its process had ended (an operation
    /// of an ended process that did nothing is not one): the steps the command line's step
    /// table and narration, and the visualizer's timeline, condense into one.
    /// </summary>
    public bool IsSkippedAccess => SkippedAddress is not null;
}
