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
public sealed class Lru : RecencyStackPolicy
{
    /// <inheritdoc/>
    public override string Name => "lru";

    /// <inheritdoc/>
    public override FrameNumber SelectVictim() => Stack.FirstEvictable(Host);

    /// <inheritdoc/>
    public override int UpcomingVictims(Span<FrameNumber> next) => Stack.FirstFrames(next);

    /// <inheritdoc/>
    public override PolicyView Inspect() => new("least recently used first", PolicyViews.FromList(Stack, _ => null));
}
