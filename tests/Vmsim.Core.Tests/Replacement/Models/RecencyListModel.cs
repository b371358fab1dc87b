namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// One list of the resident pages in order of last reference, least recent first, of which the
/// victim is the least recent page (LRU) or the most recent (MRU).
/// </summary>
internal abstract class RecencyListModel(int frames, bool evictMostRecent) : ICacheModel
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
            var at = evictMostRecent ? _leastRecentFirst.Count - 1 : 0;
            evicted = _leastRecentFirst[at];
            _leastRecentFirst.RemoveAt(at);
        }

        _leastRecentFirst.Add(page);
        return evicted;
    }
}
