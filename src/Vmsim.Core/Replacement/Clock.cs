using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// CLOCK, or second chance: the frames stand in a ring with a hand. To find a victim the
/// hand sweeps the ring; a frame whose accessed bit is set has the bit cleared and is
/// passed over (its second chance), and the first frame found with the bit clear is
/// evicted. The hand then rests just past the victim, and the page loaded in its place
/// goes just behind the hand, so it is examined last. With every bit set the sweep
/// clears them all and comes back to where it began, which makes CLOCK FIFO in the worst
/// case. <see cref="ClockInsert"/> chooses whether a newly loaded page keeps the accessed
/// bit its retried access set (<see cref="ClockInsert.Hot"/>, the operating-systems
/// textbook) or starts with it clear (<see cref="ClockInsert.Cold"/>, cache simulators).
/// Source: F. J. Corbató, "A paging experiment with the Multics system", MIT Project MAC
/// report MAC-M-384, 1968; A. Silberschatz, P. B. Galvin and G. Gagne, Operating System
/// Concepts, 10th ed., section 10.4.5.2.
/// </summary>
public sealed class Clock : IReplacementPolicy
{
    private readonly ClockInsert _insert;
    private ClockRing _ring = new(0);
    private IFrameHost? _host;

    /// <summary>Creates a CLOCK whose new pages start with their accessed bit as <paramref name="insert"/> says.</summary>
    public Clock(ClockInsert insert = ClockInsert.Hot)
    {
        if (!Enum.IsDefined(insert))
        {
            throw new ArgumentOutOfRangeException(nameof(insert), insert, "expected Hot or Cold");
        }

        _insert = insert;
    }

    /// <inheritdoc/>
    public string Name => "clock";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>Where a newly loaded page's accessed bit starts.</summary>
    public ClockInsert Insert => _insert;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _ring = new ClockRing(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        if (_insert == ClockInsert.Cold)
        {
            // The retried access has already set the bit; a cold insert forgets it so the
            // page must be hit again before it earns a second chance.
            _host!.TestAndClearAccessed(frame);
        }

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
        var f = _ring.Hand;
        var sawEvictable = false;

        // Two revolutions suffice: the first clears the bit of every evictable frame it
        // passes, so the second stops at the first evictable frame at the latest.
        for (var step = 0; step < 2 * _ring.Count; step++)
        {
            if (step == _ring.Count && !sawEvictable)
            {
                break;
            }

            if (host.CanEvict(f))
            {
                sawEvictable = true;
                if (!host.TestAndClearAccessed(f))
                {
                    _ring.AdvancePast(f);
                    return f;
                }
            }

            f = _ring.Next(f);
        }

        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public int UpcomingVictims(Span<FrameNumber> next) => _ring.FromHand(next);

    /// <inheritdoc/>
    public PolicyView Inspect() => new(
        _ring.Hand.IsValid ? $"hand at frame {_ring.Hand}; a page whose reference bit is set gets a second chance" : "no frames yet",
        PolicyViews.FromRing(_ring, Describe))
    {
        FromHand = true,
    };

    private PolicyFrameNote Describe(FrameNumber frame)
    {
        var referenced = _host!.IsAccessed(frame);
        return new PolicyFrameNote(frame, referenced ? "referenced" : "not referenced") { Referenced = referenced };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
