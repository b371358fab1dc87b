namespace Vmsim.Core.Simulation;

/// <summary>The stages of an access's path through the machine, in the textbook's order (<see cref="FaultPath"/>).</summary>
public enum FaultStageKind
{
    /// <summary>The TLB lookup: a hit, a miss, or a hit whose entry forbids the access.</summary>
    Tlb,

    /// <summary>The page-table walk: the index at each level, and what the entry (or a missing table) said.</summary>
    Walk,

    /// <summary>The kernel's handler: the region that covers the address, and whether it allows the access (SIGSEGV if not).</summary>
    Kernel,

    /// <summary>Where the kernel looked for the page in memory: the page cache, the swap cache, or the sharers of a copy-on-write page.</summary>
    Lookup,

    /// <summary>How the kernel found a frame: the free list, or reclaim (the policy's victim, its write-back, the entries and TLB entries cleared), or the OOM killer.</summary>
    Frame,

    /// <summary>What filled the frame: zeros, a read from a file, a swap-in, or a copy of another frame.</summary>
    Fetch,

    /// <summary>The entry the kernel wrote, and the page-table pages it allocated on the way.</summary>
    PageTable,

    /// <summary>The faulting instruction executed again: its TLB lookup and walk, and the bits it set.</summary>
    Restart,
}
