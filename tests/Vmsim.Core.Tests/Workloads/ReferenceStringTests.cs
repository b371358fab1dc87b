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
    [InlineData("1 99999999999999999999999", 3, "'99999999999999999999999'")]
    [InlineData("1 2 0x1ffffffffffffffffw", 5, "'0x1ffffffffffffffffw'")]
    public void A_page_number_beyond_64_bits_is_called_too_large(string text, int column, string found)
    {
        var error = Assert.Throws<InputFormatException>(() => ReferenceString.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains($"expected a page number of at most 18446744073709551615 (0xffffffffffffffff), found {found} (too large)", error.Message);
    }

    [Fact]
    public void An_empty_string_is_an_error()
    {
        Assert.Throws<InputFormatException>(() => ReferenceString.Parse(" , "));
    }
}
