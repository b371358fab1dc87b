namespace Vmsim.Core.Addressing;

/// <summary>A virtual page number: a virtual address with the page offset shifted away.</summary>
/// <param name="Value">The page number.</param>
public readonly record struct PageNumber(ulong Value)
{
    /// <summary>Formats the page number as hexadecimal with a <c>0x</c> prefix.</summary>
    public override string ToString() => $"0x{Value:x}";
}
