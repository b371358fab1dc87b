using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>Small examples worked by hand, one rule each; the comments are the working.</summary>
public sealed class HandWorkedTests
{
    [Fact]
    public void Opt_without_future_knowledge_throws_saying_it_needs_the_future()
    {
        var driver = new PolicyDriver(new Opt(), 3);
        var error = Assert.Throws<InvalidOperationException>(() => driver.Access(1, nextUse: AccessContext.Unknown));
        Assert.Contains("OPT needs the future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opt_breaks_ties_between_pages_never_used_again_by_lowest_frame()
    {
        // 1, 2, 3 fill frames 0, 1, 2 and none is used again: 4 takes frame 0, the lowest.
        // At 5 every page, 4 included, is never used again: frame 0 again.
        var driver = new PolicyDriver(new Opt(), 3).Run("1 2 3 4 5");
        Assert.Equal([1, 4], driver.Evicted);
    }

    [Fact]
    public void Opt_passes_over_pinned_frames_to_the_next_furthest_use_and_keeps_its_order()
    {
        // Pages 1-4 in frames 0-3, next used at t=100, 50, 70 and never: the order is
        // frame 3, 0, 2, 1. A hit on 2 that is next used at t=200 moves frame 1 up to second.
        var policy = new Opt();
        var driver = new PolicyDriver(policy, 4);
        driver.Access(1, nextUse: 100);
        driver.Access(2, nextUse: 50);
        driver.Access(3, nextUse: 70);
        driver.Access(4, nextUse: AccessContext.Never);
        Assert.Equal([3, 0, 2, 1], policy.Inspect().Order.Select(n => n.Frame.Value));
        driver.Access(2, nextUse: 200);
        Assert.Equal([3, 1, 0, 2], policy.Inspect().Order.Select(n => n.Frame.Value));
        Assert.Equal(3, policy.SelectVictim().Value);

        // Pinned frames are set aside and put back: with frames 3 and 1 pinned, frame 0 goes.
        driver.Pin(3);
        driver.Pin(1);
        Assert.Equal(0, policy.SelectVictim().Value);
        driver.Unpin(3);
        driver.Unpin(1);
        Assert.Equal(3, policy.SelectVictim().Value);
        Assert.Equal([3, 1, 0, 2], policy.Inspect().Order.Select(n => n.Frame.Value));
    }

    [Fact]
    public void Opt_victims_are_the_furthest_next_use_among_frames_that_can_go_on_random_strings()
    {
        // Play the first 200 references of a string of 300, each told its next use in the whole
        // string; then, whatever frames are pinned, the victim must be the unpinned frame whose
        // page comes back latest in the remaining 100 (never counts as latest; a tie goes to the
        // lowest frame), worked out here from the string itself.
        const int Played = 200;
        var random = new Random(11);
        for (var round = 0; round < 40; round++)
        {
            var refs = ReferenceStrings.Random(round, 300, 20);
            var nextUse = new long[refs.Length];
            var seen = new Dictionary<int, long>();
            for (var i = refs.Length - 1; i >= 0; i--)
            {
                nextUse[i] = seen.TryGetValue(refs[i].Page, out var n) ? n : AccessContext.Never;
                seen[refs[i].Page] = i;
            }

            var policy = new Opt();
            var driver = new PolicyDriver(policy, 8);
            for (var i = 0; i < Played; i++)
            {
                driver.Access(refs[i].Page, refs[i].Write, nextUse[i]);
            }

            var pinned = Enumerable.Range(0, 8).Where(_ => random.Next(3) == 0).ToHashSet();
            foreach (var f in pinned)
            {
                driver.Pin(f);
            }

            long ComesBack(int page) => Array.FindIndex(refs, Played, r => r.Page == page) is var at and >= 0 ? at : AccessContext.Never;
            var candidates = Enumerable.Range(0, 8).Where(f => !pinned.Contains(f) && driver.Frames[f] >= 0).ToList();
            var expected = candidates.Count == 0
                ? FrameNumber.None
                : new FrameNumber(candidates.OrderByDescending(f => ComesBack(driver.Frames[f])).ThenBy(f => f).First());
            Assert.Equal(expected, policy.SelectVictim());
        }
    }

    [Fact]
    public void Clock_release_of_the_frame_under_the_hand_moves_the_hand_on()
    {
        // 1 2 3 fill frames 0-2 with bits set; 4 clears all three, comes back to frame 0 and
        // evicts 1; the hand rests on frame 1. Releasing 2 (frame 1) moves the hand to frame 2.
        // 5 takes the free frame 1, just behind the hand. 6 sweeps 3, 4, 5, clears them all
        // and takes 3, the first frame from the hand.
        var driver = new PolicyDriver(new Clock(ClockInsert.Hot), 3).Run("1 2 3 4");
        driver.Release(2);
        driver.Run("5 6");
        Assert.Equal([1, 3], driver.Evicted);
        Assert.Equal(1, driver.FrameOf(5));
    }

    [Fact]
    public void Clock_gives_a_page_hit_since_the_last_sweep_a_second_chance()
    {
        // Cold: 1 2 3 load with bits clear. 2 is hit. 4 takes 1 (frame 0, bit clear).
        // 5 passes 2 (bit set: cleared, spared) and takes 3.
        var driver = new PolicyDriver(new Clock(ClockInsert.Cold), 3).Run("1 2 3 2 4 5");
        Assert.Equal([1, 3], driver.Evicted);
    }

    [Fact]
    public void Nru_prefers_a_clean_page_to_dirty_ones_ahead_of_it_once_bits_are_cleared()
    {
        // 1w 2w 3 4 fill frames 0-3, all accessed. For 5, sweep 1 finds no (0,0); sweep 2
        // finds no (0,1) and clears every accessed bit: now 1 and 2 are (0,1), 3 and 4 (0,0).
        // The repeated sweep 1 takes 3, the first (0,0), passing the dirty 1 and 2.
        var driver = new PolicyDriver(new Nru(), 4).Run("1w 2w 3 4 5");
        Assert.Equal([3], driver.Evicted);
        Assert.Equal(0, driver.Writebacks);
    }

    [Fact]
    public void Nru_takes_a_dirty_unused_page_before_clean_used_ones()
    {
        // 1 2w 3 4w fill frames 0-3, all accessed. 5: no (0,0) and no (0,1) until sweep 2 has
        // cleared everything; then 1 (frame 0) is the first (0,0). Hand on frame 1.
        // 2 is hit: (1,1). 6: sweep 1 passes 2 and takes 3, (0,0). Hand on frame 3.
        // 7: classes are 4 (0,1), 5 (1,0), 2 (1,1), 6 (1,0): no (0,0); sweep 2 starts at 4,
        // (0,1), and takes it without clearing anyone's bit.
        var driver = new PolicyDriver(new Nru(), 4).Run("1 2w 3 4w 5 2 6 7");
        Assert.Equal([1, 3, 4], driver.Evicted);
        Assert.True(driver.IsAccessed(new FrameNumber(driver.FrameOf(5))));
    }

    [Fact]
    public void Aging_shifts_counters_at_each_tick_and_evicts_the_smallest()
    {
        var aging = new Aging(8);
        var driver = new PolicyDriver(aging, 3);
        ulong Counter(int page) => aging.CounterOf(new FrameNumber(driver.FrameOf(page)));

        driver.Run("1 2 3");
        driver.Tick();                                 // 1: 1000_0000  2: 1000_0000  3: 1000_0000
        driver.Run("1 3");
        driver.Tick();                                 // 1: 1100_0000  2: 0100_0000  3: 1100_0000
        driver.Run("2");
        driver.Tick();                                 // 1: 0110_0000  2: 1010_0000  3: 0110_0000
        Assert.Equal(0b0110_0000UL, Counter(1));
        Assert.Equal(0b1010_0000UL, Counter(2));
        Assert.Equal(0b0110_0000UL, Counter(3));

        // 1 and 3 tie for the smallest; 1 was loaded first.
        driver.Run("4");
        Assert.Equal(1, driver.LastEvicted);
        Assert.Equal(0UL, Counter(4));
    }

    [Fact]
    public void Aging_counts_accesses_since_the_last_tick_at_a_fault()
    {
        var driver = new PolicyDriver(new Aging(8), 3);
        driver.Run("1 2 3");
        driver.Tick();
        driver.Run("1 3");
        driver.Tick();
        driver.Run("2");
        driver.Tick();                                 // 1: 0110_0000  2: 1010_0000  3: 0110_0000
        driver.Run("4 3");                             // 4 replaces 1 (see above); 3 is hit

        // At the fault on 5 the counters are compared as the next tick would leave them:
        // 2: 0101_0000 (not accessed), 3: 1011_0000 (accessed), 4: 1000_0000 (its faulting
        // access). 2 goes. Bare counters would have taken 4, whose counter is still 0.
        driver.Run("5");
        Assert.Equal(2, driver.LastEvicted);
    }

    [Fact]
    public void Aging_forgets_a_page_unused_for_more_ticks_than_it_has_bits()
    {
        // With 2-bit counters, 1's early burst is gone after two idle ticks; 2 and 3 were
        // each used in the last interval, so 1 goes although it was used most.
        var driver = new PolicyDriver(new Aging(2), 3);
        driver.Run("1 1 1 1 2 3");
        driver.Tick();
        driver.Run("2 3");
        driver.Tick();
        driver.Run("2 3");
        driver.Tick();
        driver.Run("4");
        Assert.Equal(1, driver.LastEvicted);
    }

    [Fact]
    public void Lfu_evicts_the_page_with_fewest_accesses_since_its_load()
    {
        // Counts 1:3, 2:2, 3:1 -> 4 takes 3's frame. Then 4 is used twice more (count 3):
        // counts 1:3, 2:2, 4:3 -> 5 takes 2's frame.
        var lfu = new Lfu();
        var driver = new PolicyDriver(lfu, 3).Run("1 1 1 2 2 3 4");
        Assert.Equal([3], driver.Evicted);
        driver.Run("4 4 5");
        Assert.Equal([3, 2], driver.Evicted);
        Assert.Equal(3, lfu.CountOf(new FrameNumber(driver.FrameOf(1))));
        Assert.Equal(3, lfu.CountOf(new FrameNumber(driver.FrameOf(4))));
        Assert.Equal(1, lfu.CountOf(new FrameNumber(driver.FrameOf(5))));
    }

    [Fact]
    public void Lfu_breaks_frequency_ties_by_least_recent_use()
    {
        // 1, 2 and 3 have two accesses each; 3's last use (time 3) is the oldest.
        var driver = new PolicyDriver(new Lfu(), 3).Run("1 2 3 3 2 1 4");
        Assert.Equal([3], driver.Evicted);
    }

    [Fact]
    public void Lfu_starts_counting_afresh_when_a_page_comes_back()
    {
        // Counts 1:4, 2:2, 3:1: 4 takes 3's frame; the return of 3 takes 4's (count 1, the
        // older use). 3 comes back with a count of 1, not 2, so at 5 it goes again ahead of
        // 2 (count 2); had it kept its old count it would tie with 2, the older use, and 2 would go.
        var driver = new PolicyDriver(new Lfu(), 3).Run("1 1 1 1 2 2 3 4 3 5");
        Assert.Equal([3, 4, 3], driver.Evicted);
    }

    [Fact]
    public void Lfu_agrees_with_a_scan_for_the_smallest_count_and_oldest_use()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var references = ReferenceStrings.Random(seed, 400, 10);
            var driver = new PolicyDriver(new Lfu(), 4).Run(references);
            Assert.Equal(ReferenceLfu(references, 4), driver.Evicted);
        }
    }

