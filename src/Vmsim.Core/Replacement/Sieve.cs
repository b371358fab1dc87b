using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// SIEVE: one FIFO queue, a visited bit per page and a hand. New pages join the newest end
/// with the bit clear; a hit sets the bit and moves nothing. To find a victim the hand
/// moves from where it stopped towards the newest end, clearing set bits as it passes, and
/// evicts the first page whose bit is clear; from the newest end it wraps to the oldest.
/// Unlike CLOCK, a page that survives keeps its place in the queue instead of going behind
/// the hand with the new pages, so new pages that are not reused are soon passed by the
/// hand a first time ("lazy promotion, quick demotion"). Parameters: none.
/// Source: Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson and K. V. Rashmi, "SIEVE is simpler than
/// LRU: an efficient turn-key eviction algorithm for web caches", NSDI 2024.
/// </summary>
/// <remarks>
/// The visited bit is the hardware accessed bit, read and cleared through
/// <see cref="IFrameHost.TestAndClearAccessed"/>, and the policy asks to see no hits. That is
/// exact, not an approximation: SIEVE's bit is set on a hit and cleared only by its hand,
/// which is just what the MMU and this policy do with the accessed bit; the hit path costs
/// nothing, as SIEVE intends. <see cref="OnLoad"/> clears the bit the retried faulting access
/// set, because SIEVE inserts with the bit clear. Pages that cannot be evicted are passed
/// over with their bits untouched; two passes of the hand suffice.
/// </remarks>
public sealed class Sieve : IReplacementPolicy
{
    // Head = oldest, tail = newest; the hand moves from head towards tail.
    private FrameList _queue = new(0);

    // The next page the hand looks at; None means the oldest.
    private FrameNumber _hand = FrameNumber.None;
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "sieve";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>The frame the hand looks at next.</summary>
    public FrameNumber Hand => _hand.IsValid ? _hand : _queue.Head;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _queue = new FrameList(host.FrameCount);
        _hand = FrameNumber.None;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _host!.TestAndClearAccessed(frame);
        _queue.AddLast(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (!_queue.Contains(frame))
        {
            return;
        }

        if (_hand == frame)
        {
            _hand = _queue.Next(frame);
        }

        _queue.Remove(frame);
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var count = _queue.Count;
        var f = Hand;
        var sawEvictable = false;
        for (var step = 0; step < 2 * count; step++)
        {
            if (step == count && !sawEvictable)
            {
                break;
            }

            if (host.CanEvict(f))
            {
                sawEvictable = true;
                if (!host.TestAndClearAccessed(f))
                {
                    _hand = _queue.Next(f);
                    return f;
                }
            }

            f = _queue.NextCircular(f);
        }

        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = new List<PolicyFrameNote>(_queue.Count);
        var f = Hand;
        for (var i = 0; i < _queue.Count; i++, f = _queue.NextCircular(f))
        {
            var visited = _host!.IsAccessed(f);
            order.Add(new PolicyFrameNote(f, "visited " + PolicyViews.Bit(visited, 'V')) { Referenced = visited });
        }

        return new PolicyView(
            Hand.IsValid ? $"hand at frame {Hand}, moving from older to newer pages; a visited page keeps its place" : "no frames yet",
            order)
        {
            FromHand = true,
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
