using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// W-TinyLFU (Einziger, Friedman and Manes, ACM Transactions on Storage 2017) on a string
/// worked by hand, its scan resistance against LRU, and its frequency sketch's halving and
/// doorkeeper checked directly.
/// </summary>
public sealed class WTinyLfuTests
{
    private static PageIdentity Page(int page) => PageIdentity.Private(1, new PageNumber((ulong)page));

    [Fact]
    public void W_tinylfu_admits_a_window_page_only_when_it_is_used_more_than_probations_victim()
    {
        // 4 frames: the window holds 1 (1%, at least one), the main region 3, its protected
        // segment 2 (80%, rounded down). Lists least recent first; a page's estimated frequency
        // in brackets: its accesses so far, the first counted by the doorkeeper, the others by
        // the counters (W = 40 accesses, so no halving here).
        // 1 1: window [1(2)].   2 2: 2 pushes 1 out of the window; with frames to spare 1 joins
        //    probation without a contest. 3 3 and 4 likewise: window [4(1)], probation
        //    [1(2) 2(2) 3(2)], memory full.
        // 5: the window is full, so its least recent page 4 is the candidate, against
        //    probation's least recent page 1: 1 is not above 2, refused: 4 is evicted.
        //    Window [5(1)].
        // 1: a hit on probation promotes 1 to protected [1(3)]; probation [2 3].
        // 5 5: window hits, 5(3).
        // 6: candidate 5(3) against probation's 2(2): 3 is above 2, admitted: 2 is evicted and
        //    5 joins probation [3 5]. Window [6(1)].
        // 7: candidate 6(1) against 3(2): refused, 6 is evicted. Window [7(1)].
        // 7: 7(2).  8: candidate 7(2) against 3(2): a tie refuses the candidate, 7 is evicted.
        // LRU evicts 1, 2, 3, 4 and 1 again: the pages used twice go for pages used once.
        var policy = new WTinyLfu();
        var driver = new PolicyDriver(policy, 4).Run("1 1 2 2 3 3 4 5 1 5 5 6 7 7 8");

        Assert.Equal((1, 3, 2), (policy.WindowCapacity, policy.MainCapacity, policy.ProtectedCapacity));
        Assert.Equal([4, 2, 6, 7], driver.Evicted);
        Assert.Equal((1L, 3L), (policy.Admitted, policy.Refused));
        Assert.Equal([3, 3, 2, 2, 1], new[] { 1, 5, 3, 7, 8 }.Select(p => policy.FrequencyOf(Page(p))));
        Assert.True(policy.IsProtected(new FrameNumber(driver.FrameOf(1))));
        Assert.True(policy.InWindow(new FrameNumber(driver.FrameOf(8))));
        Assert.Equal((1, 2, 1), (policy.WindowCount, policy.ProbationCount, policy.ProtectedCount));
        Assert.Equal([1, 2, 3, 4, 1], new PolicyDriver(new Lru(), 4).Run("1 1 2 2 3 3 4 5 1 5 5 6 7 7 8").Evicted);
    }

    [Fact]
    public void A_scan_of_pages_used_once_leaves_a_hot_set_that_fits_where_lru_loses_it()
    {
        // 100 frames (window 1, probation 20, protected 79). The 60 hot pages are used three
        // times, which protects them; then each of 20 rounds scans 200 pages never used again
        // and uses the hot set once. LRU's frames hold the last 100 pages of the scan when the
        // hot set comes round, so every hot access of a round faults; W-TinyLFU lets a page
        // seen once displace only probation's pages (pages seen once themselves), and the hot
        // set faults only when it is first touched.
        var lru = HotFaults(new Lru());
        var tinyLfu = HotFaults(new WTinyLfu());
        Assert.Equal(60 + (20 * 60), lru.Hot);
        Assert.Equal(60, tinyLfu.Hot);
        Assert.True(tinyLfu.All < lru.All, $"W-TinyLFU faulted {tinyLfu.All} times in all, LRU {lru.All}");
    }

    private static (int Hot, int All) HotFaults(IReplacementPolicy policy)
    {
        var driver = new PolicyDriver(policy, 100);
        var hot = 0;
        var fresh = 10_000;
        for (var round = 0; round < 23; round++)
        {
            if (round >= 3)
            {
                for (var i = 0; i < 200; i++)
                {
                    driver.Access(fresh++);
                }
            }

            for (var page = 0; page < 60; page++)
            {
                hot += driver.Access(page) ? 1 : 0;
            }
        }

        return (hot, driver.Faults);
    }

