namespace Vmsim.Core.Mmu;

/// <summary>Why an access missed the TLB, and the step at which the translation left it.</summary>
/// <param name="Cause">What took the translation out, or <see cref="TlbMissCause.FirstUse"/> when the TLB never held it.</param>
/// <param name="Step">The step at which it left, numbered as the step table numbers steps (from 1); 0 for a first use.</param>
public readonly record struct TlbMiss(TlbMissCause Cause, int Step)
{
    /// <summary>The miss of a page whose translation the TLB never held.</summary>
    public static TlbMiss FirstUse => new(TlbMissCause.FirstUse, 0);
}
