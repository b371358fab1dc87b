namespace Vmsim.Core.Addressing;

/// <summary>
/// A virtual address cut into the fields the MMU reads (<see cref="PageGeometry.Split"/>):
/// the index into the table at each level, root first, then the offset in the page. The
/// indexes together make the page number.
/// </summary>
/// <param name="Address">The address.</param>
/// <param name="Page">The page that holds it: the address without its offset bits.</param>
/// <param name="Offset">The byte of the page it names: its low <see cref="PageGeometry.OffsetBits"/> bits.</param>
/// <param name="Levels">The index at each level, root first.</param>
public sealed record AddressSplit(VirtualAddress Address, PageNumber Page, ulong Offset, IReadOnlyList<LevelIndex> Levels);
