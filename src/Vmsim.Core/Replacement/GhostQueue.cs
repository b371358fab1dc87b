using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A bounded first-in, first-out memory of evicted pages by identity (<see cref="PageIdentity"/>): 2Q's A1out, S3-FIFO's ghost queue, LRU-K's retained history, Linux's
/// shadow entries. When full, remembering one more page forgets the oldest. Slots come
/// from one <see cref="GhostTable"/>, so nothing is allocated per access.
/// </summary>
internal sealed class GhostQueue
{
    private readonly GhostTable _table;
    private readonly FrameList _order;

    /// <summary>Creates an empty queue of at most <paramref name="capacity"/> ghosts.</summary>
    public GhostQueue(int capacity)
    {
        _table = new GhostTable(capacity);
        _order = new FrameList(capacity);
    }

    /// <summary>How many pages are remembered.</summary>
    public int Count => _order.Count;

    /// <summary>The slot of <paramref name="page"/>, or -1.</summary>
    public int Find(PageIdentity page) => _table.Find(page);

    /// <summary>
    /// Remembers the page as the newest ghost and returns its slot (where callers keep data
    /// about it). An older ghost of the same page is replaced; when full, the oldest goes.
    /// </summary>
    public int Remember(PageIdentity page)
    {
        var old = _table.Find(page);
        if (old >= 0)
        {
            Forget(old);
        }

        if (_table.IsFull)
        {
            ForgetOldest();
        }

        var slot = _table.Add(page);
        _order.AddLast(new FrameNumber(slot));
        return slot;
    }

    /// <summary>Forgets ghost slot <paramref name="slot"/>.</summary>
    public void Forget(int slot)
    {
        _order.Remove(new FrameNumber(slot));
        _table.Remove(slot);
    }

    /// <summary>Forgets the oldest ghost; the queue must not be empty.</summary>
    public void ForgetOldest() => Forget(_order.Head.Value);

    /// <summary>Forgets the oldest ghosts until at most <paramref name="count"/> remain.</summary>
    public void TrimTo(int count)
    {
        while (_order.Count > count)
        {
            ForgetOldest();
        }
    }

    /// <summary>Forgets every ghost of address space <paramref name="asid"/>.</summary>
    public void ForgetAddressSpace(int asid) => _table.ForgetAddressSpace(asid, Forget);

    /// <summary>Forgets every ghost of object <paramref name="file"/>.</summary>
    public void ForgetObject(int file) => _table.ForgetObject(file, Forget);

    /// <summary>Forgets the ghost of <paramref name="page"/>, if there is one.</summary>
    public void Forget(PageIdentity page)
    {
        if (_table.Find(page) is var slot and >= 0)
        {
            Forget(slot);
        }
    }

    /// <summary>True when a page of address space <paramref name="asid"/> is remembered.</summary>
    public bool Remembers(int asid) => _table.Remembers(asid);

    /// <summary>True when a page of object <paramref name="file"/> is remembered.</summary>
    public bool RemembersObject(int file) => _table.RemembersObject(file);

    /// <summary>Forgets every ghost.</summary>
    public void Clear() => TrimTo(0);
}
