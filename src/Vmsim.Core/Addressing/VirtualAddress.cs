namespace Vmsim.Core.Addressing;

/// <summary>A virtual address in a simulated process's address space.</summary>
/// <param name="Value">The address as an unsigned 64-bit number.</param>
public readonly record struct VirtualAddress(ulong Value)
{
    /// <summary>Formats the address as hexadecimal with a <c>0x</c> prefix.</summary>
    public override string ToString() => $"0x{Value:x}";
}
