namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Seeded reference strings that take a policy through each of its paths: locality, skew,
/// loops a little larger than memory, and scans of pages never seen before (which fill ghost
/// lists and then hit them), in phases that change without warning.
/// </summary>
internal static class ModelStrings
{
    /// <summary>
    /// <paramref name="length"/> references over <paramref name="pages"/> pages (scans go beyond
    /// them, to pages numbered from <paramref name="pages"/> up), a fifth of them writes.
    /// </summary>
    public static Reference[] Mixed(int seed, int length, int pages)
    {
        var random = new Random(seed);
        var result = new List<Reference>(length);
        var fresh = pages;
        var page = 0;
        while (result.Count < length)
        {
            var phase = random.Next(4);
            var phaseLength = 20 + random.Next(Math.Max(20, pages * 3));
            var loop = 1 + random.Next(Math.Max(1, pages));
            var hot = 1 + random.Next(Math.Max(1, pages / 3));
            for (var i = 0; i < phaseLength && result.Count < length; i++)
            {
                page = phase switch
                {
                    // Locality: the same page, its neighbour, or anywhere.
                    0 => random.Next(3) switch
                    {
                        0 => page,
                        1 => (page + 1) % pages,
                        _ => random.Next(pages),
                    },

                    // Skew: most references to a few pages.
                    1 => (int)(pages * Math.Pow(random.NextDouble(), 3)),

                    // A loop over the first pages, in order.
                    2 => i % loop,

                    // A scan of pages never referenced before, between references to a hot set.
                    _ => random.Next(2) == 0 ? random.Next(hot) : fresh++,
                };
                result.Add(new Reference(page, random.Next(5) == 0));
            }
        }

        return [.. result];
    }
}
