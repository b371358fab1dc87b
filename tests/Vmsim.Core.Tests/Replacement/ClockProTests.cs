using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// CLOCK-Pro (Jiang, Chen and Zhang, USENIX ATC 2005) on strings worked by hand with section
/// 4's rules. The clock is written from HAND_hot round to the list head, just behind it;
/// h hot, c cold, * in test, n non-resident, a dot a set reference bit. New pages and pages
/// moved to the head start with the bit clear. With 4 frames m_c starts at 1 (the 1% floor).
/// </summary>
public sealed class ClockProTests
{
    [Fact]
    public void Clock_pro_turns_a_page_reaccessed_in_its_test_period_hot_and_adapts_the_cold_target()
    {
        // 1 2 3: memory is not yet filled to m - m_c, so they start hot. 4: cold, in test.
        //    Clock [1h 2h 3h 4c*].  1: hit.
        // 5: HAND_cold finds 4 unreferenced: evicted; in its test period, it stays as 4n.
        //    5 comes in cold, in test: [1h. 2h 3h 4n 5c*].
        // 4: HAND_cold evicts 5 (5n). 4 is non-resident in its test period: it comes back hot,
        //    and m_c rises to 2, so at most 2 hot pages: HAND_hot spares 1 (clearing its bit),
        //    demotes 2 and stops at the hot page 3; demotes 3 and goes on to stop at the hot
        //    page 4, passing 5n, whose test period ends: it leaves, and m_c falls back to 1.
        //    [4h 1h 2c 3c].
        // 6: HAND_cold evicts 2 (out of test: it leaves the clock) and stops at 3. [4h 1h 3c 6c*].
        // 3: hit.
        // 7: HAND_cold finds 3 referenced and out of test: a new test period, at the head with
        //    its bit cleared. Then 6 is unreferenced: evicted (6n). [4h 1h 6n 3c* 7c*].
        // 6: HAND_cold evicts 3 (3n). 6 is in test: hot, m_c = 2, so at most 2 hot pages.
        //    HAND_hot demotes 4, unreferenced, and stops at 1. [1h 3n 7c* 6h 4c].
        // 8: HAND_cold evicts 7 (7n). 8 cold in test.  9: HAND_cold evicts 4, out of test.
        var clockPro = new ClockPro();
        var driver = new PolicyDriver(clockPro, 4).Run("1 2 3 4 1 5 4");
        Assert.Equal((1, 0), (clockPro.ColdTarget, clockPro.NonResidentCount));
        driver.Run("6 3 7 6 8 9");
        Assert.Equal([4, 5, 2, 6, 3, 7, 4], driver.Evicted);
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(1))));
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(6))));
        Assert.Equal(2, clockPro.HotCount);
        Assert.Equal(2, clockPro.ColdTarget);
        Assert.Equal(2, clockPro.NonResidentCount);
    }

    [Fact]
    public void Clock_pro_lets_a_page_used_once_go_without_disturbing_the_hot_pages()
    {
        // After warm-up 1, 2 and 3 are hot. A stream of pages used once passes through the
        // single cold frame; the hot pages never leave.
        var driver = new PolicyDriver(new ClockPro(), 4).Run("1 2 3 1 2 3 10 11 12 13 14 15 16 1 2 3");
        Assert.DoesNotContain(1, driver.Evicted);
        Assert.DoesNotContain(2, driver.Evicted);
        Assert.DoesNotContain(3, driver.Evicted);
    }

    [Fact]
    public void Hand_cold_meets_a_page_demoted_in_front_of_it_before_the_next_cold_page()
    {
        // 8 2 9: hot. 2 2: hits. 7: cold in test. 9: hit.  [8h 2h. 9h. 7c*]
        // 4, 3: HAND_cold evicts 7, then 4, each staying non-resident. 2: hit. 0: 3 goes (3n).
        //    [8h 2h. 9h. 7n 4n 3n 0c*]
        // 7: HAND_cold evicts 0 (0n). 7 is non-resident in test: hot, m_c = 2. HAND_hot demotes
        //    8 and stops at 2; then spares 2 and 9, passes 4n, 3n and 0n, whose test periods
        //    end (m_c back to 1), demotes 7 and stops at 2 again. [2h 9h 7c 8c], HAND_cold at 8.
        // 9 7: hits. 3: HAND_cold evicts 8 and stops at 7. [2h 9h. 7c. 3c*]
        // 4: 7 is referenced and out of test: a new test period at the head; 3 goes (3n), and
        //    the hand stops at 7. [2h 9h. 3n 7c* 4c*]
        // 3: HAND_cold evicts 7 (7n) and stops at 4. 3 is non-resident in test: hot, m_c = 2;
        //    HAND_hot demotes 2 and stops at 9. [9h. 7n 4c* 3h 2c]
        // 4: hit.
        // 0: HAND_cold finds 4 referenced in its test period: it turns hot (m_c = 3) and moves to
        //    the head, and the hand stands where 4 was, just before 3. HAND_hot spares 9, passes
        //    7n (m_c = 2), demotes 3 and stops at 4: [4h 9h 3c 2c]. 3 is now cold right in front
        //    of HAND_cold, which evicts it. A hand that had jumped to the next cold page, 2,
        //    before HAND_hot ran would have left 3 behind it and evicted 2.
        // 2 2: hits.
        var clockPro = new ClockPro();
        var driver = new PolicyDriver(clockPro, 4).Run("8 2 9 2 2 7 9 4 3 2 0 7 9 7 3 4 3 4 0 2 2");
        Assert.Equal([7, 4, 3, 0, 8, 3, 7, 3], driver.Evicted);
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(4))));
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(9))));
        Assert.True(clockPro.InTest(new FrameNumber(driver.FrameOf(0))));
        Assert.Equal(2, clockPro.ColdTarget);
    }

    [Fact]
    public void Hand_test_is_carried_by_hand_hot_and_ends_the_oldest_test_period_first()
    {
        // 7 1 6: hot. 0: cold in test. 8, 9: HAND_cold evicts 0, then 8 (0n, 8n). 9: hit.
        //    [7h 1h 6h 0n 8n 9c*.], HAND_test at 7.
        // 3: 9 is referenced in test: hot, m_c = 2. HAND_hot demotes 7 and stops at 1, then
        //    demotes 1 and stops at 6; HAND_test, which it reached, moves on with it to 6.
        //    HAND_cold, where 9 was, meets 7 and evicts it; 3 comes in. [6h 0n 8n 9h 1c 3c*]
        // 2, 7, 4: HAND_cold evicts 1, 3 (3n) and 2 (2n). Four non-resident pages: 0 8 3 2.
        // 5: HAND_cold evicts 7 (7n), a fifth. 5 is not in the clock: it comes in cold, and
        //    HAND_test makes room from 6: it passes 6 and ends the test period of 0n, the oldest
        //    (m_c = 1). Left behind where HAND_hot started, it would have taken 3n instead.
        // 5: hit.
        // 0: HAND_cold evicts 4 (4n). 0's test period is over: it comes back cold, in test, not
        //    hot; HAND_test then takes 8n.
        var clockPro = new ClockPro();
        var driver = new PolicyDriver(clockPro, 4).Run("7 1 6 0 8 9 9 3 2 7 4 5 5 0");
        Assert.Equal([0, 8, 7, 1, 3, 2, 7, 4], driver.Evicted);
        var zero = new FrameNumber(driver.FrameOf(0));
        Assert.False(clockPro.IsHot(zero));
        Assert.True(clockPro.InTest(zero));
        Assert.Equal((1, 4), (clockPro.ColdTarget, clockPro.NonResidentCount));
    }

    [Fact]
    public void A_fault_finds_its_non_resident_page_before_hand_test_makes_room_for_the_victim()
    {
        // 5 4 1: hot. 7: cold in test. 2 6 3 0: each evicts the one before it, which stays
        //    non-resident: 7n 2n 6n 3n, as many as frames.
        // 7: HAND_cold evicts 0, whose entry makes five. 7 is looked up first: still in its test
        //    period, so it turns hot (m_c = 2), and its entry leaves, which makes room. HAND_hot
        //    demotes 5 and 4. Had HAND_test made room first, it would have ended 7n's test period,
        //    the oldest, and 7 would have come back cold.
        var clockPro = new ClockPro();
        var driver = new PolicyDriver(clockPro, 4).Run("5 4 1 7 2 6 3 0 7");
        Assert.Equal([7, 2, 6, 3, 0], driver.Evicted);
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(7))));
        Assert.Equal((2, 4), (clockPro.ColdTarget, clockPro.NonResidentCount));
    }

    [Fact]
    public void A_second_eviction_before_any_load_lets_hand_test_make_room_before_the_victim_stays_non_resident()
    {
        // 1 2 3: hot. 4: cold in test. 5: HAND_cold evicts 4 (4n). [1h 2h 3h 4n 5c*]
        // 4: HAND_cold evicts 5 (5n). 4 is non-resident in test: hot, m_c = 2, so at most 2 hot
        //    pages: HAND_hot demotes 1 and stops at 2, demotes 2 and stops at 3; HAND_test, which
        //    it reached, moves on with it. [3h 5n 4h 1c 2c], HAND_test at 3, HAND_cold at 1.
        // 6, 7: HAND_cold evicts 1, then 2, out of test: they leave. [3h 5n 4h 6c* 7c*]
        // 8, 9, 10: HAND_cold evicts 6, 7 and 8, each staying non-resident: four, as many as
        //    frames, and HAND_test has not moved. [3h 5n 4h 6n 7n 8n 9c* 10c*]
        // A write to private file page 11, not cached: a frame for 11, then one for its copy 12,
        //    before either load. HAND_cold evicts 9, in test: 9n makes five, m + 1. It evicts 10,
        //    in test, and finds the table full: HAND_test makes room first, passing the hot page 3
        //    and ending the test period of 5n, the oldest, which leaves (m_c = 1); 10 is still in
        //    its test period and stays as 10n. [3h 4h 6n 7n 8n 9n 10n]
        //    11 is not in the clock: with m_c = 1 memory holds fewer than m - m_c pages, so it
        //    comes in hot; five non-resident pages are left, and HAND_test, from 4, passes 4 and
        //    ends the test period of 6n (m_c stays at its floor). 12 comes in cold, in test.
        //    [3h 4h 7n 8n 9n 10n 11h 12c*]
        var clockPro = new ClockPro();
        var ghosts = (IGhostKeeper)clockPro;
        var driver = new PolicyDriver(clockPro, 4).Run("1 2 3 4 5 4 6 7 8 9 10");
        Assert.Equal((2, 4), (clockPro.ColdTarget, clockPro.NonResidentCount));

        driver.PrivateFileWrite(11, 12);

        Assert.Equal([4, 5, 1, 2, 6, 7, 8, 9, 10], driver.Evicted);
        Assert.Equal((1, 4), (clockPro.ColdTarget, clockPro.NonResidentCount));
        Assert.False(ghosts.Remembers(Page(5)));
        Assert.False(ghosts.Remembers(Page(6)));
        Assert.All(new[] { 7, 8, 9, 10 }, p => Assert.True(ghosts.Remembers(Page(p)), $"{p}n left the clock"));
        Assert.True(clockPro.IsHot(new FrameNumber(driver.FrameOf(11))));
        Assert.True(clockPro.InTest(new FrameNumber(driver.FrameOf(12))));
        Assert.Equal(3, clockPro.HotCount);
    }

    [Fact]
    public void Clock_pro_chooses_the_victims_of_hands_on_one_clock()
    {
        // The cold ring only spares HAND_cold the walk over hot pages and non-resident entries:
        // on any string the policy evicts what the three hands on one clock evict.
        foreach (var frames in new[] { 1, 2, 3, 4, 7, 16, 50 })
        {
            for (var seed = 1; seed <= 25; seed++)
            {
                var references = ReferenceStrings.Random(seed, 1500, (frames * 2) + (seed % 7));
                var policy = new PolicyDriver(new ClockPro(), frames).Run(references);
                var oneClock = new PolicyDriver(new OneClockClockPro(), frames).Run(references);
                Assert.Equal(oneClock.Evicted, policy.Evicted);
            }
        }
    }

    [Fact]
    public void Clock_pro_chooses_the_victims_of_hands_on_one_clock_when_a_fault_takes_two_frames()
    {
        // A private-file write fault finds a frame for the page and one for its copy before the
        // policy hears of either load: with memory full it evicts twice, and the second eviction
        // may find m + 1 non-resident pages, when HAND_test makes room before the victim's entry.
        // A pinned page in its test period that HAND_cold passes over falls behind the entries it
        // evicts next, so that HAND_test may end its test period there before it meets one of
        // them. Page p's copy is page p + span; some plain accesses go to copies.
        foreach (var frames in new[] { 2, 3, 4, 7, 16, 50 })
        {
            for (var seed = 1; seed <= 40; seed++)
            {
                var span = (frames * 2) + (seed % 7);
                var references = ReferenceStrings.Random(seed, 1500, span);
                var policy = new PolicyDriver(new ClockPro(), frames);
                var oneClock = new PolicyDriver(new OneClockClockPro(), frames);
                var random = new Random(seed);
                var pinned = new List<int>();
                for (var i = 0; i < references.Length; i++)
                {
                    // Two frames stay evictable, for a fault that takes two.
                    ReleaseOrPin(policy, oneClock, random, pinned, choices: 16, evictable: 2);

                    var page = references[i].Page;
                    var before = policy.Evicted.Count;
                    switch (random.Next(8))
                    {
                        case < 3 when !policy.IsResident(page) && !policy.IsResident(page + span):
                            policy.PrivateFileWrite(page, page + span);
                            oneClock.PrivateFileWrite(page, page + span);
                            break;
                        case 3:
                            policy.Access(page + span, references[i].Write);
                            oneClock.Access(page + span, references[i].Write);
                            break;
                        default:
                            policy.Access(page, references[i].Write);
                            oneClock.Access(page, references[i].Write);
                            break;
                    }

                    Assert.Equal((frames, seed, i, string.Join(' ', oneClock.Evicted[before..])), (frames, seed, i, string.Join(' ', policy.Evicted[before..])));
                }
            }
        }
    }

    [Fact]
    public void Clock_pro_chooses_the_victims_of_hands_on_one_clock_when_pages_are_released_or_pinned()
    {
        // A released page leaves the clock wherever it stands, under a hand or not, and may take
        // the page HAND_hot demoted last, which changes what HAND_cold meets next; pinned pages
        // are passed over by both hands, and when no cold page can go HAND_hot gives the victim.
        foreach (var frames in new[] { 2, 3, 5, 8, 20 })
        {
            for (var seed = 1; seed <= 40; seed++)
            {
                var references = ReferenceStrings.Random(seed, 1500, (frames * 2) + (seed % 5));
                var policy = new PolicyDriver(new ClockPro(), frames);
                var oneClock = new PolicyDriver(new OneClockClockPro(), frames);
                var random = new Random(seed);
                var pinned = new List<int>();
                for (var i = 0; i < references.Length; i++)
                {
                    ReleaseOrPin(policy, oneClock, random, pinned, choices: 12, evictable: 1);

                    policy.Access(references[i].Page, references[i].Write);
                    oneClock.Access(references[i].Page, references[i].Write);
                    Assert.Equal((frames, seed, i, oneClock.LastEvicted), (frames, seed, i, policy.LastEvicted));
                }
            }
        }
    }

    private static PageIdentity Page(int page) => PageIdentity.Private(1, new PageNumber((ulong)page));

    // Before an access, one time in `choices` each: a random resident page released from both
    // drivers, a random frame pinned in both (while `evictable` frames stay unpinned), or a
    // pinned frame unpinned.
    private static void ReleaseOrPin(PolicyDriver policy, PolicyDriver oneClock, Random random, List<int> pinned, int choices, int evictable)
    {
        var resident = policy.Frames.Where(p => p >= 0 && !pinned.Contains(policy.FrameOf(p))).ToArray();
        switch (random.Next(choices))
        {
            case 0 when resident.Length > 0:
                var page = resident[random.Next(resident.Length)];
                policy.Release(page);
                oneClock.Release(page);
                break;
            case 1 or 2 when resident.Length > 0 && pinned.Count < policy.FrameCount - evictable:
                var frame = policy.FrameOf(resident[random.Next(resident.Length)]);
                pinned.Add(frame);
                policy.Pin(frame);
                oneClock.Pin(frame);
                break;
            case 3 or 4 when pinned.Count > 0:
                var unpin = pinned[random.Next(pinned.Count)];
                pinned.Remove(unpin);
                policy.Unpin(unpin);
                oneClock.Unpin(unpin);
                break;
        }
    }
}
