using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Least recently used: evicts the page whose last access is furthest in the past,
/// on the assumption that the recent past predicts the near future. A stack
/// algorithm, so it never suffers Belady's anomaly. Needs to see every access; real
/// hardware cannot afford that, which is why CLOCK and Aging approximate it.
/// Source: R. L. Mattson, J. Gecsei, D. R. Slutz and I. L. Traiger, "Evaluation
/// techniques for storage hierarchies", IBM Systems Journal 9(2), 1970; A. Silberschatz,
/// P. B. Galvin and G. Gagne, Operating System Concepts, 10th ed., section 10.4.4.
/// </summary>
public sealed class Lru : IReplacementPolicy
{
    // Recency stack: head is the least recently used frame, tail the most recent.
    private FrameList _stack = new(0);
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "lru";

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
        return _stack.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public int UpcomingVictims(Span<FrameNumber> next) => _stack.FirstFrames(next);

    /// <inheritdoc/>
    public PolicyView Inspect() => new("least recently used first", PolicyViews.FromList(_stack, _ => null));

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
