namespace Vmsim.Core.Memory;

/// <summary>What a physical frame holds.</summary>
public enum FrameUse : byte
{
    /// <summary>Nothing: the frame is on the free list.</summary>
    Free,

    /// <summary>An anonymous page (heap, stack, a private copy); its backing store is swap.</summary>
    Anonymous,

    /// <summary>A page of a file in the page cache; its backing store is the file.</summary>
    File,

    /// <summary>
    /// A page of shared anonymous memory (Linux's shmem): in the page cache of its memory
    /// object, as a file page is, but with swap as its backing store, as an anonymous page has.
    /// </summary>
    Shmem,
}

/// <summary>What each <see cref="FrameUse"/> implies.</summary>
public static class FrameUses
{
    /// <summary>True when the page's backing store is swap (anonymous and shared anonymous memory).</summary>
    public static bool IsSwapBacked(this FrameUse use) => use is FrameUse.Anonymous or FrameUse.Shmem;

    /// <summary>True when the page is found by its object and index in the page cache (file pages and shared anonymous memory).</summary>
    public static bool IsInPageCache(this FrameUse use) => use is FrameUse.File or FrameUse.Shmem;
}
