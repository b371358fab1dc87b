namespace Vmsim.Core;

/// <summary>
/// Matching a name the user typed against the names vmsim knows: loosely (case, hyphens,
/// underscores and spaces aside), and, for one that matches nothing, the known names
/// within a slip or two of it, to suggest.
/// </summary>
public static class Spelling
{
    /// <summary>The name reduced to what matters for matching: lower case letters and digits.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
    }

    /// <summary>True when <paramref name="given"/> and <paramref name="known"/> have the same <see cref="Key"/>.</summary>
    public static bool Matches(string given, string known) => Key(given) == Key(known);

    /// <summary>
    /// The known names closest to <paramref name="given"/>, nearest first: those that begin
    /// with it (when it has two characters or more), then those a few edits away (one for a
    /// short name, a third of its length for a longer one, and never all of it: 'x' is no
    /// slip for 'k'). Empty when none is that close.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var key = Key(given);
        if (key.Length == 0)
        {
            return [];
        }

        var allowed = Math.Max(1, key.Length / 3);
        return known
            .Select(name => (Name: name, Key: Key(name)))
            .Select(k => (k.Name, Distance: Distance(key, k.Key), Prefix: key.Length > 1 && k.Key.StartsWith(key, StringComparison.Ordinal)))
            .Where(c => (c.Distance <= allowed && c.Distance < key.Length) || c.Prefix)
            .OrderBy(c => c.Prefix ? 0 : c.Distance)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>" (did you mean a or b?)" for the nearest names, or nothing when none is near.</summary>
    public static string Suggestion(string given, IEnumerable<string> known)
    {
        var near = Nearest(given, known).Take(3).Select(n => $"'{n}'").ToList();
        return near.Count == 0 ? "" : $" (did you mean {string.Join(" or ", near)}?)";
    }

    // The edit distance with adjacent transpositions (optimal string alignment): the fewest
    // insertions, deletions, substitutions and swaps of two neighbours that turn one string into
    // the other, so that 'haep' is one slip from 'heap', as 'hep' is.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
