using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>
/// What a release of memory (a process's end, an munmap, a shrinking brk) freed, and what of
/// what it let go others keep, as <see cref="Kernel.HeldMemory"/> tells it: the same rule for
/// the OOM kill, a SIGSEGV, an exit and an unmapping.
/// </summary>
public sealed record FreedMemory
{
    /// <summary>Nothing freed, nothing kept.</summary>
    public static FreedMemory None { get; } = new();

    /// <summary>The frames returned to the free list, ascending.</summary>
    public IReadOnlyList<FrameNumber> Frames { get; init; } = [];

    /// <summary>The swap slots freed (the release dropped their last reference), ascending.</summary>
    public IReadOnlyList<SwapSlot> Slots { get; init; } = [];

    /// <summary>
    /// The frames that lost mappings but stay in use, ascending: pages shared with other
    /// processes (copy-on-write, a shared mapping), kept in the page cache, or held by a fault.
    /// </summary>
    public IReadOnlyList<FrameNumber> KeptFrames { get; init; } = [];

    /// <summary>The swap slots that lost references but keep some, ascending: pages shared copy-on-write.</summary>
    public IReadOnlyList<SwapSlot> KeptSlots { get; init; } = [];
}
