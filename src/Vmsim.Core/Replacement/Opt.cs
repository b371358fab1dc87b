using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Belady's optimal policy (OPT, MIN): evicts the page whose next use lies furthest in
/// the future; a page never used again goes first. No demand-paging policy faults less
/// on the same string, so OPT is the yardstick for the others; it needs the future, so
/// only a simulator can run it. Ties (equal next use, typically several pages never
/// used again) go to the lowest frame number.
/// Source: L. A. Belady, "A study of replacement algorithms for a virtual-storage
/// computer", IBM Systems Journal 5(2), 1966.
/// </summary>
/// <remarks>
/// Resident pages stand in a heap ordered by next use (<see cref="FrameHeap{TOrder}"/>), so a
/// load or a hit costs O(log n) and a victim search pops only the pages that cannot be
/// evicted now before the victim, then puts them back: a trace's million-page footprint in
/// tens of thousands of frames replays at the speed of the other heap policies, where a
/// scan of every frame per fault would take hours.
/// </remarks>
public sealed class Opt : IReplacementPolicy
{
    private long[] _nextUse = [];
    private FrameHeap<FurthestNextUse> _heap = new(0, default);
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "opt";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.Future;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _nextUse = new long[host.FrameCount];
        _heap = new FrameHeap<FurthestNextUse>(host.FrameCount, new FurthestNextUse(_nextUse));
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The access does not carry its next use.</exception>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _nextUse[frame.Value] = NextUseOf(access);
        _heap.Add(frame.Value);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The access does not carry its next use.</exception>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        var f = frame.Value;
        var next = NextUseOf(access);
        var earlier = next < _nextUse[f];
        _nextUse[f] = next;
        if (!_heap.Contains(f))
        {
            return;
        }

        // A later next use puts the page nearer the top.
        if (earlier)
        {
            _heap.Later(f);
        }
        else
        {
            _heap.Sooner(f);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _heap.Remove(frame.Value);

    /// <inheritdoc/>
    public FrameNumber SelectVictim() => _heap.FirstEvictable(_host!);

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var notes = _heap.InOrder().Select(f => new PolicyFrameNote(
            new FrameNumber(f),
            _nextUse[f] == AccessContext.Never ? "never used again" : $"next use t={_nextUse[f]}")
        {
            Time = _nextUse[f],
        }).ToList();
        return new PolicyView("the page used furthest in the future goes first", notes) { TimeIs = "next use" };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private static long NextUseOf(in AccessContext access)
    {
        if (access.NextUse == AccessContext.Unknown)
        {
            throw new InvalidOperationException(
                $"OPT needs the future: the access at time {access.Time} to page {access.Page} does not say when the page is next used; " +
                "run OPT on a workload that knows its future (a reference string or a trace expanded ahead of time)");
        }

        return access.NextUse;
    }

    // The page used furthest in the future first; a tie (pages never used again) goes to the
    // lower frame number.
    private readonly struct FurthestNextUse(long[] nextUse) : IFrameOrder
    {
        public bool Before(int a, int b) => nextUse[a] != nextUse[b] ? nextUse[a] > nextUse[b] : a < b;
    }
}
