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
}
