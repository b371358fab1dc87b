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
        _table = new GhostTable(capacity, Forget);
        _order = new FrameList(capacity);
    }

    /// <summary>
    /// The remembered pages: it finds a page's slot, and forgets a page, or an address space's
    /// or an object's pages, from the queue.
    /// </summary>
    public GhostLookup Lookup => new(_table);

    /// <summary>How many pages are remembered.</summary>
    public int Count => _order.Count;

    /// <summary>
    /// Remembers the page as the newest ghost and returns its slot (where callers keep data
    /// about it). An older ghost of the same page is replaced; when full, the oldest goes.
    /// </summary>
    public int Remember(PageIdentity page)
    {
        _table.Forget(page);

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

    /// <summary>Forgets every ghost.</summary>
    public void Clear() => TrimTo(0);
}
