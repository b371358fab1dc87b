using System.Globalization;
using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Workloads;

/// <summary>
/// A textbook reference string: page numbers separated by spaces or commas, each
/// optionally followed by <c>r</c>, <c>w</c> or <c>x</c> for a read, write or execute
/// (<c>"7 0 1 2w 0 3x"</c>); a page may be decimal or hexadecimal with <c>0x</c>.
/// </summary>
public static class ReferenceString
{
    /// <summary>
    /// Parses <paramref name="text"/>; throws <see cref="InputFormatException"/> naming the
    /// column of the first bad reference, or of a comma with no reference on one side of it
    /// (<c>1,2,,3</c>, <c>1,2,</c>): an empty reference is a slip, never skipped.
    /// </summary>
    /// <param name="text">The reference string.</param>
    /// <param name="source">How to name the input in errors.</param>
    public static IReadOnlyList<PageReference> Parse(string text, string source = "reference string")
    {
        ArgumentNullException.ThrowIfNull(text);
        var references = new List<PageReference>();
        var comma = 0;
        var afterReference = false;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == ',')
            {
                if (!afterReference)
                {
                    throw new InputFormatException(source, 0, i + 1, comma > 0
                        ? $"expected a page number between the commas at columns {comma} and {i + 1}, found nothing"
                        : "expected a page number before the comma, found nothing");
                }

                afterReference = false;
                comma = ++i;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ',')
            {
                i++;
            }

            references.Add(ParseOne(text[start..i], source, start + 1));
            afterReference = true;
        }

        if (references.Count == 0)
        {
            throw new InputFormatException(source, 0, 0, "expected at least one page number, found none");
        }

        if (!afterReference)
        {
            throw new InputFormatException(source, 0, comma, "expected a page number after the comma, found the end of the string");
        }

        return references;
    }

    /// <summary>Formats references back into the notation <see cref="Parse"/> reads.</summary>
    public static string Format(IEnumerable<PageReference> references) => string.Join(' ', references);

    private static PageReference ParseOne(string token, string source, int column)
    {
        var kind = AccessKind.Read;
        var digits = token;
        var last = char.ToLowerInvariant(token[^1]);
        var hex = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (last is 'r' or 'w' or 'x' && token.Length > 1 && !(hex && token.Length == 2))
        {
            kind = last switch { 'w' => AccessKind.Write, 'x' => AccessKind.Execute, _ => AccessKind.Read };
            digits = token[..^1];
        }

        var ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var page)
            : ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out page);
        if (!ok)
        {
            // Digits alone that did not parse are a number larger than 64 bits.
            throw new InputFormatException(source, 0, column, TraceText.IsNumeral(digits, hex: true)
                ? $"expected a page number of at most {ulong.MaxValue} (0x{ulong.MaxValue:x}), found {TraceText.Describe(token)} (too large)"
                : $"expected a page number (such as 7, 0x1f) optionally followed by r, w or x, found {TraceText.Describe(token)}");
        }

        return new PageReference(page, kind);
    }
}
