using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Chooses which resident page to evict when the kernel needs a frame and the free
/// list is empty (Linux's <c>vmscan.c</c>). A policy tracks frames, not pages: the
/// kernel tells it when a frame starts holding a page, when a resident page is
/// accessed (only if the policy asks, see <see cref="Needs"/>), and when a frame
/// stops holding a page. A variable-space policy may also let pages go on its own, with
/// frames to spare (<see cref="NextDeparture"/>).
/// </summary>
/// <remarks>
/// Policies that work as hardware allows read and clear the accessed bits through
/// <see cref="IFrameHost"/> and never ask to see hits. Policies that need every
/// reference (LRU, LFU, OPT) ask for <see cref="PolicyNeeds.EveryAccess"/>, as every
/// simulator of them does. The kernel guarantees the order of calls for a fault:
/// the page is mapped, the faulting access is retried (which sets the accessed and,
/// for a write, dirty bits), and then <see cref="OnLoad"/> is called.
/// </remarks>
public interface IReplacementPolicy
{
    /// <summary>The policy's short name, as given on the command line (<c>fifo</c>, <c>lru</c>, ...).</summary>
    string Name { get; }

    /// <summary>What the policy needs the kernel to tell it beyond loads and removals.</summary>
    PolicyNeeds Needs { get; }

    /// <summary>Called once, before anything else, with the machine's view of its frames.</summary>
    void Attach(IFrameHost host);

    /// <summary>
    /// A fault is about to bring <paramref name="page"/> into a frame (by the identity
    /// <see cref="IFrameHost.IdentityOf"/> will give for the frame it loads): called once per such fault, ahead of the
    /// <see cref="SelectVictim"/> calls that may free frames for it, of which there can be
    /// two or more (a write to a private page not present takes two frames, the page and its
    /// copy, for one miss; see <see cref="SelectVictim"/>). A policy whose choice of
    /// victim depends on the page coming in (ARC adapts its target on a ghost hit before it
    /// replaces) learns of it here; the default does nothing.
    /// </summary>
    void OnMiss(PageIdentity page)
    {
    }

    /// <summary>A page has just been placed in <paramref name="frame"/> and its faulting access retried.</summary>
    void OnLoad(FrameNumber frame, in AccessContext access);

    /// <summary>
    /// A resident page in <paramref name="frame"/> was accessed without a fault. Called only
    /// when <see cref="Needs"/> has <see cref="PolicyNeeds.EveryAccess"/>.
    /// </summary>
    void OnHit(FrameNumber frame, in AccessContext access);

    /// <summary>
    /// Hits on <paramref name="frames"/>, in order, as many calls of <see cref="OnHit"/> would
    /// tell them. Called only when <see cref="Needs"/> has <see cref="PolicyNeeds.HitFramesOnly"/>
    /// (so the access context does not matter); a policy may take the run in one loop.
    /// </summary>
    void OnHits(ReadOnlySpan<FrameNumber> frames)
    {
        foreach (var frame in frames)
        {
            OnHit(frame, default);
        }
    }

    /// <summary>
    /// <paramref name="frame"/> no longer holds the page it held: it was evicted as a
    /// victim or a departure (<see cref="RemovalReason.Evicted"/>) or released by munmap, exit or the OOM
    /// killer (<see cref="RemovalReason.Released"/>). After this the frame is not the
    /// policy's until the next <see cref="OnLoad"/> for it.
    /// </summary>
    void OnRemove(FrameNumber frame, RemovalReason reason);

    /// <summary>
    /// Address space <paramref name="asid"/> has ended (its process exited or was killed) and
    /// its pages were released. Pids are never reused, so none of its private pages will be
    /// referenced again: a policy that remembers evicted pages (ghosts) forgets that space's
    /// (not pages of files or shared memory, nor pages known by a swap slot another process may
    /// hold, <see cref="PageIdentity"/>), which would otherwise
    /// hold places meant for live pages and skew what the policy learns from them. From then
    /// on it remembers none of that space's private pages: a frame the
    /// space loaded may stay resident, shared copy-on-write with a child, and its eviction
    /// leaves no ghost (<see cref="IFrameHost.HasEnded"/>). The default does nothing.
    /// </summary>
    void OnAddressSpaceExit(int asid)
    {
    }

    /// <summary>
    /// Memory object <paramref name="file"/> has been freed: shared anonymous memory whose last
    /// mapping went (by munmap or the end of its last mapper), its pages and swap slots with it.
    /// No fault can reach its pages again, so a policy that remembers evicted pages forgets
    /// those of the object (<see cref="PageIdentity.InObject"/>) now rather than letting them
    /// age out in places meant for live pages. The default does nothing.
    /// </summary>
    void OnObjectFreed(int file)
    {
    }

    /// <summary>
    /// Swap slot <paramref name="slot"/> has been freed (its last holder went: the entries that
    /// held it were unmapped, or their processes ended), and may next hold another page. A
    /// policy that remembers evicted pages forgets the page known by the slot
    /// (<see cref="PageIdentity.InSwap"/>), as Linux clears the shadow entry from the swap
    /// cache when it frees the slot (<c>clear_shadow_from_swap_cache</c>), so that the next
    /// page written there is not taken for a refault of this one. The default does nothing.
    /// </summary>
    void OnSwapSlotFreed(SwapSlot slot)
    {
    }

