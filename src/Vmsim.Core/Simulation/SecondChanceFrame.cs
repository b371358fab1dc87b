namespace Vmsim.Core.Simulation;

/// <summary>
/// A frame the policy gave a second chance while it looked for a victim: it found the page's
/// reference (accessed) bit set and cleared it, and went on. Clearing the bit drops the TLB
/// entries that had set it, since they would not set it again.
/// </summary>
/// <param name="Frame">The frame.</param>
/// <param name="TlbDropped">The mappings of the frame whose translation the TLB held, dropped with the bit.</param>
public readonly record struct SecondChanceFrame(Addressing.FrameNumber Frame, IReadOnlyList<MappedPage> TlbDropped);