    [Fact]
    public void WsClock_schedules_a_write_for_a_dirty_old_page_and_takes_the_next_clean_old_one()
    {
        // tau = 2, 4 frames. 1 2w 3 4 fill frames 0-3 (last use = load time). At 5 (now 4)
        // the sweep finds every bit set, clears them and sets last use to 4; no page is old,
        // so it takes the oldest, all tied at 4, first from the hand: 1. 5 goes behind the
        // hand, now on 2. 5 4 5 are hits. At 6 (now 8): 2 is unaccessed, age 4 > 2, dirty:
        // its write is scheduled and the sweep goes on; 3 is unaccessed, age 4, clean: victim.
        var driver = new PolicyDriver(new WsClock(2), 4).Run("1 2w 3 4 5 5 4 5 6");
        Assert.Equal([1, 3], driver.Evicted);
        Assert.Equal(1, driver.Cleanings);
        Assert.True(driver.IsResident(2));
        Assert.False(driver.IsDirty(new FrameNumber(driver.FrameOf(2))));
    }

    [Fact]
    public void WsClock_after_a_revolution_of_scheduled_writes_takes_the_first_page_written()
    {
        // tau = 2, 3 frames. 1w 2w 3w fill; 4 (now 3) clears all bits and takes 1 (oldest,
        // first from the hand), written back on eviction. 4 4 4 are hits. At 5 (now 7):
        // 2 and 3 are old and dirty, so both get writes scheduled; 4 is accessed, spared.
        // The next round takes 2, the first clean old page.
        var driver = new PolicyDriver(new WsClock(2), 3).Run("1w 2w 3w 4 4 4 4 5");
        Assert.Equal([1, 2], driver.Evicted);
        Assert.Equal(2, driver.Cleanings);
        Assert.Equal(1, driver.Writebacks);
    }

