using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Not recently used, as the enhanced second-chance clock: each page falls into one of
/// four classes by its (accessed, dirty) bits, best victim first: (0,0) neither used
/// lately nor modified; (0,1) not used lately but must be written back; (1,0) used
/// lately but clean; (1,1) used lately and modified. The hand sweeps a ring as in CLOCK:
/// the first sweep looks for a (0,0) page and changes nothing; if there is none, a
/// second sweep looks for a (0,1) page and clears the accessed bit of every frame it
/// passes; if that fails too, every accessed bit is now clear and the two sweeps are
/// repeated, which must then find a victim. Each sweep starts from the hand; the hand
/// rests just past the victim, and new pages go just behind it. This is not Tanenbaum's
/// NRU, which takes a page at random from the lowest nonempty class and clears the
/// accessed bits at every clock tick: only the classes are his.
/// Source: A. Silberschatz, P. B. Galvin and G. Gagne, Operating System Concepts,
/// 10th ed., section 10.4.5.3 (enhanced second-chance); W. Stallings, Operating
/// Systems: Internals and Design Principles, section 8.2 (the sweep order);
/// A. S. Tanenbaum and H. Bos, Modern Operating Systems, 4th ed., section 3.4.2 (the
/// four NRU classes).
/// </summary>
public sealed class Nru : IReplacementPolicy
{
    private ClockRing _ring = new(0);
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "nru";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _ring = new ClockRing(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => _ring.InsertBehindHand(frame);

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
        var count = _ring.Count;
        for (var round = 0; round < 2; round++)
        {
            // Sweep 1: the first (0,0) frame, touching no bits.
            var sawEvictable = false;
            var f = _ring.Hand;
            for (var i = 0; i < count; i++, f = _ring.Next(f))
            {
                if (host.CanEvict(f))
                {
                    sawEvictable = true;
                    if (!host.IsAccessed(f) && !host.IsDirty(f))
                    {
                        _ring.AdvancePast(f);
                        return f;
                    }
                }
            }

            if (!sawEvictable)
            {
                return FrameNumber.None;
            }

            // Sweep 2: the first (0,1) frame, clearing the accessed bit of each frame passed.
            f = _ring.Hand;
            for (var i = 0; i < count; i++, f = _ring.Next(f))
            {
                if (!host.CanEvict(f))
                {
                    continue;
                }

                if (host.TestAndClearAccessed(f))
                {
                    continue;
                }

                if (host.IsDirty(f))
                {
                    _ring.AdvancePast(f);
                    return f;
                }
            }
        }

        // Unreachable when the host clears bits as asked: after one round every evictable
        // frame is (0,0) or (0,1), and the second round takes the first of them.
        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect() => new(
        _ring.Hand.IsValid ? $"hand at frame {_ring.Hand}; classes (R,D): (-,-) first, then (-,D), (R,-), (R,D)" : "no frames yet",
        PolicyViews.FromRing(_ring, Describe))
    {
        FromHand = true,
    };

    private PolicyFrameNote Describe(FrameNumber frame)
    {
        var referenced = _host!.IsAccessed(frame);
        var dirty = _host.IsDirty(frame);
        return new PolicyFrameNote(frame, $"({PolicyViews.Bit(referenced, 'R')},{PolicyViews.Bit(dirty, 'D')})") { Referenced = referenced, Dirty = dirty };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
