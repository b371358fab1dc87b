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

    // Head = least recently used in both segments.
    private FrameList _probation = new(0);
    private FrameList _protected = new(0);
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
    public int ProtectedCapacity { get; private set; }

    /// <summary>Pages in the probationary segment.</summary>
    public int ProbationaryCount => _probation.Count;

    /// <summary>Pages in the protected segment.</summary>
    public int ProtectedCount => _protected.Count;

    /// <summary>True when the page in <paramref name="frame"/> is in the protected segment.</summary>
    public bool IsProtected(FrameNumber frame) => _protected.Contains(frame);

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        ProtectedCapacity = (int)(host.FrameCount * _protectedFraction);
        _probation = new FrameList(host.FrameCount);
        _protected = new FrameList(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => _probation.AddLast(frame);

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        if (_protected.Contains(frame))
        {
            _protected.MoveToLast(frame);
        }
        else if (_probation.Remove(frame))
        {
            _protected.AddLast(frame);
            if (_protected.Count > ProtectedCapacity)
            {
                var demoted = _protected.Head;
                _protected.Remove(demoted);
                _probation.AddLast(demoted);
            }
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (!_probation.Remove(frame))
        {
            _protected.Remove(frame);
        }
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var victim = _probation.FirstEvictable(_host!);
        return victim.IsValid ? victim : _protected.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = PolicyViews.DescribedFromList(_probation, f => PolicyViews.OnList(f, "probationary"));
        order.AddRange(PolicyViews.DescribedFromList(_protected, f => PolicyViews.OnList(f, "protected")));
        return new PolicyView(
            $"probationary {_probation.Count}, protected {_protected.Count} of {ProtectedCapacity}; the least recent probationary page goes next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
