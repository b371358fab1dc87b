namespace Vmsim.Core.Mmu;

/// <summary>
/// Why the TLB did not hold a translation when an access looked for it: it was never there, or
/// what took it out (<see cref="TlbHistory"/>).
/// </summary>
public enum TlbMissCause
{
    /// <summary>The TLB never held the page's translation: its first use (or the first since the history began).</summary>
    FirstUse,

    /// <summary>Pushed out by another translation: its set was full, and it was the least recently used entry.</summary>
    Replaced,

    /// <summary>Dropped when the replacement policy cleared the page's reference (accessed) bit, which the entry would not set again.</summary>
    ReferenceBitCleared,

    /// <summary>Dropped when the policy cleared the page's reference bit as it deactivated it (Linux moving an active page to its inactive list), aging it rather than sparing it.</summary>
    Deactivated,

    /// <summary>Dropped when the page was cleaned (written back and its dirty bit cleared) while it stayed resident.</summary>
    DirtyBitCleared,

    /// <summary>The page was evicted: its entry shot down, or gone already for another cause and now for good.</summary>
    Evicted,

    /// <summary>The page was unmapped (munmap, brk): its entry shot down, or gone already and now for good.</summary>
    Unmapped,

    /// <summary>The page left the process's working set and the policy took its mapping away, its entry with it.</summary>
    LeftWorkingSet,

    /// <summary>Shot down when mprotect changed the page's protection.</summary>
    ProtectionChanged,

    /// <summary>Flushed when fork write-protected the parent's writable private pages (copy-on-write).</summary>
    ForkWriteProtect,

    /// <summary>Dropped when a copy-on-write fault gave the page a frame of its own, or made it writable in place.</summary>
    CopyOnWrite,

    /// <summary>Flushed with the whole TLB at a context switch (a TLB without ASID tags).</summary>
    ContextSwitch,

    /// <summary>Flushed when the address space ended (exit, a kill).</summary>
    AddressSpaceEnded,
}
