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
        _table = new GhostTable(capacity);
        B1 = new FrameList(capacity);
        B2 = new FrameList(capacity);
    }

    /// <summary>Pages evicted from T1, least recent at the head (entries are ghost slots, not frames).</summary>
    public FrameList B1 { get; }

    /// <summary>Pages evicted from T2, least recent at the head (entries are ghost slots, not frames).</summary>
    public FrameList B2 { get; }

    /// <summary>The ghost slot of page <paramref name="page"/> of <paramref name="asid"/>, or -1.</summary>
    public int Find(int asid, PageNumber page) => _table.Find(asid, page);

    /// <summary>True when ghost slot <paramref name="slot"/> is on B1.</summary>
    public bool InB1(int slot) => B1.Contains(new FrameNumber(slot));

    /// <summary>
    /// Puts the page at the most recent end of B2 (<paramref name="toB2"/>) or B1, replacing
    /// an older ghost of the same page: after a copy-on-write break the old frame keeps the
    /// identity it was loaded under, and the newer eviction is the one remembered.
    /// </summary>
    public void Remember(int asid, PageNumber page, bool toB2)
    {
        var old = _table.Find(asid, page);
        if (old >= 0)
        {
            Forget(old);
        }

        if (_table.IsFull)
        {
            Forget((B2.Count > 0 ? B2 : B1).Head.Value);
        }

        (toB2 ? B2 : B1).AddLast(new FrameNumber(_table.Add(asid, page)));
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

    /// <summary>Forgets every ghost of address space <paramref name="asid"/>, from both lists.</summary>
    public void ForgetAddressSpace(int asid)
    {
        foreach (var slot in _table.SlotsOf(asid))
        {
            Forget(slot);
        }
    }

    /// <summary>True when a page of address space <paramref name="asid"/> is remembered.</summary>
    public bool Remembers(int asid) => _table.SlotsOf(asid).Count > 0;

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
