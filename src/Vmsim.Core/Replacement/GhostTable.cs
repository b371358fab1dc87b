using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A fixed-capacity set of page identities (<see cref="PageIdentity"/>) that a policy
/// remembers after the pages left memory: ARC's and CAR's B1 and B2, 2Q's A1out, LIRS's
/// non-resident HIR blocks, CLOCK-Pro's non-resident cold pages, S3-FIFO's ghost queue,
/// LRU-K's retained history, Linux's shadow entries. Each remembered page holds a slot
/// from 0 to <see cref="Capacity"/> minus one; the policy keeps its own per-ghost data in
/// arrays indexed by slot, and orders ghosts with a <see cref="FrameList"/> whose "frame
/// numbers" are slots. The owner hands over its own forgetting of a slot once, at
/// construction, and the table forgets through it by page, address space or object.
/// </summary>
/// <remarks>
/// The index is an open-addressing hash table with linear probing, at most half full, and
/// deletion by backward shift, so it never fills with tombstones over a trace of 10^8
/// accesses. Everything is allocated by the constructor: adding, finding and removing
/// allocate nothing, which is what lets a policy look up a ghost on every fault.
/// </remarks>
internal sealed class GhostTable
{
    // The owner recorded in a free slot: no address space has it, and an object would only at number int.MaxValue.
    private const int FreeSlot = int.MinValue;

    // Each bucket holds slot + 1, or 0 when empty.
    private readonly int[] _buckets;
    private readonly int _mask;
    private readonly int _shift;
    // The encoded owner of each slot's page (PageIdentity.Owner), FreeSlot when free.
    private readonly int[] _owner;
    private readonly ulong[] _page;
    private readonly int[] _free;

    // The owner's forgetting of a slot, which removes it from this table and from its lists.
    private readonly Action<int> _forget;
    private int _freeCount;

    /// <summary>
    /// Creates an empty table able to remember <paramref name="capacity"/> pages, which
    /// forgets a remembered page through <paramref name="forget"/>: the owner's forgetting of
    /// the slot it is given, which removes that slot, and no other, from this table (with
    /// <see cref="Remove"/>) and from the owner's lists.
    /// </summary>
    public GhostTable(int capacity, Action<int> forget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(forget);
        Capacity = capacity;
        _forget = forget;
        var bits = 1;
        while ((1 << bits) < 2 * capacity)
        {
            bits++;
        }

        _buckets = new int[1 << bits];
        _mask = (1 << bits) - 1;
        _shift = 64 - bits;
        _owner = new int[capacity];
        _page = new ulong[capacity];
        _free = new int[capacity];
        Clear();
    }

    /// <summary>How many pages the table can remember.</summary>
    public int Capacity { get; }

    /// <summary>How many pages it remembers now.</summary>
    public int Count { get; private set; }

    /// <summary>True when <see cref="Add"/> would need a slot freed first.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>The slot remembering <paramref name="page"/>, or -1.</summary>
    public int Find(PageIdentity page)
    {
        var owner = page.Owner;
        var p = page.Index;
        for (var b = Bucket(owner, p); ; b = (b + 1) & _mask)
        {
            var s = _buckets[b] - 1;
            if (s < 0)
            {
                return -1;
            }

            if (_page[s] == p && _owner[s] == owner)
            {
                return s;
            }
        }
    }

    /// <summary>
    /// Remembers <paramref name="page"/>, which must not be remembered already, in a free
    /// slot, and returns the slot. The table must not be full.
    /// </summary>
    public int Add(PageIdentity page)
    {
        if (_freeCount == 0)
        {
            throw new InvalidOperationException($"the ghost table is full ({Plural.Count(Capacity, "page")})");
        }

        var s = _free[--_freeCount];
        _owner[s] = page.Owner;
        _page[s] = page.Index;
        var b = Bucket(page.Owner, page.Index);
        while (_buckets[b] != 0)
        {
            b = (b + 1) & _mask;
        }

        _buckets[b] = s + 1;
        Count++;
        return s;
    }

    /// <summary>Forgets the page in <paramref name="slot"/>, which must be in use; the slot becomes free.</summary>
    public void Remove(int slot)
    {
        var hole = Bucket(_owner[slot], _page[slot]);
        while (_buckets[hole] != slot + 1)
        {
            hole = (hole + 1) & _mask;
        }

        // Backward shift: pull later entries of the probe run into the hole when their home
        // bucket lets them, so that no search ever stops early at an emptied bucket.
        for (var j = (hole + 1) & _mask; _buckets[j] != 0; j = (j + 1) & _mask)
        {
            var s = _buckets[j] - 1;
            var home = Bucket(_owner[s], _page[s]);
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _buckets[hole] = _buckets[j];
                hole = j;
            }
        }

        _buckets[hole] = 0;
        _owner[slot] = FreeSlot;
        _free[_freeCount++] = slot;
        Count--;
    }

    /// <summary>True when a slot remembers a private page of address space <paramref name="asid"/> (for the invariant checker).</summary>
    public bool Remembers(int asid) => asid >= 0 && RemembersOwner(asid);

    /// <summary>True when a slot remembers a page of object <paramref name="file"/> (for the invariant checker).</summary>
    public bool RemembersObject(int file) => RemembersOwner(PageIdentity.OwnerOfObject(file));

    /// <summary>Forgets the page, through the owner's forgetting, if a slot remembers it.</summary>
    public void Forget(PageIdentity page)
    {
        if (Find(page) is var slot and >= 0)
        {
            _forget(slot);
        }
    }

    /// <summary>
    /// Forgets, through the owner's forgetting, each slot remembering a private page of
    /// address space <paramref name="asid"/>, lowest first: a scan of every slot, for the rare
    /// moment an address space ends. Pages in the page cache or in swap outlive it, and stay.
    /// </summary>
    public void ForgetAddressSpace(int asid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(asid);
        ForgetOwnedBy(asid);
    }

    /// <summary>
    /// Forgets each slot remembering a page of object <paramref name="file"/>, as
    /// <see cref="ForgetAddressSpace"/> does: for the rare moment an object is freed.
    /// </summary>
    public void ForgetObject(int file) => ForgetOwnedBy(PageIdentity.OwnerOfObject(file));

    private bool RemembersOwner(int owner) => _owner.AsSpan(0, Capacity).Contains(owner);

    // Forgetting a slot frees that slot alone, so the scan goes on past it.
    private void ForgetOwnedBy(int owner)
    {
        for (var s = 0; s < Capacity; s++)
        {
            if (_owner[s] == owner)
            {
                _forget(s);
            }
        }
    }

    /// <summary>Forgets every page.</summary>
    public void Clear()
    {
        Array.Clear(_buckets);
        _owner.AsSpan().Fill(FreeSlot);
        for (var i = 0; i < Capacity; i++)
        {
            // Slot 0 is handed out first, so that runs are reproducible slot for slot.
            _free[i] = Capacity - 1 - i;
        }

        _freeCount = Capacity;
        Count = 0;
    }

    // Fibonacci hashing: a multiply keeps consecutive page numbers apart, and the top bits
    // of the product, which depend on every input bit, pick the bucket. Not PageHash: a
    // bucket needs only those top bits, which one multiply mixes well enough for linear
    // probing, and it is looked up on every fault; PageHash's three more rounds buy a spread
    // over all 64 bits, which sampling and the sketch need and a bucket index does not.
    private int Bucket(int owner, ulong page) =>
        (int)(((page ^ ((ulong)(uint)owner << 44)) * 0x9E3779B97F4A7C15UL) >> _shift);
}
