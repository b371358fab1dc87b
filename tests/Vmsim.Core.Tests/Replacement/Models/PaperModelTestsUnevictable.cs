using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// The policies against their models where some pages cannot be evicted (written anonymous
/// pages with no free swap slot, <see cref="WrittenAnonymousPages"/>): each passes them over by
/// the rule docs/policies.md states for it, and its model by the same rule in its own words.
/// </summary>
public sealed class PaperModelTestsUnevictable
{
    [Fact]
    public void Lru_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Lru(), (frames, canEvict) => new LruModel(frames, canEvict));

    [Fact]
    public void Mru_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Mru(), (frames, canEvict) => new MruModel(frames, canEvict));

    [Fact]
    public void Lfu_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Lfu(), (frames, canEvict) => new LfuModel(frames, canEvict));

    [Theory]
    [InlineData(1, 8)]
    [InlineData(7, 8)]
    [InlineData(3, 2)]
    public void Aging_passes_over_pages_that_cannot_be_evicted(int tickInterval, int bits) =>
        UnevictableComparison.AssertSameEvictions(() => new Aging(bits), (frames, canEvict) => new AgingModel(frames, bits, tickInterval, canEvict), seeds: 2, tickInterval: tickInterval);

    [Fact]
    public void Sieve_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Sieve(), (frames, canEvict) => new SieveModel(frames, canEvict));

    [Theory]
    [InlineData(ClockInsert.Hot)]
    [InlineData(ClockInsert.Cold)]
    public void Clock_passes_over_pages_that_cannot_be_evicted(ClockInsert insert) =>
        UnevictableComparison.AssertSameEvictions(() => new Clock(insert), (frames, canEvict) => new ClockModel(frames, hot: insert == ClockInsert.Hot, canEvict));

    [Fact]
    public void Nru_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Nru(), (frames, canEvict) => new NruModel(frames, canEvict));

    [Fact]
    public void Slru_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Slru(), (frames, canEvict) => new SlruModel(frames, protectedPages: (int)(frames * 0.8), canEvict));

    [Fact]
    public void Arc_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Arc(), (frames, canEvict) => new ArcModel(frames, canEvict));

    [Fact]
    public void Car_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(() => new Car(), (frames, canEvict) => new CarModel(frames, canEvict));

    [Fact]
    public void TwoQueue_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(
            () => new TwoQueue(),
            (frames, canEvict) => new TwoQueueModel(frames, kin: Math.Max(1, (int)(frames * 0.25)), kout: Math.Max(1, (int)(frames * 0.5)), canEvict));

    [Fact]
    public void S3Fifo_passes_over_pages_that_cannot_be_evicted()
    {
        UnevictableComparison.AssertSameEvictions(() => new S3Fifo(), (frames, canEvict) =>
        {
            var small = Math.Max(1, (int)(frames * 0.1));
            return new S3FifoModel(frames, small, ghosts: Math.Max(1, frames - small), canEvict);
        });
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 5)]
    public void LruK_passes_over_pages_that_cannot_be_evicted(int k, int correlatedPeriod) =>
        UnevictableComparison.AssertSameEvictions(() => new LruK(k, correlatedPeriod), (frames, canEvict) => new LruKModel(frames, k, correlatedPeriod, canEvict), seeds: 2);

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.25)]
    public void Lirs_passes_over_pages_that_cannot_be_evicted(double hirFraction) =>
        UnevictableComparison.AssertSameEvictions(() => new Lirs(hirFraction), (frames, canEvict) => new LirsModel(frames, frames < 2 ? 0 : Math.Max(1, (int)(frames * hirFraction)), canEvict));

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.2)]
    public void WTinyLfu_passes_over_pages_that_cannot_be_evicted(double windowFraction) =>
        UnevictableComparison.AssertSameEvictions(
            () => new WTinyLfu(windowFraction),
            (frames, canEvict) =>
            {
                var window = Math.Clamp((int)(frames * windowFraction), 1, frames);
                return new WTinyLfuModel(frames, window, (int)(WTinyLfu.ProtectedShareOfMain * (frames - window)), canEvict);
            });

    // With no swap the policy takes file pages, and anonymous ones only when no file page can
    // go: the held pages are anonymous, then file pages held as pinned ones are. The policy
    // reads whether swap has room, so swap never frees here, and held pages stay held.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Linux_passes_over_pages_that_cannot_be_evicted(bool swapBacked) =>
        UnevictableComparison.AssertSameEvictions(
            () => new LinuxTwoList(),
            (frames, canEvict) => new LinuxSplitLruModel(frames, page => swapBacked && WrittenAnonymousPages.Holdable(frames, page), swap: false, canEvict: canEvict),
            swapBacked: swapBacked,
            swapFrees: false);
}
