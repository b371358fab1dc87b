using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// What ARC and CAR share: ARC's directory. Two lists of resident pages, T1 (seen once
/// recently) and T2 (seen at least twice), their ghost lists B1 and B2, the adaptive target
/// size p of T1, and the identity (address space and virtual page) each frame was loaded
/// under, which is what a ghost remembers. An evicted page becomes a ghost of the list it
/// left, unless its process has ended; a page released by munmap or exit leaves none, and
/// when the last resident page is released the directory forgets its ghosts and p and
/// starts afresh. ARC and CAR differ in how they order T1 and T2 (LRU lists against
/// clocks) and in when p adapts.
/// </summary>
public abstract class ArcDirectoryPolicy : IGhostTableKeeper
{

    /// <summary>T1: resident pages seen once since they were last brought in.</summary>
    private protected FrameList T1 { get; private set; } = new(0);

    /// <summary>T2: resident pages seen at least twice.</summary>
    private protected FrameList T2 { get; private set; } = new(0);

    /// <summary>B1 and B2, at most 2c ghosts.</summary>
    private protected ArcGhostLists Ghosts { get; private set; } = new(0);

    /// <summary>c, the number of frames.</summary>
    private protected int C { get; private set; }

    /// <summary>The machine's view of its frames, once attached.</summary>
    private protected IFrameHost Host { get; private set; } = null!;

    /// <summary>The adaptive target size p of T1, between 0 and the number of frames.</summary>
    public double Target { get; private protected set; }

    /// <summary>|T1|: resident pages seen once since they were last brought in.</summary>
    public int RecencyCount => T1.Count;

    /// <summary>|T2|: resident pages seen at least twice.</summary>
    public int FrequencyCount => T2.Count;

    /// <summary>|B1|: ghosts of pages evicted from T1.</summary>
    public int RecencyGhostCount => Ghosts.B1.Count;

    /// <summary>|B2|: ghosts of pages evicted from T2.</summary>
    public int FrequencyGhostCount => Ghosts.B2.Count;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract PolicyNeeds Needs { get; }

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
        C = host.FrameCount;
        T1 = new FrameList(C);
        T2 = new FrameList(C);

        // The directory holds at most 2c pages, so at most 2c ghosts even with few resident.
        Ghosts = new ArcGhostLists(2 * C);
        Target = 0;
    }

    /// <inheritdoc/>
    public virtual void OnMiss(PageIdentity page)
    {
    }

    /// <inheritdoc/>
    public abstract void OnLoad(FrameNumber frame, in AccessContext access);

    /// <inheritdoc/>
    public abstract void OnHit(FrameNumber frame, in AccessContext access);

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var fromT1 = T1.Remove(frame);
        if (!fromT1 && !T2.Remove(frame))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (Host.IdentityOf(frame) is var page && page.CanRecur(Host))
            {
                Ghosts.Remember(page, toB2: !fromT1);
            }
        }
        else if (T1.Count + T2.Count == 0)
        {
            Reset();
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => Ghosts.Lookup;

    /// <inheritdoc/>
    public abstract FrameNumber SelectVictim();

    /// <inheritdoc/>
    public abstract PolicyView Inspect();

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    /// <summary>The directory in words, for <see cref="Inspect"/>: p and the four lists' sizes.</summary>
    private protected string DirectoryText() =>
        $"p = {Target:0.##} (target size of T1); T1 {T1.Count}, T2 {T2.Count}, B1 ghosts {Ghosts.B1.Count}, B2 ghosts {Ghosts.B2.Count}";

    /// <summary>Forgets every ghost and p, when the last resident page has been released.</summary>
    private protected virtual void Reset()
    {
        Ghosts.Clear();
        Target = 0;
    }
}
