namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>LRU as Mattson et al. define it: one list in order of last reference; the least recent page goes.</summary>
internal sealed class LruModel(int frames) : ICacheModel
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
            evicted = _leastRecentFirst[0];
            _leastRecentFirst.RemoveAt(0);
        }

        _leastRecentFirst.Add(page);
        return evicted;
    }
}
