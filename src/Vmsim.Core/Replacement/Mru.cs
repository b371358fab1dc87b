using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Most recently used: evicts the resident page whose last access is the most recent. The
/// opposite bet to LRU, and the right one for a loop over more pages than fit: LRU evicts
/// each page just before the loop comes back to it and faults on every access, while MRU
/// keeps most of the loop resident and faults about once per pass for each page that does
/// not fit. Parameters: none.
/// Source: H.-T. Chou and D. J. DeWitt, "An evaluation of buffer management strategies for
/// relational database systems", VLDB 1985 (MRU for looping access patterns).
/// </summary>
/// <remarks>
/// The policy sees every access. The kernel asks for a victim before the faulting page is
/// loaded, so the victim is the most recently used page other than the one faulting.
/// </remarks>
public sealed class Mru : RecencyStackPolicy
{
    /// <inheritdoc/>
    public override string Name => "mru";

    /// <inheritdoc/>
    public override FrameNumber SelectVictim() => Stack.LastEvictable(Host);

    /// <inheritdoc/>
    public override PolicyView Inspect()
    {
        var order = PolicyViews.FromList(Stack, _ => null);
        order.Reverse();
        return new PolicyView("most recently used first", order);
    }
}
