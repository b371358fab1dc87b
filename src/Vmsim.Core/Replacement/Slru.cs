using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Segmented LRU: two LRU segments. A page faulted in enters the probationary segment at
/// its most recent end. A hit on a probationary page moves it to the most recent end of
/// the protected segment; if that makes the protected segment larger than its share, the
/// least recently used protected page drops back to the most recent end of the
/// probationary segment. A hit on a protected page moves it to that segment's most recent
/// end. The victim is the least recently used probationary page, so a page must be used
/// twice to outlive a run of pages used once. With no protected share every hit page drops
/// straight back, to the most recent end of the one list that is left: the policy is LRU.
/// Parameters: the protected segment holds 80% of the frames.
/// Source: R. Karedla, J. S. Love and B. G. Wherry, "Caching strategies to improve disk
/// system performance", IEEE Computer 27(3), 1994.
/// </summary>
/// <remarks>
/// The policy sees every access. If no probationary page can be evicted, the least
/// recently used protected page that can goes instead.
/// </remarks>
public sealed class Slru : IReplacementPolicy
{
    private readonly double _protectedFraction;

    private SegmentedLru _segments = new(0, 0);
    private IFrameHost? _host;

    /// <summary>Creates SLRU giving the protected segment <paramref name="protectedFraction"/> of the frames (80% by default).</summary>
    public Slru(double protectedFraction = 0.8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(protectedFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(protectedFraction, 1.0);
        _protectedFraction = protectedFraction;
    }

    /// <inheritdoc/>
    public string Name => "slru";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>The most pages the protected segment holds.</summary>
    public int ProtectedCapacity => _segments.ProtectedCapacity;

    /// <summary>Pages in the probationary segment.</summary>
    public int ProbationaryCount => _segments.Probation.Count;

    /// <summary>Pages in the protected segment.</summary>
    public int ProtectedCount => _segments.Protected.Count;

    /// <summary>True when the page in <paramref name="frame"/> is in the protected segment.</summary>
    public bool IsProtected(FrameNumber frame) => _segments.Protected.Contains(frame);

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _segments = new SegmentedLru(host.FrameCount, (int)(host.FrameCount * _protectedFraction));
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => _segments.Enter(frame);

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access) => _segments.Hit(frame);

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _segments.Remove(frame);

    /// <inheritdoc/>
    public FrameNumber SelectVictim() => _segments.Victim(_host!);

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = PolicyViews.DescribedFromList(_segments.Probation, f => PolicyViews.OnList(f, "probationary"));
        order.AddRange(PolicyViews.DescribedFromList(_segments.Protected, f => PolicyViews.OnList(f, "protected")));
        return new PolicyView(
            $"probationary {ProbationaryCount}, protected {ProtectedCount} of {ProtectedCapacity}; the least recent probationary page goes next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
