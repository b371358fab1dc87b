using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// WSClock: the working-set policy run the way CLOCK runs, from the accessed bits alone.
/// Each frame records the virtual time of its page's last use. The hand sweeps the ring:
/// a frame whose accessed bit is set has it cleared and its last use set to now (it is
/// in the working set); a frame not accessed whose age (now minus last use) exceeds the
/// window tau has left the working set: if clean it is the victim, if dirty a write-back
/// is scheduled (<see cref="IFrameHost.Clean"/>) and the sweep moves on; a young frame is
/// passed over. If a full revolution finds no victim, the sweep goes round once more and
/// takes the first clean old page it now finds (one whose write-back was scheduled),
/// and failing that the evictable frame of oldest last use, the first from the hand on
/// ties; both are noted during the first revolution, so the second is not walked. The hand rests just past the victim; new pages go just behind it.
/// Time is the host's virtual time (<see cref="IFrameHost.Now"/>), in accesses.
/// Source: R. W. Carr and J. L. Hennessy, "WSCLOCK: a simple and effective algorithm for
/// virtual memory management", SOSP 1981; A. S. Tanenbaum and H. Bos, Modern Operating
/// Systems, 4th ed., section 3.4.9.
/// </summary>
public sealed class WsClock : IReplacementPolicy
{
    private readonly long _window;
    private ClockRing _ring = new(0);
    private long[] _lastUse = [];
    private IFrameHost? _host;

    /// <summary>Creates the policy with working-set window <paramref name="window"/> (tau, in accesses, at least 1).</summary>
    public WsClock(long window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
    }

    /// <inheritdoc/>
    public string Name => "wsclock";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>The working-set window tau, in accesses.</summary>
    public long Window => _window;

    /// <summary>The last use of the page in <paramref name="frame"/> as the policy knows it (load time, or the last sweep that found its bit set).</summary>
    public long LastUseOf(FrameNumber frame) => _lastUse[frame.Value];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _ring = new ClockRing(host.FrameCount);
        _lastUse = new long[host.FrameCount];
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _lastUse[frame.Value] = access.Time;
        _ring.InsertBehindHand(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _ring.Remove(frame);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var now = host.Now;
        var count = _ring.Count;
        var start = _ring.Hand;

        // One revolution. Should it find no victim, the sweep would go round once more and take
        // the first clean old page it then found, failing that the evictable frame of oldest last
        // use: the only old pages left after the first revolution are those whose write-back it
        // scheduled (an old clean page is the victim at once, and a page found accessed is young
        // again), so the first of those, and the oldest frame, are known by its end.
        var oldest = FrameNumber.None;
        var firstWritten = FrameNumber.None;
        var f = start;
        for (var i = 0; i < count; i++, f = _ring.Next(f))
        {
            if (!host.CanEvict(f))
            {
                continue;
            }

            if (host.TestAndClearAccessed(f))
            {
                _lastUse[f.Value] = now;
            }
            else if (now - _lastUse[f.Value] > _window)
            {
                if (!host.IsDirty(f))
                {
                    _ring.AdvancePast(f);
                    return f;
                }

                // Carr and Hennessy schedule the write and keep sweeping; here the write
                // completes at once, so the page is clean when the hand comes round again.
                if (host.Clean(f) && !firstWritten.IsValid)
                {
                    firstWritten = f;
                }
            }

            if (!oldest.IsValid || _lastUse[f.Value] < _lastUse[oldest.Value])
            {
                oldest = f;
            }
        }

        if (firstWritten.IsValid)
        {
            // The second round would have asked again about the frames before it, and a write
            // may have taken the last swap slot, so that a dirty page asked about is passed over
            // now: ask as it would have.
            for (f = start; f != firstWritten; f = _ring.Next(f))
            {
                host.CanEvict(f);
            }

            _ring.AdvancePast(firstWritten);
            return firstWritten;
        }

        if (oldest.IsValid)
        {
            _ring.AdvancePast(oldest);
        }

        return oldest;
    }

    /// <inheritdoc/>
    public PolicyView Inspect() => new(
        _ring.Hand.IsValid ? $"hand at frame {_ring.Hand}; window tau = {Plural.Count(_window, "access")}, now t={_host!.Now}" : "no frames yet",
        PolicyViews.FromRing(_ring, Describe))
    {
        FromHand = true,
        TimeIs = "last use",
    };

    private PolicyFrameNote Describe(FrameNumber frame)
    {
        var host = _host!;
        var age = host.Now - _lastUse[frame.Value];
        return new PolicyFrameNote(frame, $"last use t={_lastUse[frame.Value]}, age {age}{(age > _window ? " (outside the window)" : string.Empty)}")
        {
            Referenced = host.IsAccessed(frame),
            Dirty = host.IsDirty(frame),
            Time = _lastUse[frame.Value],
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
