namespace Vmsim.Core.Tests.Replacement;

/// <summary>Seeded random reference strings for property tests.</summary>
internal static class ReferenceStrings
{
    /// <summary>
    /// A string of <paramref name="length"/> references over <paramref name="pages"/> pages
    /// with some locality (often the same page or a neighbour of the last), a fifth of them writes.
    /// </summary>
    public static Reference[] Random(int seed, int length, int pages)
    {
        var random = new Random(seed);
        var result = new Reference[length];
        var page = 0;
        for (var i = 0; i < length; i++)
        {
            page = random.Next(3) switch
            {
                0 => page,
                1 => (page + 1) % pages,
                _ => random.Next(pages),
            };
            result[i] = new Reference(page, random.Next(5) == 0);
        }

        return result;
    }
}
