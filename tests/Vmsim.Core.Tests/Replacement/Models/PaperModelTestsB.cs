using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>LIRS, Linux's split LRU, W-TinyLFU, CLOCK, LFU, Aging and NRU against models of their papers and textbooks.</summary>
public sealed class PaperModelTestsB
{
    // The paper's 1% leaves Q a single page below 200 frames, where its order cannot show: a
    // quarter of the frames for HIR pages puts several in Q at every size.
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.25)]
    public void Lirs_evicts_as_jiang_and_zhangs_lirs(double hirFraction) =>
        ModelComparison.AssertSameEvictions(() => new Lirs(hirFraction), frames => new LirsModel(frames, frames < 2 ? 0 : Math.Max(1, (int)(frames * hirFraction))));

    [Fact]
    public void Linux_evicts_file_pages_as_the_kernels_split_lru() =>
        ModelComparison.AssertSameEvictions(() => new LinuxTwoList(), frames => new LinuxSplitLruModel(frames));

    // Odd pages are anonymous; with swap, reclaim weighs the two kinds by swappiness and cost
    // (at 100 with equal costs the two are due equal shares, and the tie rule shows), and
    // without it takes anonymous pages only when no file page is left.
    [Theory]
    [InlineData(true, 60)]
    [InlineData(true, 0)]
    [InlineData(true, 100)]
    [InlineData(true, 200)]
    [InlineData(false, 60)]
    public void Linux_evicts_anonymous_and_file_pages_as_the_kernels_split_lru(bool swap, int swappiness) =>
        ModelComparison.AssertSameEvictions(
            () => new LinuxTwoList(swappiness),
            frames => new LinuxSplitLruModel(frames, Anonymous, swap, swappiness),
            driver: (policy, frames) => new PolicyDriver(policy, frames) { Anonymous = Anonymous, HasFreeSwap = swap });

    // The paper's 1% window holds one page below 200 frames, where its order cannot show: a
    // fifth of the frames holds several at every size.
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.2)]
    public void WTinyLfu_evicts_as_einziger_friedman_and_maness_w_tinylfu(double windowFraction) =>
        ModelComparison.AssertSameEvictions(
            () => new WTinyLfu(windowFraction),
            frames =>
            {
                var window = Math.Clamp((int)(frames * windowFraction), 1, frames);
                return new WTinyLfuModel(frames, window, (int)(WTinyLfu.ProtectedShareOfMain * (frames - window)));
            });

    [Theory]
    [InlineData(ClockInsert.Hot)]
    [InlineData(ClockInsert.Cold)]
    public void Clock_evicts_as_the_second_chance_clock(ClockInsert insert) =>
        ModelComparison.AssertSameEvictions(() => new Clock(insert), frames => new ClockModel(frames, hot: insert == ClockInsert.Hot));

    [Fact]
    public void Lfu_evicts_the_least_frequently_used_ties_to_the_least_recent() =>
        ModelComparison.AssertSameEvictions(() => new Lfu(), frames => new LfuModel(frames));

    // Two bits make counters tie often, so that the order of loading decides.
    [Theory]
    [InlineData(1, 8)]
    [InlineData(7, 8)]
    [InlineData(100, 8)]
    [InlineData(3, 2)]
    public void Aging_evicts_as_tanenbaums_aging_ranked_by_the_next_tick(int tickInterval, int bits) =>
        ModelComparison.AssertSameEvictions(
            () => new Aging(bits),
            frames => new AgingModel(frames, bits, tickInterval),
            seeds: 2,
            driver: (policy, frames) => new PolicyDriver(policy, frames, tickInterval));

    [Fact]
    public void Nru_evicts_as_the_enhanced_second_chance_clock() =>
        ModelComparison.AssertSameEvictions(() => new Nru(), frames => new NruModel(frames));

    private static bool Anonymous(int page) => page % 2 == 1;
}
