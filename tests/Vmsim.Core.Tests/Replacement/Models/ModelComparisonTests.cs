using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>vmsim's policies against models of their papers (<see cref="ICacheModel"/>), on the strings of <see cref="ModelStrings"/>.</summary>
public sealed class ModelComparisonTests
{
    [Fact]
    public void Lru_evicts_as_mattsons_lru() => ModelComparison.AssertSameEvictions(() => new Lru(), frames => new LruModel(frames));

    [Fact]
    public void The_comparison_fails_at_the_first_reference_where_the_evictions_differ()
    {
        // FIFO is not LRU: "1 2 1 3" on 2 frames evicts 1 under FIFO and 2 under LRU.
        var failure = Assert.ThrowsAny<Exception>(() => ModelComparison.AssertSameEvictions(new Fifo(), new LruModel(2), 2, Reference.Parse("1 2 1 3")));
        Assert.Contains("at reference 4 (page 3) the model evicts page 2 and the policy page 1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strings_reach_beyond_memory_and_come_back_to_what_they_left()
    {
        // Each size's strings must make evictions, and re-reference evicted pages, or a model
        // could agree with a policy that never had to choose.
        foreach (var frames in ModelComparison.Frames)
        {
            var references = ModelStrings.Mixed(frames, 3000, frames * 3);
            var driver = new PolicyDriver(new Lru(), frames).Run(references);
            var refaults = driver.Faults - references.Select(r => r.Page).Distinct().Count();
            Assert.True(driver.Evicted.Count > 100, $"{frames} frames: {driver.Evicted.Count} evictions");
            Assert.True(refaults > 100, $"{frames} frames: {refaults} refaults");
        }
    }
}
