using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// The kernel's side of the contract with a replacement policy: the hardware bits of the
/// pages in each frame, and whether a frame may be evicted now.
/// </summary>
public interface IFrameHost
{
    /// <summary>The number of physical frames; frame numbers run from 0 to this minus one.</summary>
    int FrameCount { get; }

    /// <summary>
    /// The current virtual time: during an access (its hit, its fault, the victim search it
    /// causes) it is that access's <see cref="AccessContext.Time"/>, the number of accesses
    /// made before it; between accesses, the number made so far.
    /// </summary>
    long Now { get; }

    /// <summary>Accesses between two calls of <see cref="IReplacementPolicy.OnTick"/>.</summary>
    int TickInterval { get; }

    /// <summary>True when any page-table entry that maps <paramref name="frame"/> has its accessed bit set.</summary>
    bool IsAccessed(FrameNumber frame);

    /// <summary>
    /// Reads and clears the accessed bit in every page-table entry that maps
    /// <paramref name="frame"/> (Linux's <c>page_referenced</c>); true if any was set.
    /// </summary>
    bool TestAndClearAccessed(FrameNumber frame);

    /// <summary>
    /// Reads and clears the accessed bit in every page-table entry that maps
    /// <paramref name="frame"/>, as <see cref="TestAndClearAccessed"/> does, and returns how many
    /// had it set (the count Linux's <c>folio_referenced</c> returns: a page that several
    /// processes used since the last look counts once for each). A host with one address space
    /// answers 0 or 1.
    /// </summary>
    int CountAndClearAccessed(FrameNumber frame) => TestAndClearAccessed(frame) ? 1 : 0;

    /// <summary>
    /// Clears the accessed bit in every page-table entry that maps <paramref name="frame"/>, as
    /// <see cref="TestAndClearAccessed"/> does, for a policy that ages the page whatever it finds
    /// (Linux deactivating an active page, referenced or not): the page is not being spared, so a
    /// step's narration does not count it among the frames given a second chance. The default is
    /// <see cref="TestAndClearAccessed"/>.
    /// </summary>
    void ClearAccessed(FrameNumber frame) => TestAndClearAccessed(frame);

    /// <summary>True when the page in <paramref name="frame"/> differs from its copy on swap or file (any mapping's dirty bit, or the page's own).</summary>
    bool IsDirty(FrameNumber frame);

    /// <summary>
    /// True when <paramref name="frame"/> may be evicted now: it holds a page, it is not
    /// pinned by the fault in progress, it is in the scope of this reclaim (with local
    /// replacement, the faulting process's own), and if it must be written to swap, a
    /// swap slot is free.
    /// </summary>
    bool CanEvict(FrameNumber frame);

    /// <summary>
    /// Writes a dirty page back to its swap slot or file now, leaving it resident and
    /// clean (WSClock's scheduled write). Returns false when it cannot (no swap slot).
    /// </summary>
    bool Clean(FrameNumber frame);

    /// <summary>
    /// True when address space <paramref name="asid"/> has ended (its process exited or was
    /// killed). Pids are never reused, so a page of it will never be referenced again: a
    /// policy keeps no ghost of it (see <see cref="IReplacementPolicy.OnAddressSpaceExit"/>).
    /// </summary>
    bool HasEnded(int asid) => false;

    /// <summary>
    /// True when the page in <paramref name="frame"/> has swap as its backing store
    /// (anonymous or shared anonymous memory), false for a file page. Linux keeps the two
    /// kinds on separate LRU lists.
    /// </summary>
    bool IsSwapBacked(FrameNumber frame) => false;

    /// <summary>
    /// The identity of the page in <paramref name="frame"/> now (<see cref="PageIdentity"/>): its
    /// object and index for a page in the page cache; for an anonymous page, its swap slot when it
    /// has one, else the address space and virtual page that loaded it. When the page has just been
    /// loaded (<see cref="IReplacementPolicy.OnLoad"/>), it is the identity
    /// <see cref="IReplacementPolicy.OnMiss"/> named for the fault, under which the policy looks
    /// for its ghost (but for the private copy a write fault takes of the page it brought in,
    /// which is the process's own page); when it is being evicted (<see cref="IReplacementPolicy.OnRemove"/> with
    /// <see cref="RemovalReason.Evicted"/>), it is the identity its ghost is to go by, which for an
    /// anonymous page written to swap now is the slot it was written to. So a policy asks again at
    /// eviction rather than keep the identity it was loaded under.
    /// </summary>
    PageIdentity IdentityOf(FrameNumber frame);

    /// <summary>
    /// The page in <paramref name="frame"/> by the name its program gives it: its object and index
    /// for a page in the page cache, else the address space and virtual page that loaded it.
    /// Unlike <see cref="IdentityOf"/> it does not change when an anonymous page goes to swap,
    /// so a policy that keeps a page's history while it is resident and after (W-TinyLFU's
    /// frequency sketch, which cannot forget a slot when it is freed and reused) keys it by
    /// this. The default is <see cref="IdentityOf"/>.
    /// </summary>
    PageIdentity NameOf(FrameNumber frame) => IdentityOf(frame);

    /// <summary>
    /// During <see cref="IReplacementPolicy.OnMiss"/> and the victim search that follows it, the
    /// page the fault is for by its program's name (<see cref="NameOf"/>): the faulting address
    /// space and virtual page for an anonymous page read back from swap, which OnMiss names by
    /// its slot, else the identity OnMiss named. The default is the default identity.
    /// </summary>
    PageIdentity MissingName => default;

    /// <summary>True when swap has a free slot, so that reclaim may write anonymous pages to it (Linux's <c>nr_swap_pages</c>).</summary>
    bool HasFreeSwap => false;

    /// <summary>
    /// The address space whose fault needs a frame now, while the kernel asks the policy for a
    /// victim (<see cref="IReplacementPolicy.SelectVictim"/>), so that a policy that keeps each
    /// process's references apart (the working set) knows whose reference is coming; -1 at any
    /// other time. The default is -1.
    /// </summary>
    int Faulting => -1;

    /// <summary>True when some page-table entry maps <paramref name="frame"/>. The default is true.</summary>
    bool IsMapped(FrameNumber frame) => true;

    /// <summary>True when a page-table entry of address space <paramref name="asid"/> maps <paramref name="frame"/>. The default is true.</summary>
    bool IsMappedBy(FrameNumber frame, int asid) => true;
}
