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

    // Held anonymous pages would not show linux passing pages over: with swap full it takes
    // file pages while any can go, and at most half of memory is held, so its anonymous lists
    // are never scanned. File pages held, as pinned ones are, take it past pages in its lists.
    [Fact]
    public void Linux_passes_over_pages_that_cannot_be_evicted() =>
        UnevictableComparison.AssertSameEvictions(
            () => new LinuxTwoList(),
            (frames, canEvict) => new LinuxSplitLruModel(frames, _ => false, swap: false, canEvict: canEvict),
            swapBacked: false);

    [Fact]
    public void The_held_pages_stand_in_the_way_and_are_let_go_on_every_string()
    {
        // On every string of two frames or more, LRU must find its least recent page held at
        // some evictions, held pages must be evicted in the stretches when swap has room, and
        // no more than half of memory is ever held (the fewest when this was written: 253
        // held pages passed over, 18 written ones evicted).
        var fewest = (PassedOver: int.MaxValue, LetGo: int.MaxValue);
        foreach (var (frames, _, _, references) in ModelComparison.Strings(frames: [.. ModelComparison.Frames.Where(f => f >= 2)]))
        {
            var pages = new WrittenAnonymousPages(frames);
            var passedOver = 0;
            var letGo = 0;
            var lru = new LruModel(frames, page =>
            {
                var can = pages.CanEvict(page);
                passedOver += can ? 0 : 1;
                return can;
            });
            foreach (var (page, write) in references)
            {
                var evicted = lru.Reference(page, write);
                letGo += evicted is { } e && pages.IsWritten(e) ? 1 : 0;
                pages.Note(page, write, evicted);
            }

            Assert.True(pages.MostHeld <= frames / 2, $"{pages.MostHeld} of {frames} frames held");
            fewest = (Math.Min(fewest.PassedOver, passedOver), Math.Min(fewest.LetGo, letGo));
        }

        Assert.True(fewest.PassedOver >= 100 && fewest.LetGo >= 10, $"fewest passed over {fewest.PassedOver}, fewest let go {fewest.LetGo}");
    }
}
