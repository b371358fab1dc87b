using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// What LRU and MRU share: every resident page on a recency stack (Mattson's), least
/// recently used at the head and most recent at the tail, each load and each hit moving its
/// page to the tail. They differ only in the end of the stack a victim comes from.
/// </summary>
public abstract class RecencyStackPolicy : IReplacementPolicy
{
    /// <summary>The frames in order of last use: head least recent, tail most recent.</summary>
    private protected FrameList Stack { get; private set; } = new(0);

    /// <summary>The machine's view of its frames, once attached.</summary>
    private protected IFrameHost Host { get; private set; } = null!;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
        Stack = new FrameList(host.FrameCount);
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access) => Stack.AddLast(frame);

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access) => Stack.MoveToLast(frame);

    /// <inheritdoc/>
    public void OnHits(ReadOnlySpan<FrameNumber> frames)
    {
        foreach (var frame in frames)
        {
            Stack.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason) => Stack.Remove(frame);

    /// <inheritdoc/>
    public abstract FrameNumber SelectVictim();

    /// <inheritdoc/>
    public virtual int UpcomingVictims(Span<FrameNumber> next) => 0;

    /// <inheritdoc/>
    public abstract PolicyView Inspect();

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
