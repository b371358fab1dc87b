using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>MRU on a loop, by hand and at scale.</summary>
public sealed class MruTests
{
    [Fact]
    public void Mru_evicts_the_page_used_last()
    {
        // 3 frames. 1 2 3; 4 evicts 3, the most recent. 1 2: hits. 3 evicts 2, the most recent.
        // 4: hit. 8 references, 5 faults; LRU faults on all 8 (a loop of 4 over 3 frames).
        var mru = new PolicyDriver(new Mru(), 3).Run("1 2 3 4 1 2 3 4");
        Assert.Equal([3, 2], mru.Evicted);
        Assert.Equal(5, mru.Faults);
        Assert.Equal(8, new PolicyDriver(new Lru(), 3).Run("1 2 3 4 1 2 3 4").Faults);
    }

    [Fact]
    public void Mru_beats_lru_on_a_loop_slightly_larger_than_memory()
    {
        // 20 passes over 11 pages with 10 frames: LRU evicts each page just before the loop
        // returns to it and faults on every access; MRU keeps 9 of the pages and faults about
        // twice a pass.
        var loop = string.Join(' ', Enumerable.Repeat(string.Join(' ', Enumerable.Range(0, 11)), 20));
        var lru = new PolicyDriver(new Lru(), 10).Run(loop).Faults;
        var mru = new PolicyDriver(new Mru(), 10).Run(loop).Faults;
        Assert.Equal(220, lru);
        Assert.True(mru <= 11 + (2 * 19), $"MRU faulted {mru} times");
    }
}