    [Fact]
    public void WsClock_takes_the_oldest_page_when_no_page_has_left_the_window()
    {
        // tau = 1000: nothing is ever old. 4 (now 3) takes 1 as above. 2 is hit. At 5
        // (now 5): 2 is accessed, last use 5; 3 is not, last use still 3; 4 accessed, last
        // use 5. No old page in a full revolution, so the oldest, 3, goes.
        var wsclock = new WsClock(1000);
        var driver = new PolicyDriver(wsclock, 3).Run("1 2 3 4 2 5");
        Assert.Equal([1, 3], driver.Evicted);
        Assert.Equal(5, wsclock.LastUseOf(new FrameNumber(driver.FrameOf(2))));
    }

    [Fact]
    public void WorkingSet_lets_a_page_go_as_soon_as_it_leaves_the_window()
    {
        // tau = 3, 3 frames. After "1 2 3 1 2" the working set is {3, 1, 2}; the next 1
        // leaves the last three references 1 2 1, so 3 goes at once, with a frame to spare
        // for 4, which takes it without evicting anything.
        var ws = new WorkingSet(3);
        var driver = new PolicyDriver(ws, 3).Run("1 2 3 1 2");
        Assert.Empty(driver.Departed);
        driver.Run("1");
        Assert.Equal([3], driver.Departed);
        Assert.False(driver.IsResident(3));
        Assert.True(ws.InWorkingSet(new FrameNumber(driver.FrameOf(1))));
        Assert.True(ws.InWorkingSet(new FrameNumber(driver.FrameOf(2))));
        driver.Run("4");
        Assert.Empty(driver.Evicted);
        Assert.Equal(1, ws.Departures);
        Assert.Equal(0, ws.VictimsInsideWindow);
    }

