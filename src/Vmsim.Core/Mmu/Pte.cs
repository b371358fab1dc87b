using Vmsim.Core.Addressing;

namespace Vmsim.Core.Mmu;

/// <summary>
/// A page-table entry: flags and one number, which is a frame when the entry is
/// <see cref="PteFlags.Present"/> and a swap slot when it is <see cref="PteFlags.Swapped"/>.
/// Eight bytes, kept by value in the page table's leaf arrays.
/// </summary>
public struct Pte
{
    /// <summary>The entry's bits.</summary>
    public PteFlags Flags;

    /// <summary>The frame (present) or swap slot (swapped); meaningless otherwise.</summary>
    public int Value;

    /// <summary>True when the entry maps a frame.</summary>
    public readonly bool IsPresent => (Flags & PteFlags.Present) != 0;

    /// <summary>True when the entry holds a swap slot.</summary>
    public readonly bool IsSwapped => (Flags & PteFlags.Swapped) != 0;

    /// <summary>True when the entry is empty.</summary>
    public readonly bool IsNone => (Flags & (PteFlags.Present | PteFlags.Swapped)) == 0;

    /// <summary>The mapped frame; only meaningful when present.</summary>
    public readonly FrameNumber Frame => new(Value);

    /// <summary>The swap slot; only meaningful when swapped.</summary>
    public readonly SwapSlot Slot => new(Value);

    /// <summary>The permissions the entry grants, as <see cref="Protection"/>.</summary>
    public readonly Protection Protection => (Protection)(((int)Flags >> 1) & 7);

    /// <summary>The permission bits of <paramref name="protection"/> as PTE flags.</summary>
    public static PteFlags FlagsOf(Protection protection) => (PteFlags)((int)protection << 1);

    /// <summary>True when the entry is present and grants <paramref name="kind"/>.</summary>
    public readonly bool Permits(AccessKind kind) => (Flags & (PteFlags.Present | RequiredBit(kind))) == (PteFlags.Present | RequiredBit(kind));

    /// <summary>The permission bit an access of <paramref name="kind"/> needs.</summary>
    public static PteFlags RequiredBit(AccessKind kind) => (PteFlags)(2 << (int)kind);

    /// <summary>The bits the MMU sets for an access of <paramref name="kind"/>: accessed, plus dirty for a write.</summary>
    public static PteFlags UsageBits(AccessKind kind) => kind == AccessKind.Write ? PteFlags.Accessed | PteFlags.Dirty : PteFlags.Accessed;
}
