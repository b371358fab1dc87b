namespace Vmsim.Core.Addressing;

/// <summary>A slot on the swap device, holding one page.</summary>
/// <param name="Value">The slot index; -1 means no slot.</param>
public readonly record struct SwapSlot(int Value)
{
    /// <summary>The absence of a slot.</summary>
    public static SwapSlot None => new(-1);

    /// <summary>True when this names a real slot.</summary>
    public bool IsValid => Value >= 0;

    /// <summary>Formats the slot number in decimal.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
