namespace Vmsim.Core.Simulation;

/// <summary>
/// What each event costs in simulated nanoseconds. The defaults are orders of magnitude
/// of a present-day machine with a disk for swap: a DRAM access about 100 ns, a TLB hit
/// about 1 ns, each page-table level read one memory access, a minor fault (trap, kernel
/// path, zeroing or copying a page) about 10 us, and a disk read or write about 5 ms.
/// </summary>
public sealed record CostModel
{
    /// <summary>One access to memory once translated.</summary>
    public long MemoryAccessNs { get; init; } = 100;

    /// <summary>A translation found in the TLB.</summary>
    public long TlbHitNs { get; init; } = 1;

    /// <summary>Reading one level of the page table during a walk.</summary>
    public long PageWalkLevelNs { get; init; } = 100;

    /// <summary>Handling a fault that needs no disk (zero-fill, page cache, COW).</summary>
    public long MinorFaultNs { get; init; } = 10_000;

    /// <summary>Handling a fault that reads a page from swap or a file.</summary>
    public long MajorFaultNs { get; init; } = 5_000_000;

    /// <summary>Writing a dirty page back to swap or its file.</summary>
    public long WritebackNs { get; init; } = 5_000_000;
}
