namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// One list of the resident pages in order of last reference, least recent first, of which the
/// victim is the least recent page (LRU) or the most recent (MRU), of those that can be evicted.
/// </summary>
internal abstract class RecencyListModel(int frames, bool evictMostRecent, Func<int, bool>? canEvict) : ICacheModel
{
    private readonly List<int> _leastRecentFirst = [];

    public int? Reference(int page, bool write)
    {
        if (_leastRecentFirst.Remove(page))
        {
            _leastRecentFirst.Add(page);
            return null;
        }

        int? evicted = null;
        if (_leastRecentFirst.Count == frames)
        {
            var at = evictMostRecent ? _leastRecentFirst.FindLastIndex(Evictable) : _leastRecentFirst.FindIndex(Evictable);
            evicted = _leastRecentFirst[at];
            _leastRecentFirst.RemoveAt(at);
        }

        _leastRecentFirst.Add(page);
        return evicted;
    }

    private bool Evictable(int page) => canEvict.Allows(page);
}
