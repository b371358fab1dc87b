using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// The ghost lists of ARC and CAR: B1 remembers pages recently evicted from T1, B2 pages
/// recently evicted from T2, each least recent first, by page identity (address space and
/// virtual page), together holding at most the capacity given (2c in both papers; when
/// full, the oldest ghost of B2 goes first, else of B1). The lists hold slots of one
/// <see cref="GhostTable"/>, so remembering and forgetting allocate nothing.
/// </summary>
internal sealed class ArcGhostLists
{
    private readonly GhostTable _table;

    /// <summary>Creates empty lists for at most <paramref name="capacity"/> ghosts.</summary>
    public ArcGhostLists(int capacity)
    {
        _table = new GhostTable(capacity, Forget);
        B1 = new FrameList(capacity);
        B2 = new FrameList(capacity);
    }

    /// <summary>Pages evicted from T1, least recent at the head (entries are ghost slots, not frames).</summary>
    public FrameList B1 { get; }

    /// <summary>Pages evicted from T2, least recent at the head (entries are ghost slots, not frames).</summary>
    public FrameList B2 { get; }

    /// <summary>
    /// The remembered pages of both lists: it finds a page's ghost slot, and forgets a page, or
    /// an address space's or an object's pages, from whichever list holds them.
    /// </summary>
    public GhostLookup Lookup => new(_table);

    /// <summary>True when ghost slot <paramref name="slot"/> is on B1.</summary>
    public bool InB1(int slot) => B1.Contains(new FrameNumber(slot));

    /// <summary>
    /// Puts the page at the most recent end of B2 (<paramref name="toB2"/>) or B1, replacing
    /// an older ghost of the same page: after a copy-on-write break two resident frames can name
    /// the same private page (the copy, and the old frame the process no longer maps), and if
    /// both are evicted clean without a swap slot the newer eviction is the one remembered.
    /// </summary>
    public void Remember(PageIdentity page, bool toB2)
    {
        _table.Forget(page);

        if (_table.IsFull)
        {
            Forget((B2.Count > 0 ? B2 : B1).Head.Value);
        }

        (toB2 ? B2 : B1).AddLast(new FrameNumber(_table.Add(page)));
    }

    /// <summary>
    /// The target size p of T1 after a fault on a ghost: raised by max(1, |B2|/|B1|) up to
    /// <paramref name="c"/> for a ghost of B1 (T1 evicted it too early), lowered by
    /// max(1, |B1|/|B2|) down to 0 for a ghost of B2 (ARC's cases II and III, CAR's the same).
    /// </summary>
    public double AdaptedTarget(double p, int c, bool fromB1) => fromB1
        ? Math.Min(c, p + Math.Max(1.0, (double)B2.Count / B1.Count))
        : Math.Max(0, p - Math.Max(1.0, (double)B1.Count / B2.Count));

    /// <summary>
    /// Makes room in the directory for a page in no list (ARC's case IV, CAR's the same):
    /// with |T1| + |B1| at c, B1's oldest ghost goes; otherwise, with all four lists at 2c,
    /// B2's oldest.
    /// </summary>
    public void MakeRoomForNewPage(int t1, int t2, int c)
    {
        if (t1 + B1.Count >= c)
        {
            if (B1.Count > 0)
            {
                Forget(B1.Head.Value);
            }
        }
        else if (t1 + t2 + B1.Count + B2.Count >= 2 * c && B2.Count > 0)
        {
            Forget(B2.Head.Value);
        }
    }

    /// <summary>Forgets ghost slot <paramref name="slot"/>, from whichever list holds it.</summary>
    public void Forget(int slot)
    {
        var ghost = new FrameNumber(slot);
        if (!B1.Remove(ghost))
        {
            B2.Remove(ghost);
        }

        _table.Remove(slot);
    }

    /// <summary>Forgets every ghost.</summary>
    public void Clear()
    {
        while (B1.Count > 0)
        {
            Forget(B1.Head.Value);
        }

        while (B2.Count > 0)
        {
            Forget(B2.Head.Value);
        }
    }
}
