namespace Vmsim.Core.Mmu;

/// <summary>The bits of a page-table entry (<c>PTE_V/R/W/X/U/A/D</c> in xv6 and RISC-V, plus software bits).</summary>
[Flags]
public enum PteFlags : ushort
{
    /// <summary>An empty entry: the page was never touched, or was dropped clean.</summary>
    None = 0,

    /// <summary>The entry maps a frame; the MMU may translate through it.</summary>
    Present = 1 << 0,

    /// <summary>Loads are allowed.</summary>
    Read = 1 << 1,

    /// <summary>Stores are allowed.</summary>
    Write = 1 << 2,

    /// <summary>Instruction fetches are allowed.</summary>
    Execute = 1 << 3,

    /// <summary>User mode may access the page (always set for process pages).</summary>
    User = 1 << 4,

    /// <summary>Set by the MMU on every access; read and cleared by replacement policies.</summary>
    Accessed = 1 << 5,

    /// <summary>Set by the MMU on every write; the page differs from its backing copy.</summary>
    Dirty = 1 << 6,

    /// <summary>Software bit: the page is shared copy-on-write; a write must copy it first.</summary>
    Cow = 1 << 7,

    /// <summary>Software bit of a non-present entry: the value is a swap slot holding the page.</summary>
    Swapped = 1 << 8,

    /// <summary>The permission bits.</summary>
    Permissions = Read | Write | Execute,
}
