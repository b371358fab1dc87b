using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// First-in, first-out: evicts the page that has been resident longest, whatever its
/// use. Simple, and subject to Belady's anomaly (more frames can mean more faults).
/// Source: L. A. Belady, R. A. Nelson and G. S. Shedler, "An anomaly in space-time
/// characteristics of certain programs running in a paging machine", CACM 12(6), 1969.
/// </summary>
public sealed class Fifo : IReplacementPolicy
{
    private FrameList _queue = new(0);
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "fifo";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _queue = new FrameList(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => _queue.AddLast(frame);

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => _queue.Remove(frame);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        return _queue.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public int UpcomingVictims(Span<FrameNumber> next) => _queue.FirstFrames(next);

    /// <inheritdoc/>
    public PolicyView Inspect() => new("oldest first: the head of the queue goes next", PolicyViews.FromList(_queue, _ => null));

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
