namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>LRU as Mattson et al. define it: one list in order of last reference; the least recent page goes (that can).</summary>
internal sealed class LruModel(int frames, Func<int, bool>? canEvict = null) : RecencyListModel(frames, evictMostRecent: false, canEvict);
