namespace Vmsim.Core.Addressing;

/// <summary>A virtual page number: a virtual address with the page offset shifted away.</summary>
/// <param name="Value">The page number.</param>
public readonly record struct PageNumber(ulong Value)
{
    /// <summary>Formats the page number as hexadecimal with a <c>0x</c> prefix.</summary>
    public override string ToString() => $"0x{Value:x}";

    /// <summary>
    /// The page number as a workload writes it: in decimal when <paramref name="inDecimal"/> (a
    /// reference string's pages, as the string writes them: <c>10</c>), else as
    /// <see cref="ToString()"/> does (<c>0xa</c>).
    /// </summary>
    public string Written(bool inDecimal) => inDecimal ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : ToString();
}
