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
        // Every string the comparisons play must make evictions, and re-reference evicted
        // pages, or a model could agree with a policy that never had to choose (the fewest
        // refaults of any string were 41 when this was written, the fewest evictions 440).
        var fewest = (Evictions: int.MaxValue, Refaults: int.MaxValue);
        foreach (var (frames, _, _, references) in ModelComparison.Strings())
        {
            var driver = new PolicyDriver(new Lru(), frames).Run(references);
            var refaults = driver.Faults - references.Select(r => r.Page).Distinct().Count();
            fewest = (Math.Min(fewest.Evictions, driver.Evicted.Count), Math.Min(fewest.Refaults, refaults));
        }

        Assert.True(fewest.Evictions >= 100 && fewest.Refaults >= 30, $"fewest evictions {fewest.Evictions}, fewest refaults {fewest.Refaults}");
    }
}
