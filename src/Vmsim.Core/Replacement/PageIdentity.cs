using System.Globalization;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Which page a policy remembers once the page has left memory (a ghost, a shadow entry). A page
/// in the page cache (a file's, or shared anonymous memory's) is known by its object and its
/// index there, as Linux keeps its shadow entries in the page cache of the file: a refault is
/// then one whichever process makes it, at whatever address, and after the process that first
/// read the page has exited. A private anonymous page is known by its address space and
/// virtual page, and can recur only while that address space lives.
/// </summary>
public readonly record struct PageIdentity
{
    // An address space (0 or more) for a private page; -1 - the object's number for a page in the page cache.
    private readonly int _owner;
    private readonly ulong _index;

    private PageIdentity(int owner, ulong index) => (_owner, _index) = (owner, index);

    /// <summary>True for a private anonymous page, known by its address space and virtual page.</summary>
    public bool IsPrivate => _owner >= 0;

    /// <summary>The encoded owner: the address space of a private page, a negative number for an object's page.</summary>
    internal int Owner => _owner;

    /// <summary>The virtual page of a private page, or the index in its object of a page-cache page.</summary>
    internal ulong Index => _index;

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
        return new(-1 - file, (ulong)index);
    }

    /// <summary>
    /// True when the page may still be referenced: a page in the page cache always may, a
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
        : string.Create(CultureInfo.InvariantCulture, $"page {_index} of object {-1 - _owner}");
}
