using System.Globalization;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Which page a policy remembers once the page has left memory (a ghost, a shadow entry). A page
/// in the page cache (a file's, or shared anonymous memory's) is known by its object and its
/// index there, as Linux keeps its shadow entries in the page cache of the file: a refault is
/// then one whichever process makes it, at whatever address, and after the process that first
/// read the page has exited. A private anonymous page with a swap slot (written to swap, or read
/// back and keeping the slot as its swap cache) is known by the slot, as Linux keeps an
/// anonymous page's shadow entry in the swap cache at its slot: every process whose entry holds
/// the slot (a parent and the children that forked while it held the page) faults on the same
/// page, and the page can recur until the slot is freed
/// (<see cref="IReplacementPolicy.OnSwapSlotFreed"/>). Any other private anonymous page is
/// known by its address space and virtual page, and can recur only while that address space lives.
/// </summary>
public readonly record struct PageIdentity
{
    // The encoded owner of a page in swap; no object has its number (int.MaxValue - 1).
    private const int SwapOwner = int.MinValue + 1;

    // An address space (0 or more) for a private page; -1 - the object's number for a page in
    // the page cache; SwapOwner for a page known by its swap slot.
    private readonly int _owner;
    private readonly ulong _index;

    private PageIdentity(int owner, ulong index) => (_owner, _index) = (owner, index);

    /// <summary>True for a private anonymous page, known by its address space and virtual page.</summary>
    public bool IsPrivate => _owner >= 0;

    /// <summary>True for an anonymous page known by its swap slot.</summary>
    public bool IsInSwap => _owner == SwapOwner;

    /// <summary>The encoded owner: the address space of a private page, a negative number for an object's page or a page in swap.</summary>
    internal int Owner => _owner;

    /// <summary>The virtual page of a private page, the index in its object of a page-cache page, or the slot of a page in swap.</summary>
    internal ulong Index => _index;

    /// <summary>The encoded owner (<see cref="Owner"/>) of every page of object <paramref name="file"/>.</summary>
    internal static int OwnerOfObject(int file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(file);
        return -1 - file;
    }

    /// <summary>Page <paramref name="page"/> of address space <paramref name="asid"/>, private to it.</summary>
    public static PageIdentity Private(int asid, PageNumber page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(asid);
        return new(asid, page.Value);
    }

    /// <summary>Page <paramref name="index"/> of file (or shared memory object) <paramref name="file"/>, in the page cache.</summary>
    public static PageIdentity InObject(int file, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(file);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(OwnerOfObject(file), (ulong)index);
    }

    /// <summary>The anonymous page written to (or kept as the swap cache of) swap slot <paramref name="slot"/>.</summary>
    public static PageIdentity InSwap(SwapSlot slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot.Value);
        return new(SwapOwner, (ulong)slot.Value);
    }

    /// <summary>
    /// True when the page may still be referenced: a page in the page cache or in swap always
    /// may (a freed object or slot is told to the policy, which forgets its ghosts then), a
    /// private page only while its address space lives (<see cref="IFrameHost.HasEnded"/>).
    /// </summary>
    public bool CanRecur(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return !IsPrivate || !host.HasEnded(_owner);
    }

    /// <inheritdoc/>
    public override string ToString() => IsPrivate
        ? string.Create(CultureInfo.InvariantCulture, $"page {_index} of address space {_owner}")
        : IsInSwap
        ? string.Create(CultureInfo.InvariantCulture, $"the page in swap slot {_index}")
        : string.Create(CultureInfo.InvariantCulture, $"page {_index} of object {-1 - _owner}");
}
