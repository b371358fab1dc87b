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
}
