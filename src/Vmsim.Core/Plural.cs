using System.Globalization;

namespace Vmsim.Core;

/// <summary>
/// A count and its noun in the form the count takes: "1 page", "3 pages", "0 accesses". Every
/// message, narration and summary that prints a count of something goes through here, so
/// none says "1 resident pages".
/// </summary>
public static class Plural
{
    /// <summary>The count in invariant digits, a space, and <paramref name="noun"/> as <see cref="Noun"/> gives it.</summary>
    public static string Count(long count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {Noun(count, noun)}";

    /// <summary>
    /// <paramref name="noun"/> (given in the singular) as <paramref name="count"/> takes it:
    /// singular for one (or minus one), plural otherwise. The last word of a phrase is the
    /// one that changes ("resident page", "resident pages"): -es after s, x, z, ch and sh
    /// ("accesses"), -ies for a y after a consonant ("entries"), -s otherwise.
    /// </summary>
    public static string Noun(long count, string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        if (count is 1 or -1 || noun.Length == 0)
        {
            return noun;
        }

        if (noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith('z') || noun.EndsWith("ch", StringComparison.Ordinal) || noun.EndsWith("sh", StringComparison.Ordinal))
        {
            return noun + "es";
        }

        return noun.Length >= 2 && noun[^1] == 'y' && !"aeiou".Contains(noun[^2], StringComparison.Ordinal)
            ? noun[..^1] + "ies"
            : noun + "s";
    }
}
