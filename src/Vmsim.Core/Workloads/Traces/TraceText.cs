using System.Runtime.CompilerServices;
using System.Text;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>Byte-level number parsing and error building shared by the text trace readers.</summary>
internal static class TraceText
{
    /// <summary>The value of each byte as a hexadecimal digit, or 0xFF.</summary>
    // A table indexed by the byte: one load per digit instead of three range tests.
    // A ReadOnlySpan over a constant array is data in the assembly, never allocated.
    private static ReadOnlySpan<byte> HexValues =>
    [
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];

    /// <summary>The value of <paramref name="c"/> as a hexadecimal digit, or 0xFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint HexValue(byte c) => HexValues[c];

    /// <summary>True for a space or a tab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank(byte c) => c == (byte)' ' || c == (byte)'\t';

    /// <summary>True when <paramref name="text"/> holds nothing but spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            if (!IsBlank(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Index of the first byte at or after <paramref name="from"/> that is not a space or tab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipBlanks(ReadOnlySpan<byte> text, int from)
    {
        while (from < text.Length && IsBlank(text[from]))
        {
            from++;
        }

        return from;
    }

    /// <summary>
    /// Reads hexadecimal digits from <paramref name="from"/>: returns the index after the last
    /// digit and the value; -1 when there is no digit or more than 16 (the value would overflow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseHex(ReadOnlySpan<byte> text, int from, out ulong value)
    {
        value = 0;
        var i = from;
        uint digit;
        while (i < text.Length && (digit = HexValues[text[i]]) != 0xFF)
        {
            value = (value << 4) | digit;
            i++;
        }

        var count = i - from;
        return count is > 0 and <= 16 ? i : -1;
    }

    /// <summary>
    /// Reads decimal digits from <paramref name="from"/>: returns the index after the last
    /// digit and the value; -1 when there is no digit or the value exceeds 2^64 - 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseDecimal(ReadOnlySpan<byte> text, int from, out ulong value)
    {
        value = 0;
        var i = from;
        uint digit;

        // Up to 19 digits cannot overflow a ulong, so the loop needs no overflow test.
        var safeEnd = Math.Min(text.Length, from + 19);
        while (i < safeEnd && (digit = (uint)(text[i] - '0')) <= 9)
        {
            value = (value * 10) + digit;
            i++;
        }

        if (i == from)
        {
            return -1;
        }

        if (i == safeEnd && i < text.Length && (digit = (uint)(text[i] - '0')) <= 9)
        {
            // A twentieth digit: fits only below 18446744073709551616.
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return -1;
            }

            value = (value * 10) + digit;
            i++;
            if (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                return -1;
            }
        }

        return i;
    }

    /// <summary>
    /// Reads a number written as decimal or as hexadecimal after <c>0x</c>: returns the index after
    /// it and its value, or -1.
    /// </summary>
    public static int ParseNumber(ReadOnlySpan<byte> text, int from, out ulong value)
    {
        if (from + 1 < text.Length && text[from] == (byte)'0' && (text[from + 1] | 0x20) == (byte)'x')
        {
            return ParseHex(text, from + 2, out value);
        }

        return ParseDecimal(text, from, out value);
    }

    /// <summary>The end of the token starting at <paramref name="from"/>: the next space, tab or end of line.</summary>
    public static int TokenEnd(ReadOnlySpan<byte> text, int from)
    {
        while (from < text.Length && !IsBlank(text[from]))
        {
            from++;
        }

        return from;
    }

    /// <summary>Quotes input text for a message: at most 60 characters, control and non-ASCII bytes as \xNN; "the end of the line" when empty.</summary>
    public static string Describe(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return "the end of the line";
        }

        var builder = new StringBuilder("'");
        var shown = Math.Min(text.Length, 60);
        foreach (var c in text[..shown])
        {
            if (c is >= 0x20 and < 0x7F)
            {
                builder.Append((char)c);
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{c:x2}");
            }
        }

        if (shown < text.Length)
        {
            builder.Append("...");
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>Quotes the token of <paramref name="line"/> that starts at <paramref name="from"/>.</summary>
    public static string DescribeToken(ReadOnlySpan<byte> line, int from) =>
        from >= line.Length ? "the end of the line" : Describe(line[from..TokenEnd(line, from)]);

    /// <summary>
    /// The error for a bad line; <paramref name="column"/> is 0-based here (-1 when unknown) and
    /// reported 1-based. Line numbers past int.MaxValue go into the text instead.
    /// </summary>
    public static InputFormatException Error(string source, long line, int column, string problem) =>
        line <= int.MaxValue
            ? new InputFormatException(source, (int)line, column + 1, problem)
            : new InputFormatException(source, 0, column + 1, $"line {line}: {problem}");

    /// <summary>The number of address bits of the page offset for <paramref name="pageSize"/>, which must be a power of two.</summary>
    public static int OffsetBits(int pageSize)
    {
        if (pageSize < 1 || !System.Numerics.BitOperations.IsPow2(pageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "the page size must be a power of two");
        }

        return System.Numerics.BitOperations.Log2((uint)pageSize);
    }

    /// <summary>The largest page number whose first byte address fits 64 bits with <paramref name="offsetBits"/> offset bits.</summary>
    public static ulong MaxPage(int offsetBits) => ulong.MaxValue >> offsetBits;
}
