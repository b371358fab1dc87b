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
public sealed class Opt : IReplacementPolicy
{
    private long[] _nextUse = [];
    private bool[] _resident = [];
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
        _resident = new bool[host.FrameCount];
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The access does not carry its next use.</exception>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _nextUse[frame.Value] = NextUseOf(access);
        _resident[frame.Value] = true;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The access does not carry its next use.</exception>
    public void OnHit(FrameNumber frame, in AccessContext access) => _nextUse[frame.Value] = NextUseOf(access);

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _resident[frame.Value] = false;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        // A linear scan per fault: OPT is a yardstick for offline runs, not a hot path,
        // and a heap keyed on next use would have to be updated on every hit instead.
        var victim = -1;
        var furthest = long.MinValue;
        for (var f = 0; f < _resident.Length; f++)
        {
            if (_resident[f] && _nextUse[f] > furthest && _host!.CanEvict(new FrameNumber(f)))
            {
                victim = f;
                furthest = _nextUse[f];
            }
        }

        return new FrameNumber(victim);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = new List<PolicyFrameNote>();
        for (var f = 0; f < _resident.Length; f++)
        {
            if (_resident[f])
            {
                var next = _nextUse[f];
                order.Add(new PolicyFrameNote(new FrameNumber(f), next == AccessContext.Never ? "never used again" : $"next use t={next}"));
            }
        }

        order.Sort((a, b) => _nextUse[b.Frame.Value].CompareTo(_nextUse[a.Frame.Value]) is var c && c != 0 ? c : a.Frame.Value.CompareTo(b.Frame.Value));
        return new PolicyView("the page used furthest in the future goes first", order);
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
}
