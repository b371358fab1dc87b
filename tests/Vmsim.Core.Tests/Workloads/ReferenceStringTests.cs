using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests.Workloads;

public class ReferenceStringTests
{
    [Fact]
    public void Parses_pages_with_write_and_execute_suffixes_and_hex()
    {
        var refs = ReferenceString.Parse("7, 0 3w 0x1fx 2r");
        Assert.Equal([new(7, AccessKind.Read), new(0, AccessKind.Read), new(3, AccessKind.Write), new(0x1f, AccessKind.Execute), new(2, AccessKind.Read)], refs);
    }

    [Theory]
    [InlineData("1 2 q 3", 5, "'q'")]
    [InlineData("1 -2", 3, "'-2'")]
    [InlineData("4 5z", 3, "'5z'")]
    public void A_bad_reference_names_its_column_and_what_was_found(string text, int column, string found)
    {
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains(found, error.Message);
        Assert.Contains("expected a page number", error.Message);
    }

    [Theory]
    [InlineData("1,2,,3", 5, "expected a page number between the commas at columns 4 and 5, found nothing")]
    [InlineData("1, 2 , , 3", 8, "expected a page number between the commas at columns 6 and 8, found nothing")]
    [InlineData(",1 2", 1, "expected a page number before the comma, found nothing")]
    [InlineData("1,2,", 4, "expected a page number after the comma, found the end of the string")]
    [InlineData("1 2 ,  ", 5, "expected a page number after the comma, found the end of the string")]
    public void An_empty_reference_beside_a_comma_names_its_column(string text, int column, string message)
    {
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Equal($"reference string, column {column}: {message}", error.Message);
    }

    [Fact]
    public void One_comma_between_references_with_spaces_around_it_is_one_separator()
    {
        Assert.Equal([1UL, 2, 3, 4], ReferenceString.Parse("1 ,2, 3 , 4").Select(r => r.Page));
    }

    [Theory]
    [InlineData("1 99999999999999999999999", 3, "'99999999999999999999999'")]
    [InlineData("1 2 0x1ffffffffffffffffw", 5, "'0x1ffffffffffffffffw'")]
    public void A_page_number_beyond_64_bits_is_called_too_large(string text, int column, string found)
    {
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains($"expected a page number of at most 18446744073709551615 (0xffffffffffffffff), found {found} (too large)", error.Message);
    }

    [Fact]
    public void A_long_bad_or_too_large_token_is_quoted_as_trace_text_is_cut_after_40_characters()
    {
        var junk = new string('q', 100);
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse($"1 {junk}"));
        Assert.EndsWith($"found '{new string('q', 40)}…'", error.Message, StringComparison.Ordinal);

        var large = new string('9', 60);
        error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse($"1 {large}w"));
        Assert.EndsWith($"found '{new string('9', 40)}…' (too large)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_non_ascii_characters_is_quoted_with_them_escaped()
    {
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse("1 ３"));
        Assert.EndsWith("found '\\xef\\xbc\\x93'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_string_is_an_error()
    {
        Assert.Throws<InputFormatException>(() => ReferenceString.Parse(" , "));
    }
}
