namespace Vmsim.Core.Addressing;

/// <summary>A physical frame number: an index into the machine's frame table.</summary>
/// <param name="Value">The frame index, from 0 to the frame count minus one; -1 means no frame.</param>
public readonly record struct FrameNumber(int Value)
{
    /// <summary>The absence of a frame, returned by a policy that finds nothing it may evict.</summary>
    public static FrameNumber None => new(-1);

    /// <summary>True when this names a real frame.</summary>
    public bool IsValid => Value >= 0;

    /// <summary>Formats the frame number in decimal.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