    [Fact]
    public void WorkingSet_writes_back_a_dirty_page_that_leaves_the_window()
    {
        // tau = 2: 1 is written, then 2 and 3 read; after 3 the window is "2 3" and 1 goes, dirty.
        var driver = new PolicyDriver(new WorkingSet(2), 5).Run("1w 2 3");
        Assert.Equal([1], driver.Departed);
        Assert.Equal(1, driver.Writebacks);
    }

    [Fact]
    public void WorkingSet_takes_the_faulting_page_that_leaves_the_window_with_this_reference()
    {
        // tau = 3, 3 frames: at the fault on 4 (its reference 4) page 1, last referenced at 1,
        // leaves W(4, 3) = {2, 3, 4} with this very reference: it is the victim, and no page of
        // the working set is taken.
        var ws = new WorkingSet(3);
        var driver = new PolicyDriver(ws, 3).Run("1 2 3 4");
        Assert.Equal([1], driver.Evicted);
        Assert.Equal(0, ws.VictimsInsideWindow);
        Assert.Equal(1, ws.VictimsOutsideWindow);
    }

    [Fact]
    public void WorkingSet_does_not_look_again_at_pages_that_cannot_leave_until_swap_has_a_slot()
    {
        // tau = 1: pages 1 to 50 leave the working set one after another but cannot be written
        // (no swap slot). A hundred references to 51 then ask about none of them; once a slot is
        // free, they go at the next reference, oldest first.
        var ws = new WorkingSet(1);
        var driver = new PolicyDriver(ws, 60) { Unwritable = page => page <= 50 };
        driver.Run(string.Join(' ', Enumerable.Range(1, 51)));
        Assert.Empty(driver.Departed);
        var before = driver.EvictabilityChecks;
        driver.Run(string.Join(' ', Enumerable.Repeat(51, 100)));
        Assert.True(driver.EvictabilityChecks - before < 10, $"{driver.EvictabilityChecks - before} checks over 100 hits");
        driver.HasFreeSwap = true;
        driver.Run("51");
        Assert.Equal(Enumerable.Range(1, 50), driver.Departed);
    }

