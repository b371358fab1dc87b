using System.Text;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class TraceTextTests
{
    [Fact]
    public void A_short_text_is_quoted_whole_with_unprintable_bytes_escaped()
    {
        Assert.Equal("'2.5'", TraceText.Describe("2.5"u8));
        Assert.Equal("'a\\x00b'", TraceText.Describe("a\0b"u8));
        Assert.Equal("the end of the line", TraceText.Describe(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void A_long_text_is_cut_after_40_characters_and_marked()
    {
        var text = Encoding.ASCII.GetBytes(new string('x', 41));
        Assert.Equal($"'{new string('x', 40)}…'", TraceText.Describe(text));
        Assert.Equal($"'{new string('x', 40)}'", TraceText.Describe(text.AsSpan(0, 40)));
    }

    [Fact]
    public void An_escape_is_never_cut_in_the_middle()
    {
        // 39 printable characters leave room for one more, not for a 4-character escape.
        var text = Encoding.ASCII.GetBytes(new string('x', 39) + "\u0001");
        Assert.Equal($"'{new string('x', 39)}…'", TraceText.Describe(text));
    }

    [Fact]
    public void Binary_data_read_as_text_gives_a_short_error()
    {
        // 300 bytes of binary on one "line" (no 0x0a among them), as a record file read with --format pages.
        var binary = Enumerable.Range(0, 300).Select(i => (byte)(i % 3 == 0 ? 0 : 0x80 + (i % 100))).ToArray();
        using var reader = TraceFormats.Create(TraceFormats.Pages, new MemoryStream(binary), 4096, source: "bin");

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));

        var quoted = error.Message[error.Message.IndexOf('\'', StringComparison.Ordinal)..];
        Assert.EndsWith("…'", quoted, StringComparison.Ordinal);
        Assert.True(quoted.Length <= TraceText.QuotedLength + 3, quoted);
    }

    [Theory]
    [InlineData("123", false, true)]
    [InlineData("0x1fA", true, true)]
    [InlineData("0X1f", true, true)]
    [InlineData("0x1f", false, false)]
    [InlineData("0x", true, false)]
    [InlineData("0xg", true, false)]
    [InlineData("12a", true, false)]
    [InlineData("", false, false)]
    [InlineData("-1", false, false)]
    [InlineData("１２", false, false)]
    [InlineData("0x１", true, false)]
    public void Characters_and_bytes_are_numerals_by_one_rule(string token, bool hex, bool numeral)
    {
        Assert.Equal(numeral, TraceText.IsNumeral(token.AsSpan(), hex));
        Assert.Equal(numeral, TraceText.IsNumeral(Encoding.UTF8.GetBytes(token), hex));
    }

    [Fact]
    public void A_csv_header_of_junk_is_quoted_in_part()
    {
        var header = string.Join(",", Enumerable.Range(0, 20).Select(i => new string('h', 60) + i));

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, header + "\n1\n"));

        // Eight names cut to 40 characters, and the fixed text around them (the known names, the delimiter).
        Assert.Contains("and 12 more", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 700, error.Message);
    }
}
