using System.Globalization;

namespace Vmsim.Core.Addressing;

/// <summary>A virtual address in a simulated process's address space.</summary>
/// <param name="Value">The address as an unsigned 64-bit number.</param>
public readonly record struct VirtualAddress(ulong Value)
{
    /// <summary>Formats the address as hexadecimal with a <c>0x</c> prefix.</summary>
    public override string ToString() => $"0x{Value:x}";

    /// <summary>
    /// Reads an address as people write one: hexadecimal with <c>0x</c> (<c>0x401000</c>) or
    /// decimal, with <c>_</c> allowed between digits (<c>0x7fff_0000</c>); false for anything
    /// else, or a number beyond 64 bits.
    /// </summary>
    public static bool TryParse(string text, out VirtualAddress address)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var read = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        address = new VirtualAddress(value);
        return read;
    }
}
