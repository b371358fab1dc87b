using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>S3-FIFO (Yang et al., SOSP 2023) on a string worked by hand with algorithm 1's rules.</summary>
public sealed class S3FifoTests
{
    [Fact]
    public void S3_fifo_demotes_pages_used_once_quickly_and_readmits_ghosts_to_the_main_queue()
    {
        // 5 frames: S's share is 1 (10%, at least one), G remembers up to 4. Queues oldest first,
        // counters in brackets.
        // 1 2 3 4 5: free frames, all into S. Hits: 1 once, 2 twice: 1(1) 2(2).
        // 6: |S| = 5 >= 1, so S gives the victim: 1 and 2 were hit, they move to M with their
        //    counters reset; 3 was not: evicted, G = [3]. S = [4 5 6], M = [1 2].
        // 3: S's 4 is evicted, G = [3 4]. 3 is in G: it goes straight to M = [1 2 3]; G = [4].
        //    S = [5 6].
        // 7: 5 is evicted, G = [4 5]. S = [6 7].  1: hit in M, 1(1).
        // 8: 6 is evicted, G = [4 5 6]. S = [7 8].
        // 4: 7 is evicted, G = [4 5 6 7]; 4 is in G: into M = [1 2 3 4]. S = [8], G = [5 6 7].
        // 9: 8 is evicted, G = [5 6 7 8]. S = [9].
        // 6: 9 is evicted; G is full, so its oldest ghost 5 is pushed out: G = [6 7 8 9]. 6 is in
        //    G: into M = [1 2 3 4 6], over M's share of 4. S = [].
        // 10: |S| = 0 < 1, so M gives the victim: 1 has counter 1, lowered to 0 and reinserted
        //    at the newest end; 2 has 0: evicted. M = [3 4 6 1], S = [10].
        var s3 = new S3Fifo();
        var driver = new PolicyDriver(s3, 5).Run("1 2 3 4 5 1 2 2 6 3 7 1 8 4 9 6 10");
        Assert.Equal((1, 4), (s3.SmallTarget, s3.GhostCapacity));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 2], driver.Evicted);
        Assert.Equal((1, 4, 3), (s3.SmallCount, s3.MainCount, s3.GhostCount));
        Assert.True(s3.InMain(new FrameNumber(driver.FrameOf(6))));
        Assert.Equal(0, s3.FrequencyOf(new FrameNumber(driver.FrameOf(1))));
    }

    [Fact]
    public void S3_fifo_caps_the_counter_at_three()
    {
        var s3 = new S3Fifo();
        var driver = new PolicyDriver(s3, 5).Run("1 1 1 1 1 1");
        Assert.Equal(3, s3.FrequencyOf(new FrameNumber(driver.FrameOf(1))));
    }
}
