using Vmsim.Core.Addressing;

namespace Vmsim.Core.Memory;

/// <summary>
/// The kernel's record of one physical frame (Linux's <c>struct page</c>). The accessed
/// and dirty bits live in the page-table entries that map the frame; <see cref="Dirty"/>
/// keeps the dirty state of mappings that are gone (folded in when a PTE is unmapped).
/// </summary>
public struct Frame
{
    /// <summary>What the frame holds.</summary>
    public FrameUse Use;

    /// <summary>The process that brought the page in (its frame counts against that process's quota).</summary>
    public int Owner;

    /// <summary>The page's virtual page number in the owner's address space, for display.</summary>
    public PageNumber OwnerPage;

    /// <summary>How many page-table entries map the frame.</summary>
    public int MapCount;

    /// <summary>The page differs from its backing copy, beyond what the mapping PTEs say.</summary>
    public bool Dirty;

    /// <summary>
    /// For an anonymous page: the swap slot associated with it (the swap cache), which holds
    /// an up-to-date copy unless the page is dirty; <see cref="SwapSlot.None"/> if none.
    /// </summary>
    public SwapSlot SwapSlot;

    /// <summary>For a file page: the file.</summary>
    public int FileId;

    /// <summary>For a file page: the page's index in the file.</summary>
    public long FilePage;

    /// <summary>The fault in progress is using the frame; it must not be evicted now.</summary>
    public bool Pinned;
}