    [Fact]
    public void The_window_takes_its_share_of_the_frames_and_at_least_one()
    {
        var policy = new WTinyLfu();
        _ = new PolicyDriver(policy, 1000);
        Assert.Equal((10, 990, 792), (policy.WindowCapacity, policy.MainCapacity, policy.ProtectedCapacity));

        var small = new WTinyLfu();
        _ = new PolicyDriver(small, 3);
        Assert.Equal((1, 2, 1), (small.WindowCapacity, small.MainCapacity, small.ProtectedCapacity));

        var tuned = (WTinyLfu)PolicyCatalog.Create("w-tinylfu", new PolicyOptions { Parameters = new Dictionary<string, double> { ["lru-window"] = 0.25 } });
        _ = new PolicyDriver(tuned, 8);
        Assert.Equal((2, 6, 4), (tuned.WindowCapacity, tuned.MainCapacity, tuned.ProtectedCapacity));
    }

    [Fact]
    public void A_window_page_that_cannot_be_evicted_keeps_its_place_and_the_next_is_the_candidate()
    {
        // 5 frames, a window of 2 (40%): 1 2 3 4 5 leave window [4 5], probation [1 2 3]. 6 with
        // 4 pinned: 5, the least recent window page that can go, is the candidate; against 1 it
        // ties (each used once) and is refused. 4 escapes no contest: it stays in the window.
        var policy = new WTinyLfu(0.4);
        var driver = new PolicyDriver(policy, 5).Run("1 2 3 4 5");
        driver.Pin(driver.FrameOf(4));
        driver.Access(6);

        Assert.Equal([5], driver.Evicted);
        Assert.Equal((0L, 1L), (policy.Admitted, policy.Refused));
        Assert.True(policy.InWindow(new FrameNumber(driver.FrameOf(4))));
        Assert.Equal((2, 3), (policy.WindowCount, policy.ProbationCount));
    }

    [Fact]
    public void When_no_window_page_can_be_evicted_the_least_recent_joins_probation_and_the_main_victim_goes()
    {
        // 3 frames: window 1, probation and protected 1 each. 1 2 3: window [3], probation [1 2].
        // 4 with 3 pinned: no window page can go, so 3 enters probation uncontested and
        // probation's least recent page 1 is evicted, though it is used no more than 3.
        var policy = new WTinyLfu();
        var driver = new PolicyDriver(policy, 3).Run("1 2 3");
        driver.Pin(driver.FrameOf(3));
        driver.Access(4);

        Assert.Equal([1], driver.Evicted);
        Assert.Equal((0L, 0L), (policy.Admitted, policy.Refused));
        Assert.False(policy.InWindow(new FrameNumber(driver.FrameOf(3))));
        Assert.True(policy.InWindow(new FrameNumber(driver.FrameOf(4))));
    }

    [Fact]
    public void The_sketch_halves_every_counter_and_clears_the_doorkeeper_after_w_recordings()
    {
        // W = 10. Nine recordings of one item: the doorkeeper takes the first, the counters the
        // other eight, so the estimate is 9. The tenth completes the sample: the counters hold 9
        // and are halved to 4, the doorkeeper forgets, and the count of recordings halves to 5.
        var sketch = new FrequencySketch(columns: 64, doorkeeperBits: 1 << 16, sampleSize: 10);
        const ulong item = 0x1234_5678_9ABC_DEF1;
        for (var i = 0; i < 9; i++)
        {
            sketch.Record(item);
        }

        Assert.Equal((9, 0L), (sketch.Estimate(item), sketch.Resets));
        sketch.Record(item);
        Assert.Equal((1L, 5L), (sketch.Resets, sketch.Recorded));
        Assert.Equal(4, sketch.Counted(item));
        Assert.False(sketch.DoorkeeperHas(item));
        Assert.Equal(4, sketch.Estimate(item));

        // Cleared, it is a new sketch: nothing counted, nothing recorded, no reset made.
        sketch.Clear();
        Assert.Equal((0, 0L, 0L), (sketch.Estimate(item), sketch.Recorded, sketch.Resets));

        // A counter stops at 15: the estimate of an item recorded more often is 15, plus the doorkeeper's one.
        var capped = new FrequencySketch(columns: 64, doorkeeperBits: 1 << 16, sampleSize: 1000);
        for (var i = 0; i < 40; i++)
        {
            capped.Record(item);
        }

        Assert.Equal(FrequencySketch.MaxCount + 1, capped.Estimate(item));
        capped.Reset();
        Assert.Equal(7, capped.Estimate(item));
    }

