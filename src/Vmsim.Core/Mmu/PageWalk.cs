namespace Vmsim.Core.Mmu;

/// <summary>
/// What a walk of the page table found for one page (<see cref="PageTable.Peek"/>): how many
/// tables it read, root first, and the entry at the last level when it got there.
/// </summary>
/// <param name="TablesRead">The tables read: the number of levels when the walk reached the
/// page's entry; fewer when a table on the way did not exist yet, the walk stopping at the
/// entry of the last table read (level <c>TablesRead - 1</c>), which pointed to none.</param>
/// <param name="Entry">The page's entry when the walk reached it; empty otherwise.</param>
public readonly record struct PageWalk(int TablesRead, Pte Entry)
{
    /// <summary>True when the walk reached the page's entry at the last level, for a table of <paramref name="levels"/> levels.</summary>
    public bool ReachedEntry(int levels) => TablesRead == levels;
}
