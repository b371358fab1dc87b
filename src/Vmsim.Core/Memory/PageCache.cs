using Vmsim.Core.Addressing;

namespace Vmsim.Core.Memory;

/// <summary>
/// The resident pages of files, by file and page index (Linux's page cache). A file page
/// stays cached after its last mapping goes, until reclaim evicts it, so a second
/// process that maps the file finds it without a disk read (a minor fault).
/// </summary>
public sealed class PageCache
{
    private readonly Dictionary<(int File, long Page), FrameNumber> _pages = [];

    /// <summary>The number of cached pages.</summary>
    public int Count => _pages.Count;

    /// <summary>Finds the frame caching page <paramref name="page"/> of file <paramref name="file"/>.</summary>
    public bool TryFind(int file, long page, out FrameNumber frame) => _pages.TryGetValue((file, page), out frame);

    /// <summary>Records that <paramref name="frame"/> caches page <paramref name="page"/> of <paramref name="file"/>.</summary>
    public void Add(int file, long page, FrameNumber frame) => _pages.Add((file, page), frame);

    /// <summary>Forgets the cached page; it must be there.</summary>
    public void Remove(int file, long page)
    {
        if (!_pages.Remove((file, page)))
        {
            throw new InvalidOperationException($"page {page} of file {file} is not in the page cache");
        }
    }

    /// <summary>Every cached page, for the invariant checker.</summary>
    public IEnumerable<KeyValuePair<(int File, long Page), FrameNumber>> Entries => _pages;
}