    [Fact]
    public void The_doorkeeper_keeps_items_seen_once_out_of_the_counters()
    {
        // Twenty items recorded once each: every one is in the doorkeeper (estimate 1), none has
        // raised a counter. A second recording reaches the counters.
        var sketch = new FrequencySketch(columns: 64, doorkeeperBits: 1 << 16, sampleSize: 1000);
        var items = Enumerable.Range(1, 20).Select(i => (ulong)i * 0x9E37_79B9_7F4A_7C15UL).ToArray();
        foreach (var item in items)
        {
            sketch.Record(item);
        }

        Assert.All(items, item => Assert.Equal((true, 0, 1), (sketch.DoorkeeperHas(item), sketch.Counted(item), sketch.Estimate(item))));
        sketch.Record(items[0]);
        Assert.Equal((1, 2), (sketch.Counted(items[0]), sketch.Estimate(items[0])));

        // The reset clears the doorkeeper: the items seen once are forgotten, the counted one
        // keeps its halved counter (1 halved is 0).
        sketch.Reset();
        Assert.All(items, item => Assert.False(sketch.DoorkeeperHas(item)));
        Assert.All(items, item => Assert.Equal(0, sketch.Estimate(item)));
    }

    [Fact]
    public void A_policy_run_halves_the_sketch_every_ten_times_the_frames_accesses()
    {
        // 4 frames: W = 40. Page 1 used 30 times has the estimate 16 (15 counted, capped, plus
        // the doorkeeper); at the 40th access the counters halve, to 7, and the doorkeeper forgets.
        var policy = new WTinyLfu();
        var driver = new PolicyDriver(policy, 4).Run(string.Join(' ', Enumerable.Repeat("1", 30)));
        Assert.Equal(16, policy.FrequencyOf(Page(1)));
        driver.Run(string.Join(' ', Enumerable.Range(100, 10)));
        Assert.Equal((1L, 7), (policy.Sketch.Resets, policy.FrequencyOf(Page(1))));
    }

    [Fact]
    public void The_sketch_halves_after_ten_times_the_frames_accesses_and_then_every_five_times_as_the_catalog_says()
    {
        // 4 frames: W = 40. A reset halves the count of accesses too, to 20, so the next comes
        // 20 accesses later, and so on: at 40, 60 and 80 accesses.
        var policy = new WTinyLfu();
        var driver = new PolicyDriver(policy, 4);
        var resets = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            driver.Run(string.Join(' ', Enumerable.Range(100 + (20 * i), 20)));
            resets.Add(policy.Sketch.Resets);
        }

        Assert.Equal([0L, 1, 2, 3], resets);
        Assert.Contains("halved after 10 × frames accesses and then every 5 × frames", PolicyCatalog.Find("w-tinylfu")!.Parameters, StringComparison.Ordinal);
    }
    [Fact]
    public void The_view_puts_the_next_victim_first_or_names_the_two_lists_whose_first_pages_it_is_decided_between()
    {
        // A window of 2 of 8 frames. With the window full, the contest weighs the window's least
        // recent page against the main region's, and either can go: the view names the two
        // lists. Now and then a window page is released, and until the next fault refills the
        // window there is no contest: an eviction then (a process at its quota under local
        // replacement evicts with frames free) takes the main region's victim, shown first.
        var random = new Random(3);
        var policy = new WTinyLfu(0.25);
        var driver = new PolicyDriver(policy, 8);
        var (contested, plain) = (0, 0);
        foreach (var reference in ReferenceStrings.Random(3, 3000, 24))
        {
            var view = policy.Inspect();
            var pages = driver.Frames;
            if (driver.Access(reference.Page) && driver.LastEvicted >= 0)
            {
                contested++;
                Assert.Equal(["window", "probation"], view.VictimBetween);
                Assert.Equal("window", view.Order[0].List);
                var firsts = view.VictimBetween.Select(list => pages[view.Order.First(n => n.List == list).Frame.Value]);
                Assert.Contains(driver.LastEvicted, firsts);
            }
            else if (random.Next(20) == 0 && driver.Frames.Count(p => p >= 0) == 8)
            {
                plain++;
                driver.Release(driver.Frames.First(p => p >= 0 && policy.InWindow(new FrameNumber(driver.FrameOf(p)))));
                view = policy.Inspect();
                Assert.Empty(view.VictimBetween);
                Assert.Equal(view.Order[0].Frame, policy.SelectVictim());
            }
        }

        Assert.True(contested > 100 && plain > 10, $"{contested} evictions after a contest, {plain} views without one");
    }
}
