namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>LRU as Mattson et al. define it: one list in order of last reference; the least recent page goes.</summary>
internal sealed class LruModel(int frames) : RecencyListModel(frames, evictMostRecent: false);
