using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// 2Q, the full version: a page faulted in for the first time enters A1in, a FIFO; hits
/// there change nothing (they are taken as correlated with the first reference). When
/// A1in holds more than Kin pages the victim is its oldest page, whose identity goes to
/// A1out, a FIFO of at most Kout ghosts; otherwise the victim is the least recently used
/// page of Am, an LRU list, and it leaves no ghost. A page faulted in while A1out remembers
/// it has shown a second reference at a distance, and enters Am; hits in Am move a page to
/// its most recent end. A page used once and never again thus passes through A1in and A1out
/// without disturbing Am, which is what makes 2Q resist scans.
/// Parameters: Kin = 25% of the frames and Kout = 50%, the paper's recommendation (each at
/// least one page).
/// Source: T. Johnson and D. Shasha, "2Q: a low overhead high performance buffer management
/// replacement algorithm", VLDB 1994 (section 2.2, "full version").
/// </summary>
/// <remarks>
/// The policy sees every access (hits in Am reorder it). A1out may hold Kout + 1 ghosts
/// between an eviction and the load that follows it, because the kernel evicts before it
/// names the faulting page. If the list that should give the
/// victim has no page that can be evicted, the other list gives it. Released pages leave
/// no ghost; when the last resident page is released A1out is forgotten.
/// </remarks>
public sealed class TwoQueue : IGhostTableKeeper
{
    private readonly double _kinFraction;
    private readonly double _koutFraction;

    // Head = oldest (A1in, A1out) or least recently used (Am).
    private FrameList _a1in = new(0);
    private FrameList _am = new(0);
    private GhostQueue _a1out = new(0);
    private IFrameHost? _host;

    /// <summary>
    /// Creates 2Q with A1in's threshold Kin and A1out's size Kout as fractions of the frames
    /// (the paper's 25% and 50% by default).
    /// </summary>
    public TwoQueue(double kinFraction = 0.25, double koutFraction = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kinFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kinFraction, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(koutFraction);
        _kinFraction = kinFraction;
        _koutFraction = koutFraction;
    }

    /// <inheritdoc/>
    public string Name => "2q";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>Kin: A1in gives the victim while it holds more pages than this.</summary>
    public int Kin { get; private set; }

    /// <summary>Kout: how many evicted A1in pages A1out remembers.</summary>
    public int Kout { get; private set; }

    /// <summary>Pages in A1in.</summary>
    public int A1inCount => _a1in.Count;

    /// <summary>Pages in Am.</summary>
    public int AmCount => _am.Count;

    /// <summary>Ghosts in A1out.</summary>
    public int A1outCount => _a1out.Count;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        Kin = Math.Max(1, (int)(n * _kinFraction));
        Kout = Math.Max(1, (int)(n * _koutFraction));
        _a1in = new FrameList(n);
        _am = new FrameList(n);
        _a1out = new GhostQueue(Kout + 1);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var identity = _host!.IdentityOf(frame);
        // The paper asks whether A1out holds the page before reclaiming for it; the victim's
        // identity was added since, so the list is trimmed back to Kout only after asking.
        var remembered = _a1out.Lookup.Find(identity) >= 0;
        _a1out.TrimTo(Kout);

        if (remembered)
        {
            // As in the paper, the page's identity stays in A1out until it is pushed out.
            _am.AddLast(frame);
        }
        else
        {
            _a1in.AddLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        // A hit in A1in is a correlated reference: nothing moves.
        if (_am.Contains(frame))
        {
            _am.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var fromA1in = _a1in.Remove(frame);
        if (!fromA1in && !_am.Remove(frame))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (fromA1in && _host!.IdentityOf(frame) is var page && page.CanRecur(_host))
            {
                _a1out.Remember(page);
            }
        }
        else if (_a1in.Count + _am.Count == 0)
        {
            _a1out.Clear();
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => _a1out.Lookup;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var fromA1in = _a1in.Count > Kin;
        var victim = (fromA1in ? _a1in : _am).FirstEvictable(_host!);
        return victim.IsValid ? victim : (fromA1in ? _am : _a1in).FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var fromA1in = _a1in.Count > Kin;
        var order = PolicyViews.DescribedFromList(fromA1in ? _a1in : _am, f => PolicyViews.OnList(f, fromA1in ? "A1in" : "Am"));
        order.AddRange(PolicyViews.DescribedFromList(fromA1in ? _am : _a1in, f => PolicyViews.OnList(f, fromA1in ? "Am" : "A1in")));
        return new PolicyView(
            $"A1in {_a1in.Count} (Kin {Kin}), Am {_am.Count}, A1out ghosts {_a1out.Count} (Kout {Kout}); " +
            $"the {(fromA1in ? "oldest page of A1in" : "least recently used page of Am")} goes next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

}
