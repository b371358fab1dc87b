namespace Vmsim.Core.Mmu;

/// <summary>
/// Where a page-table entry lives: a leaf table and an index in it. The reverse map and
/// the TLB keep these so that they reach an entry without walking the tree again.
/// </summary>
/// <param name="Leaf">The last-level table.</param>
/// <param name="Index">The entry's index in it.</param>
public readonly record struct PteRef(Pte[] Leaf, int Index)
{
    /// <summary>The entry itself, by reference.</summary>
    public ref Pte Entry => ref Leaf[Index];

    /// <summary>True when this refers to an entry.</summary>
    public bool IsValid => Leaf is not null;
}
