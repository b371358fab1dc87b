using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>LRU-K (O'Neil, O'Neil and Weikum, SIGMOD 1993) on a string worked by hand, and K = 1.</summary>
public sealed class LruKTests
{
    [Fact]
    public void Lru_2_evicts_the_page_whose_second_last_reference_is_oldest()
    {
        // 3 frames, K = 2, CRP = 0; times count accesses from 0. HIST is (last, second last).
        // t0 1: (0, -).  t1 1: (1, 0).  t2 2: (2, -).  t3 3: (3, -).  t4 2: (4, 2).
        // t5 4: 3 is the only page with fewer than 2 references: infinite distance, evicted.
        //    Its history (3, -) is retained. 4: (5, -).
        // t6 3: 4 has the infinite distance now: evicted. 3 comes back with its retained history:
        //    (6, 3).
        // t7 1: (7, 1).
        // t8 5: second last references are 1 at t1, 2 at t2, 3 at t3: page 1 goes, although it
        //    is the most recently used page. Without the retained history 3 would have had an
        //    infinite distance and gone instead. (LRU, on the same string, evicts 1, 2 and 4.)
        var lruK = new LruK();
        var driver = new PolicyDriver(lruK, 3).Run("1 1 2 3 2 4 3 1 5");
        Assert.Equal([3, 4, 1], driver.Evicted);
        Assert.Equal(3, lruK.KthReferenceOf(new FrameNumber(driver.FrameOf(3))));
        Assert.Equal([1, 2, 4], new PolicyDriver(new Lru(), 3).Run("1 1 2 3 2 4 3 1 5").Evicted);
    }

    [Fact]
    public void A_faulting_page_finds_its_retained_history_before_the_victims_pushes_the_oldest_out()
    {
        // 3 frames, K = 2, CRP = 0, history kept for 3 evicted pages; times from 0.
        // t0-t2 6 5 2; t3 3 evicts 6 (all have fewer than 2 references: LRU among them);
        // t4 6 evicts 5 and comes back with its history: (4, 0). t5, t6 2: (6, 5).
        // t7 4 evicts 3, t8 1 evicts 4: retained are 5, 3 and 4, as many as the frames.
        // t9 5 evicts 1 (fewer than 2 references). 1's history joins the retained ones before
        //    5 is looked up; 5's, the oldest, is found first and only then is the oldest left
        //    (3's) forgotten: 5 comes back as (9, 1).
        // t10 3: every page has two references; the oldest second last is 6's (t0): 6 goes.
        //    Had 5 lost its history to 1's, it would have gone (fewer than 2 references).
        // t11 5: a hit.
        var driver = new PolicyDriver(new LruK(), 3).Run("6 5 2 3 6 2 2 4 1 5 3 5");
        Assert.Equal([6, 5, 3, 4, 1, 6], driver.Evicted);

        // Between two faults no more histories are kept than there are frames.
        var lruK = new LruK();
        new PolicyDriver(lruK, 3).Run(ReferenceStrings.Random(1, 300, 20));
        Assert.EndsWith("history kept for 3 evicted pages", lruK.Inspect().Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Lru_k_with_k_1_is_lru()
    {
        foreach (var frames in new[] { 1, 2, 3, 5, 8 })
        {
            for (var seed = 1; seed <= 20; seed++)
            {
                var references = ReferenceStrings.Random(seed, 300, 14);
                var lru = new PolicyDriver(new Lru(), frames).Run(references);
                var lru1 = new PolicyDriver(new LruK(k: 1), frames).Run(references);
                Assert.Equal(lru.Evicted, lru1.Evicted);
            }
        }
    }

    [Fact]
    public void Lru_k_treats_references_within_the_correlated_period_as_one()
    {
        // 3 frames, K = 2, string 1 1 2 3 4 2 3 4 5 (t0 to t8).
        // CRP = 2: t1 is within 2 of t0, so 1's HIST stays (0, -) and only LAST moves to 1.
        //   t4, fault on 4: pages referenced within the period are not eligible: 2 (t2) and 3
        //   (t3) are not; 1 is, and goes. Then 2, 3, 4 are hit at t5-t7, each uncorrelated:
        //   HIST (5, 2), (6, 3), (7, 4). t8: 4 is within its period; of 2 and 3, 2 goes.
        // CRP = 0: t1 is a second reference, HIST(1) = (1, 0), and 1 is protected: t4 takes 2
        //   (infinite distance, least recent), t5 takes 3, t6 takes 4, t7 takes 1 (second last
        //   reference t0 against 2's t2 and 3's t3), t8 takes 2.
        var correlated = new PolicyDriver(new LruK(k: 2, correlatedPeriod: 2), 3).Run("1 1 2 3 4 2 3 4 5");
        var uncorrelated = new PolicyDriver(new LruK(k: 2, correlatedPeriod: 0), 3).Run("1 1 2 3 4 2 3 4 5");
        Assert.Equal([1, 2], correlated.Evicted);
        Assert.Equal([2, 3, 4, 1, 2], uncorrelated.Evicted);
    }

    [Fact]
    public void Lru_k_passes_over_a_page_still_within_its_correlated_period_though_its_kth_reference_is_oldest()
    {
        // 3 frames, K = 2, CRP = 1, string 1 2 3 2 3 1 1 4 (t0 to t7).
        // t3, t4, t5 are each a page's second, uncorrelated reference: HIST(2) = (3, 1),
        // HIST(3) = (4, 2), HIST(1) = (5, 0). t6 follows t5 at once, so it is correlated: 1's
        // HIST stays (5, 0) and only LAST(1) moves to 6. t7, fault on 4: 1 has the oldest
        // second-last reference (t0) but was referenced within the period (7 - 6 = 1), so it
        // may not go; of the others 2's (t1) is the oldest, and 2 goes.
        var run = new PolicyDriver(new LruK(k: 2, correlatedPeriod: 1), 3).Run("1 2 3 2 3 1 1 4");

        Assert.Equal([2], run.Evicted);
    }
    [Theory]
    [InlineData(1, "1st last reference")]
    [InlineData(2, "2nd last reference")]
    [InlineData(3, "3rd last reference")]
    [InlineData(4, "4th last reference")]
    public void The_view_names_the_kth_last_reference_in_words(int k, string words)
    {
        var lruK = new LruK(k: k);
        new PolicyDriver(lruK, 2).Run("1 1 1 1 2 2 2 2");

        Assert.Contains(lruK.Inspect().Order, note => note.Note is { } text && text.Contains(words, StringComparison.Ordinal));
    }
}

