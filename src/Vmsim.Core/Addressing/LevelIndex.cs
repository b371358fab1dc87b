namespace Vmsim.Core.Addressing;

/// <summary>The index a page-table walk uses at one level, and the address bits it comes from.</summary>
/// <param name="Level">The level, 0 for the root.</param>
/// <param name="Name">The table's name, as the architecture names it (PML4, PD, VPN[2]).</param>
/// <param name="Bits">How many address bits the index takes.</param>
/// <param name="LowBit">The lowest of those bits; the highest is <see cref="HighBit"/>.</param>
/// <param name="Index">The index: the entry of the table the walk reads.</param>
public sealed record LevelIndex(int Level, string Name, int Bits, int LowBit, int Index)
{
    /// <summary>The highest address bit the index takes.</summary>
    public int HighBit => LowBit + Bits - 1;
}
