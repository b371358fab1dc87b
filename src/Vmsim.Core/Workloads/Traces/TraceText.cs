using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>Byte-level number parsing and error building shared by the text trace readers.</summary>
internal static class TraceText
{
    /// <summary>The value of each byte as a hexadecimal digit, or 0xFF.</summary>
    // A table indexed by the byte: one load per digit instead of three range tests.
    // A ReadOnlySpan over a constant array is data in the assembly, never allocated.
    public static ReadOnlySpan<byte> HexValueTable =>
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
    public static uint HexValue(byte c) => HexValueTable[c];

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
    /// digit and the value; -1 when there is no digit or the value exceeds 2^64 - 1 (more than
    /// 16 digits after any leading zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseHex(ReadOnlySpan<byte> text, int from, out ulong value)
    {
        value = 0;
        var i = from;
        uint digit;
        while (i < text.Length && (digit = HexValueTable[text[i]]) != 0xFF)
        {
            value = (value << 4) | digit;
            i++;
        }

        var count = i - from;
        return count is > 0 and <= 16 ? i : count == 0 ? -1 : LongHexEnd(text, from, i);
    }

    /// <summary>
    /// Reads exactly eight hexadecimal digits at <paramref name="text"/>: false when any of them
    /// is not one. The eight table loads do not depend on each other, unlike a digit loop's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseHex8(ref byte text, out ulong value)
    {
        ref var table = ref MemoryMarshal.GetReference(HexValueTable);
        uint d0 = Unsafe.Add(ref table, text), d1 = Unsafe.Add(ref table, Unsafe.Add(ref text, 1));
        uint d2 = Unsafe.Add(ref table, Unsafe.Add(ref text, 2)), d3 = Unsafe.Add(ref table, Unsafe.Add(ref text, 3));
        uint d4 = Unsafe.Add(ref table, Unsafe.Add(ref text, 4)), d5 = Unsafe.Add(ref table, Unsafe.Add(ref text, 5));
        uint d6 = Unsafe.Add(ref table, Unsafe.Add(ref text, 6)), d7 = Unsafe.Add(ref table, Unsafe.Add(ref text, 7));
        value = ((d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16)) | ((d4 << 12) | (d5 << 8) | (d6 << 4) | d7);
        return ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) & 0xF0) == 0;
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

        return i == safeEnd && i < text.Length && (uint)(text[i] - '0') <= 9 ? LongDecimalEnd(text, i, ref value) : i;
    }

    /// <summary>
    /// True when <paramref name="token"/> is written as a number (decimal digits, or hexadecimal ones
    /// after <c>0x</c> when <paramref name="hex"/>): if it did not parse, it is too large.
    /// </summary>
    public static bool IsNumeral(ReadOnlySpan<byte> token, bool hex) => IsNumeral<byte>(token, hex);

    /// <summary>
    /// True when <paramref name="token"/> (a reference string's) is written as a number, by the
    /// rule of <see cref="IsNumeral(ReadOnlySpan{byte}, bool)"/>.
    /// </summary>
    public static bool IsNumeral(ReadOnlySpan<char> token, bool hex) => IsNumeral<char>(token, hex);

    /// <summary>Index of the first byte at or after <paramref name="from"/> that is not a hexadecimal digit.</summary>
    public static int HexDigitsEnd(ReadOnlySpan<byte> text, int from)
    {
        while (from < text.Length && HexValue(text[from]) != 0xFF)
        {
            from++;
        }

        return from;
    }

    // One rule for the bytes of a trace and the characters of a reference string.
    private static bool IsNumeral<T>(ReadOnlySpan<T> token, bool hex)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (hex && token.Length > 2 && uint.CreateTruncating(token[0]) == '0' && (uint.CreateTruncating(token[1]) | 0x20) == 'x')
        {
            foreach (var c in token[2..])
            {
                var code = uint.CreateTruncating(c);
                if (code > 0xFF || HexValue((byte)code) == 0xFF)
                {
                    return false;
                }
            }

            return true;
        }

        return !token.IsEmpty && token.IndexOfAnyExceptInRange(T.CreateTruncating('0'), T.CreateTruncating('9')) < 0;
    }

    // Past 19 digits, rare: each further digit must keep the value below 2^64 (leading zeros do).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int LongDecimalEnd(ReadOnlySpan<byte> text, int i, ref ulong value)
    {
        uint digit;
        while (i < text.Length && (digit = (uint)(text[i] - '0')) <= 9)
        {
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return -1;
            }

            value = (value * 10) + digit;
            i++;
        }

        return i;
    }

    // More than 16 hexadecimal digits, rare: they fit when all but the last 16 are zeros (the
    // value ParseHex shifted in is then already right).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int LongHexEnd(ReadOnlySpan<byte> text, int from, int end) =>
        text[from..(end - 16)].IndexOfAnyExcept((byte)'0') < 0 ? end : -1;

    /// <summary>
    /// How many of the bytes of <paramref name="word"/> (loaded little-endian from text, so the
    /// first byte lowest) are decimal digits before the first that is not: 0 to 8.
    /// </summary>
    // A byte b is a digit when its high nibble is 3 and so is that of b + 6 (0x30 to 0x39).
    // A carry out of a byte of 0xFA or more only disturbs the bytes after it, past the first non-digit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LeadingDigits(ulong word)
    {
        const ulong High = 0xF0F0F0F0F0F0F0F0;
        var nibbles = (word & High) | (((word + 0x0606060606060606) & High) >> 4);
        return BitOperations.TrailingZeroCount(nibbles ^ 0x3333333333333333) >> 3;
    }

    /// <summary>The value of the first <paramref name="digits"/> (1 to 8) bytes of <paramref name="word"/>, all decimal digits.</summary>
    // The digits are shifted to the top, zero bytes (digit 0 once masked) filling in below; then
    // pairs of digits, pairs of pairs and the two halves are combined with one multiply each.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong DigitsValue(ulong word, int digits)
    {
        var value = (word << (64 - (digits * 8))) & 0x0F0F0F0F0F0F0F0F;
        value = (value * ((10 << 8) + 1)) >> 8;
        value = ((value & 0x00FF00FF00FF00FF) * ((100 << 16) + 1)) >> 16;
        return ((value & 0x0000FFFF0000FFFF) * ((10000UL << 32) + 1)) >> 32;
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

    /// <summary>The most characters of input a message quotes; past them the quotation ends in "…".</summary>
    public const int QuotedLength = 40;

    /// <summary>
    /// Quotes input text for a message, control and non-ASCII bytes as \xNN: at most
    /// <see cref="QuotedLength"/> characters between the quotes, then "…" when there was more
    /// (a line of binary data would otherwise fill the screen); "the end of the line" when empty.
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return "the end of the line";
        }

        var builder = new StringBuilder("'");
        foreach (var c in text)
        {
            var printable = c is >= 0x20 and < 0x7F;
            if (builder.Length - 1 + (printable ? 1 : 4) > QuotedLength)
            {
                return builder.Append("…'").ToString();
            }

            if (printable)
            {
                builder.Append((char)c);
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{c:x2}");
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>Quotes a text read from input (a CSV header name) as <see cref="Describe(ReadOnlySpan{byte})"/> does, by its UTF-8 bytes.</summary>
    public static string Describe(string text) => Describe(Encoding.UTF8.GetBytes(text));

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
        if (pageSize < 1 || !BitOperations.IsPow2(pageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "the page size must be a power of two");
        }

        return BitOperations.Log2((uint)pageSize);
    }

    /// <summary>The largest page number whose first byte address fits 64 bits with <paramref name="offsetBits"/> offset bits.</summary>
    public static ulong MaxPage(int offsetBits) => ulong.MaxValue >> offsetBits;
}
