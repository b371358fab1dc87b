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
public sealed class Mru : IReplacementPolicy
{
    // Recency stack: head is the least recently used frame, tail the most recent.
    private FrameList _stack = new(0);
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "mru";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _stack = new FrameList(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => _stack.AddLast(frame);

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access) => _stack.MoveToLast(frame);

    /// <inheritdoc/>
    public void OnHits(ReadOnlySpan<FrameNumber> frames)
    {
        foreach (var frame in frames)
        {
            _stack.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _stack.Remove(frame);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        return _stack.LastEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = PolicyViews.FromList(_stack, _ => null);
        order.Reverse();
        return new PolicyView("most recently used first", order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
