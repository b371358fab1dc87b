using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Denning's working set: the pages a process used in the last tau accesses, W(t, tau),
/// are the ones it needs resident; a page whose age (virtual time since its last use)
/// exceeds tau has left the working set and may go. This policy keeps the exact time of
/// every page's last use and, asked for a victim, takes the evictable page least
/// recently used. Pages outside the window are exactly the least recently used ones, so
/// they are always preferred; only when every evictable page is in the working set does
/// a page inside the window go, which the policy counts
/// (<see cref="VictimsInsideWindow"/>): the sign that the working set does not fit.
/// </summary>
/// <remarks>
/// Denning's policy sizes the resident set by the window: pages leave when they age
/// out, whether or not memory is short, and a process whose working set does not fit is
/// swapped out whole. vmsim's machine has a fixed number of frames and evicts only to
/// make room, so it cannot shrink a resident set on its own; what runs here is the
/// working set's choice of victim under a frame limit. Load control (suspending a
/// process whose working set does not fit) belongs to the kernel, not to this policy.
/// Age is <see cref="IFrameHost.Now"/> minus the <see cref="AccessContext.Time"/> of the
/// last use; a page is outside the window when its age exceeds tau.
/// Source: P. J. Denning, "The working set model for program behavior", CACM 11(5), 1968.
/// </remarks>
public sealed class WorkingSet : IReplacementPolicy
{
    private readonly long _window;
    // Recency list: head is the page of oldest last use, the first to leave the window.
    private FrameList _recency = new(0);
    private long[] _lastUse = [];
    private IFrameHost? _host;

    /// <summary>Creates the policy with working-set window <paramref name="window"/> (tau, in accesses, at least 1).</summary>
    public WorkingSet(long window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
    }

    /// <inheritdoc/>
    public string Name => "ws";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess;

    /// <summary>The working-set window tau, in accesses.</summary>
    public long Window => _window;

    /// <summary>How many evicted pages were still inside the window when they went.</summary>
    public long VictimsInsideWindow { get; private set; }

    /// <summary>The virtual time of the last use of the page in <paramref name="frame"/>.</summary>
    public long LastUseOf(FrameNumber frame) => _lastUse[frame.Value];

    /// <summary>True when the page in <paramref name="frame"/> is resident and was used within the window, as of <see cref="IFrameHost.Now"/>.</summary>
    public bool InWorkingSet(FrameNumber frame) =>
        _recency.Contains(frame) && _host!.Now - _lastUse[frame.Value] <= _window;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _recency = new FrameList(host.FrameCount);
        _lastUse = new long[host.FrameCount];
        VictimsInsideWindow = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _lastUse[frame.Value] = access.Time;
        _recency.AddLast(frame);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        _lastUse[frame.Value] = access.Time;
        _recency.MoveToLast(frame);
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (reason == RemovalReason.Evicted && InWorkingSet(frame))
        {
            VictimsInsideWindow++;
        }

        _recency.Remove(frame);
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        return _recency.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect() => new(
        $"least recently used first; window tau = {Plural.Count(_window, "access")}, now t={_host!.Now}",
        PolicyViews.FromList(_recency, f => $"last use t={_lastUse[f.Value]}{(InWorkingSet(f) ? string.Empty : " (outside the working set)")}"));

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
