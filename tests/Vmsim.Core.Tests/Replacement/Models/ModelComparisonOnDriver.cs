using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// <see cref="ModelComparison"/> on a driver the test sets up: one that ticks (Aging), or one
/// that holds anonymous pages and has swap (Linux's split LRU), where the model is told the same.
/// </summary>
internal static class ModelComparisonOnDriver
{
    /// <summary>
    /// As <see cref="ModelComparison.AssertSameEvictions(Func{IReplacementPolicy}, Func{int, ICacheModel}, int, int, int[])"/>,
    /// with the policy played on <paramref name="driver"/>'s driver for its size.
    /// </summary>
    public static void AssertSameEvictions(Func<IReplacementPolicy> policy, Func<int, ICacheModel> model, Func<IReplacementPolicy, int, PolicyDriver> driver, int seeds = 4, int length = 3000, int[]? frames = null)
    {
        foreach (var size in frames ?? ModelComparison.Frames)
        {
            foreach (var spread in (double[])[1.5, 3, 6])
            {
                var pages = Math.Max(2, (int)(size * spread));
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var references = ModelStrings.Mixed(seed * 7919 + size, length, pages);
                    AssertSameEvictions(driver(policy(), size), model(size), references, $"seed {seed}, {pages} pages");
                }
            }
        }
    }

    private static void AssertSameEvictions(PolicyDriver driver, ICacheModel model, IReadOnlyList<Reference> references, string label)
    {
        for (var i = 0; i < references.Count; i++)
        {
            var (page, write) = references[i];
            driver.Access(page, write);
            int? evicted = driver.LastEvicted < 0 ? null : driver.LastEvicted;
            var expected = model.Reference(page, write);
            if (evicted != expected)
            {
                var from = Math.Max(0, i - 60);
                var before = string.Join(' ', references.Skip(from).Take(i - from + 1).Select(r => r.Write ? $"{r.Page}w" : $"{r.Page}"));
                Assert.Fail($"{driver.FrameCount} frames, {label}: at reference {i + 1} (page {page}) the model evicts {Say(expected)} and the policy {Say(evicted)}. References {from + 1} to {i + 1}: {before}");
            }
        }
    }

    private static string Say(int? page) => page is { } p ? $"page {p}" : "nothing";
}
