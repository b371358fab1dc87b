using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>CLOCK-Pro (Jiang, Chen and Zhang, USENIX ATC 2005) on a string worked by hand with section 4's rules.</summary>
public sealed class ClockProTests
{
    [Fact]
    public void Clock_pro_turns_a_page_reaccessed_in_its_test_period_hot_and_adapts_the_cold_target()
    {
        // 4 frames: m_c = 1 (the 1% floor), so up to 3 hot pages. The clock is written from
        // HAND_hot round to the list head; h hot, c cold, * in test, n non-resident; new pages
        // and pages moved to the head start with the reference bit clear.
        // 1 2 3: memory is not yet filled to m - m_c, so they start hot. 4: cold, in test.
        //    Clock [1h 2h 3h 4c*].  1: hit, bit set.
        // 5: HAND_cold finds 4 unreferenced: evicted; in its test period, it stays as 4n.
        //    5 comes in cold, in test: [1h 2h 3h 4n 5c*].
        // 4: HAND_cold evicts 5 (5n). 4 is non-resident in its test period: it comes back hot,
        //    and m_c rises to 2, so at most 2 hot pages: HAND_hot spares 1 (clearing its bit),
        //    demotes 2, then demotes 3. Clock [5n 4h 1h 2c 3c].
        // 6: HAND_cold evicts 2 (out of test: it leaves the clock). 6 cold in test: [5n 4h 1h 3c 6c*].
        // 3: hit, bit set.
        // 7: HAND_cold finds 3 referenced and out of test: a new test period, at the head with
        //    its bit cleared. Then 6 is unreferenced: evicted (6n). [5n 4h 1h 6n 3c* 7c*].
        // 6: HAND_cold evicts 3 (3n). 6 is in test: hot, m_c = 3, so at most 1 hot page.
        //    HAND_hot meets 5n first: its test period ends, it leaves, and m_c falls back to 2;
        //    then 4, unreferenced, is demoted. Hot pages: 1 and 6. [1h 3n 7c* 6h 4c].
        // 8: HAND_cold evicts 7 (7n). 8 cold in test.  9: HAND_cold evicts 4, out of test.
        var clockPro = new ClockPro();
        var driver = new PolicyDriver(clockPro, 4).Run("1 2 3 4 1 5 4 6 3 7 6 8 9");
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
}
