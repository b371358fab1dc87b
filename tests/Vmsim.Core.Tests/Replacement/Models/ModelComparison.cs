using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Plays the same reference strings through a vmsim policy (on <see cref="PolicyDriver"/>, the
/// kernel's stand-in) and through a model of its paper (<see cref="ICacheModel"/>), and requires
/// the same page evicted, or none, at every reference.
/// </summary>
internal static class ModelComparison
{
    /// <summary>Memory sizes from one frame up to a few hundred, where fractions of memory (1 %, 10 %) are whole pages.</summary>
    public static readonly int[] Frames = [1, 2, 3, 4, 5, 8, 13, 32, 100, 250];

    /// <summary>
    /// For every size in <paramref name="frames"/> (<see cref="Frames"/> by default) and
    /// <paramref name="seeds"/> seeds, <see cref="ModelStrings.Mixed"/> strings over 1.5, 3 and 6
    /// times as many pages as frames: the first reference at which the two evict differently
    /// fails the test, with the size, the seed and the references before it. The policy is played
    /// on a plain <see cref="PolicyDriver"/> of each size, or on the one <paramref name="driver"/>
    /// sets up (one that ticks, or holds anonymous pages and has swap, where the model is told the same).
    /// </summary>
    public static void AssertSameEvictions(Func<IReplacementPolicy> policy, Func<int, ICacheModel> model, int seeds = 4, int length = 3000, int[]? frames = null, Func<IReplacementPolicy, int, PolicyDriver>? driver = null)
    {
        driver ??= (p, size) => new PolicyDriver(p, size);
        foreach (var (size, pages, seed, references) in Strings(seeds, length, frames))
        {
            AssertSameEvictions(driver(policy(), size), model(size), references, $"seed {seed}, {pages} pages");
        }
    }

    /// <summary>
    /// The strings <see cref="AssertSameEvictions(Func{IReplacementPolicy}, Func{int, ICacheModel}, int, int, int[], Func{IReplacementPolicy, int, PolicyDriver})"/>
    /// plays: for each size, <paramref name="seeds"/> over each of 1.5, 3 and 6 times as many pages as frames.
    /// </summary>
    public static IEnumerable<(int Frames, int Pages, int Seed, Reference[] References)> Strings(int seeds = 4, int length = 3000, int[]? frames = null)
    {
        foreach (var size in frames ?? Frames)
        {
            foreach (var spread in (double[])[1.5, 3, 6])
            {
                var pages = Math.Max(2, (int)(size * spread));
                for (var seed = 1; seed <= seeds; seed++)
                {
                    yield return (size, pages, seed, ModelStrings.Mixed(seed * 7919 + size, length, pages));
                }
            }
        }
    }

    /// <summary>Plays <paramref name="references"/> through both on <paramref name="frames"/> frames.</summary>
    public static void AssertSameEvictions(IReplacementPolicy policy, ICacheModel model, int frames, IReadOnlyList<Reference> references, string label = "") =>
        AssertSameEvictions(new PolicyDriver(policy, frames), model, references, label);

    private static void AssertSameEvictions(PolicyDriver driver, ICacheModel model, IReadOnlyList<Reference> references, string label)
    {
        for (var i = 0; i < references.Count; i++)
        {
            var (page, write) = references[i];
            var departedBefore = driver.Departed.Count;
            driver.Access(page, write);
            int? evicted = driver.LastEvicted < 0 ? null : driver.LastEvicted;
            var expected = model.Reference(page, write);
            if (evicted != expected)
            {
                Fail($"the model evicts {Say(expected)} and the policy {Say(evicted)}");
            }

            if (driver.Departed.Count != model.Departed.Count || !driver.Departed.Skip(departedBefore).SequenceEqual(model.Departed.Skip(departedBefore)))
            {
                Fail($"the model lets go [{string.Join(' ', model.Departed.Skip(departedBefore))}] and the policy [{string.Join(' ', driver.Departed.Skip(departedBefore))}] after it");
            }

            void Fail(string what)
            {
                var from = Math.Max(0, i - 60);
                var before = string.Join(' ', references.Skip(from).Take(i - from + 1).Select(r => r.Write ? $"{r.Page}w" : $"{r.Page}"));
                Assert.Fail($"{driver.Policy.Name}, {driver.FrameCount} frames, {label}: at reference {i + 1} (page {page}) {what}. References {from + 1} to {i + 1}: {before}");
            }
        }
    }

    private static string Say(int? page) => page is { } p ? $"page {p}" : "nothing";
}
