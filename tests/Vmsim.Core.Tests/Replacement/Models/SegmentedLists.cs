namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// The two LRU segments of segmented LRU, each kept least recent first: probation, where pages
/// enter, and protected, of at most <paramref name="protectedPages"/> pages, where a hit moves its
/// page and from whose least recent end a page drops back to probation's most recent end when it
/// holds too many. SLRU is these segments alone; W-TinyLFU's main region is the same.
/// </summary>
internal sealed class SegmentedLists(int protectedPages)
{
    private readonly List<int> _probation = [];
    private readonly List<int> _protected = [];

    /// <summary>The pages in both segments.</summary>
    public int Count => _probation.Count + _protected.Count;

    /// <summary>
    /// The least recent page of probation that <paramref name="canEvict"/> allows, else of
    /// protected; null if none can go.
    /// </summary>
    public int? OldestEvictable(Func<int, bool> canEvict) =>
        _probation.Cast<int?>().FirstOrDefault(p => canEvict(p!.Value)) ?? _protected.Cast<int?>().FirstOrDefault(p => canEvict(p!.Value));

    /// <summary>Removes <paramref name="page"/> from its segment.</summary>
    public void Remove(int page)
    {
        if (!_probation.Remove(page))
        {
            _protected.Remove(page);
        }
    }

    /// <summary>A reference to <paramref name="page"/>: true, and the page protected, when a segment held it.</summary>
    public bool Hit(int page)
    {
        if (!_probation.Remove(page) && !_protected.Remove(page))
        {
            return false;
        }

        _protected.Add(page);
        if (_protected.Count > protectedPages)
        {
            _probation.Add(_protected[0]);
            _protected.RemoveAt(0);
        }

        return true;
    }

    /// <summary>Puts <paramref name="page"/> at probation's most recent end.</summary>
    public void Enter(int page) => _probation.Add(page);
}
