using Vmsim.Core.Addressing;

namespace Vmsim.Core.Storage;

/// <summary>
/// A file that can be mapped into memory; it has as many pages as are read from it. Shared
/// anonymous memory is one too, as in Linux (an unnamed shmem object): its pages start
/// zeroed rather than read, go to swap rather than back to a file, and the object lives only
/// while some process maps it.
/// </summary>
/// <param name="Id">The file's number in the <see cref="FileSystem"/>.</param>
/// <param name="Name">The file's name, as scenarios give it, or a made-up one for shared anonymous memory.</param>
public sealed record BackingFile(int Id, string Name)
{
    /// <summary>True for the memory object behind a shared anonymous mapping.</summary>
    public bool IsShmem { get; init; }

    /// <summary>Pages read from the file into the page cache.</summary>
    public long PagesRead { get; set; }

    /// <summary>Dirty pages written back to the file.</summary>
    public long PagesWritten { get; set; }

    /// <summary>
    /// For shared anonymous memory: the swap slot holding each page that was swapped out, by
    /// index in the object. Each holds one reference to its slot; a page read back takes the
    /// reference with it, as its swap cache.
    /// </summary>
    public Dictionary<long, SwapSlot> SwappedPages { get; } = [];

    /// <summary>For shared anonymous memory: true once its last mapping went and its pages were freed.</summary>
    public bool Freed { get; set; }
}
