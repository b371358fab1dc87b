namespace Vmsim.Core;

/// <summary>Words put at the start of a sentence.</summary>
public static class Sentence
{
    /// <summary><paramref name="words"/> with the first letter upper-cased: "Read of page 3" from "read of page 3".</summary>
    public static string Capitalised(string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