    [Fact]
    public void WorkingSet_counts_a_victim_taken_from_inside_the_window()
    {
        // tau = 4, 3 frames: W(4, 4) = {1, 2, 3, 4} does not fit, so the fault on 4 must take a
        // page of the working set, the least recently used, 1.
        var ws = new WorkingSet(4);
        var driver = new PolicyDriver(ws, 3).Run("1 2 3 4");
        Assert.Equal([1], driver.Evicted);
        Assert.Equal(1, ws.VictimsInsideWindow);
        Assert.Equal(0, ws.VictimsOutsideWindow);
    }

    [Fact]
    public void Lru_release_from_the_middle_of_the_stack_keeps_the_order_of_the_rest()
    {
        // 1 2 3; release 2. 4 takes the free frame; 5 evicts 1, the least recently used.
        var driver = new PolicyDriver(new Lru(), 3).Run("1 2 3");
        driver.Release(2);
        driver.Run("4 5");
        Assert.Equal([1], driver.Evicted);
        Assert.Equal(1, driver.FrameOf(4));
    }

    // The definition, by brute force: the smallest count since load, ties by oldest last use.
    private static List<int> ReferenceLfu(Reference[] references, int frames)
    {
        var count = new Dictionary<int, int>();
        var lastUse = new Dictionary<int, int>();
        var evicted = new List<int>();
        for (var t = 0; t < references.Length; t++)
        {
            var page = references[t].Page;
            if (!count.TryGetValue(page, out var uses) && count.Count == frames)
            {
                var victim = count.Keys.OrderBy(p => count[p]).ThenBy(p => lastUse[p]).First();
                count.Remove(victim);
                lastUse.Remove(victim);
                evicted.Add(victim);
            }

            count[page] = uses + 1;
            lastUse[page] = t;
        }

        return evicted;
    }
}
