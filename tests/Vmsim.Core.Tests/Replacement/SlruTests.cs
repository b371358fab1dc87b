using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>Segmented LRU on a string worked by hand, and its degenerate case.</summary>
public sealed class SlruTests
{
    [Fact]
    public void Slru_protects_pages_hit_on_probation_and_evicts_from_probation()
    {
        // 4 frames: the protected segment holds 3 (80%, rounded down). Segments least recent first.
        // 1 2 3 4: probation [1 2 3 4].  1 2: hits, protected [1 2], probation [3 4].
        // 5: probation's LRU 3 goes. Probation [4 5].
        // 4: hit, protected [1 2 4].  5: hit, protected [1 2 4 5] is one too many: 1 drops back
        //    to probation's most recent end. Protected [2 4 5], probation [1].
        // 6: 1 goes. 7: 6 goes. LRU would have taken 3, 1, then 2.
        var slru = new Slru();
        var driver = new PolicyDriver(slru, 4).Run("1 2 3 4 1 2 5 4 5 6 7");
        Assert.Equal(3, slru.ProtectedCapacity);
        Assert.Equal([3, 1, 6], driver.Evicted);
        Assert.Equal([3, 1, 2], new PolicyDriver(new Lru(), 4).Run("1 2 3 4 1 2 5 4 5 6 7").Evicted);
        Assert.True(slru.IsProtected(new FrameNumber(driver.FrameOf(2))));
    }

    [Fact]
    public void Slru_with_no_protected_segment_is_lru()
    {
        // A hit page moves to the protected segment and at once drops back to the most recent
        // end of probation: exactly LRU's move to the most recent end.
        foreach (var frames in new[] { 1, 2, 3, 5, 8 })
        {
            for (var seed = 1; seed <= 20; seed++)
            {
                var references = ReferenceStrings.Random(seed, 300, 14);
                var lru = new PolicyDriver(new Lru(), frames).Run(references);
                var slru = new PolicyDriver(new Slru(protectedFraction: 0), frames).Run(references);
                Assert.Equal(lru.Evicted, slru.Evicted);
            }
        }
    }
}