    /// <summary>
    /// Picks a frame to evict among the frames the policy holds for which
    /// <see cref="IFrameHost.CanEvict"/> is true, or returns <see cref="FrameNumber.None"/>
    /// when there is none. The kernel then evicts it and calls <see cref="OnRemove"/>.
    /// It is called during a fault, after <see cref="OnMiss"/> and before the policy hears of
    /// the faulting access; the faulting address space is <see cref="IFrameHost.Faulting"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// While it looks, a policy may read and clear accessed bits, clean dirty pages, move
    /// its hand (CLOCK), and move the pages it passes over between its own lists: S3-FIFO
    /// moves a hit page of S to M, CAR a referenced page of T1 to T2, W-TinyLFU admits the
    /// window's candidate to probation. Whatever it returns, every frame it held before the
    /// call it still holds, on some list (only the frame it returns then leaves it, through
    /// <see cref="OnRemove"/>); returning <see cref="FrameNumber.None"/> after moving pages is
    /// allowed.
    /// </para>
    /// <para>
    /// One miss can bring more than one call: a write to a private page not present needs
    /// two frames, the page and its copy (one <see cref="OnMiss"/>, two calls), and under
    /// local replacement a call that finds nothing within one scope is followed by another
    /// within a wider one; and when the OOM killer's kill freed no frame, the kernel asks again.
    /// So a policy must not assume the call after <see cref="OnMiss"/> is the only one for
    /// that page.
    /// </para>
    /// </remarks>
    FrameNumber SelectVictim();

    /// <summary>
    /// A resident page the policy lets go now, whether or not a frame is needed, or
    /// <see cref="FrameNumber.None"/> when there is none: the working set's page that has
    /// left every process's working set. Called only when <see cref="Needs"/> has
    /// <see cref="PolicyNeeds.Departures"/>: after each fault, and after each hit when the
    /// policy hears of hits (<see cref="PolicyNeeds.EveryAccess"/>), once the policy has heard
    /// of the access and before the access is reported; again after each departure, until it
    /// returns none. The frame must be one
    /// the policy holds for which <see cref="IFrameHost.CanEvict"/> is true. The kernel evicts
    /// it as it does a victim (written back if dirty, unmapped from every process that maps
    /// it, counted as an eviction) and calls <see cref="OnRemove"/> with
    /// <see cref="RemovalReason.Evicted"/>. The default names none.
    /// </summary>
    FrameNumber NextDeparture() => FrameNumber.None;

    /// <summary>
    /// A mapping the policy takes away now, though the page stays resident: returns the frame,
    /// with the address space whose entries mapping it are to go in <paramref name="asid"/>, or
    /// <see cref="FrameNumber.None"/> when there is none. For the working set, a page shared by
    /// processes that has left one process's working set but not another's. Called only when
    /// <see cref="Needs"/> has <see cref="PolicyNeeds.Departures"/>, wherever
    /// <see cref="NextDeparture"/> is, before it, until it returns none. The kernel clears those
    /// entries (an anonymous page keeps its content in the swap cache, and the entry points to
    /// its swap slot; when no slot is free it leaves the entry as it is). The default names none.
    /// </summary>
    FrameNumber NextUnmap(out int asid)
    {
        asid = -1;
        return FrameNumber.None;
    }

    /// <summary>
    /// Address space <paramref name="asid"/> no longer maps <paramref name="frame"/>, which stays
    /// resident: a copy-on-write fault gave the writer a copy of the page, and its reference goes
    /// to the copy, not to this frame. Called only when <see cref="Needs"/> has
    /// <see cref="PolicyNeeds.Departures"/>, before the policy hears of the faulting access. The
    /// default does nothing.
    /// </summary>
    void OnUnmapped(FrameNumber frame, int asid)
    {
    }

    /// <summary>
    /// A guess at the frames <see cref="SelectVictim"/> will choose next, in order, written to
    /// <paramref name="next"/>; returns how many. A hint only, for the kernel to start
    /// fetching into the host's cache what evicting them will read (their frame records,
    /// reverse-map nodes and PTEs): it may be wrong, and it must change nothing. A policy
    /// whose next victims are at hand (the head of a queue, the frames at a clock hand)
    /// gives them; the default gives none.
    /// </summary>
    int UpcomingVictims(Span<FrameNumber> next) => 0;

    /// <summary>
    /// A periodic tick at virtual time <paramref name="now"/> (every
    /// <see cref="IFrameHost.TickInterval"/> accesses), for policies that sample accessed
    /// bits. Called only when <see cref="Needs"/> has <see cref="PolicyNeeds.Ticks"/>.
    /// </summary>
    void OnTick(long now);

    /// <summary>
    /// The policy's own state for display (the clock hand, the LRU order, counters). Not
    /// on the access path: it may allocate.
    /// </summary>
    PolicyView Inspect();
}
