using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class PageTraceReaderTests
{
    [Fact]
    public void Each_line_is_a_read_of_the_first_byte_of_that_page()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Pages, "7\n0\n 1 \n\n# note\n2\r\n7", pageSize: 4096);
        Assert.Equal([7UL << 12, 0UL, 1UL << 12, 2UL << 12, 7UL << 12], accesses.Select(a => a.Address));
        Assert.All(accesses, a => Assert.Equal(AccessKind.Read, a.Kind));
    }

    [Fact]
    public void Leading_zeros_past_twenty_digits_are_still_a_number()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Pages, "0000000000000000000000000000042\n00000000000000000000004503599627370495\n");
        Assert.Equal([42UL << 12, 4503599627370495UL << 12], accesses.Select(a => a.Address));
    }

    [Fact]
    public void The_page_size_sets_the_address()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Pages, "3\n", pageSize: 16384);
        Assert.Equal(3UL << 14, accesses[0].Address);
    }

    [Theory]
    [InlineData("1\n2\n0x3\n", 3, 1, "expected a page number in decimal, alone on its line, found '0x3'")]
    [InlineData("1\n2 3\n", 2, 3, "expected a page number in decimal, alone on its line, found '3' after it")]
    [InlineData("-4\n", 1, 1, "expected a page number in decimal")]
    [InlineData("4503599627370496\n", 1, 1, "expected a page number of at most 4503599627370495")]
    [InlineData("1\n99999999999999999999\n", 2, 1, "expected a page number of at most 4503599627370495 (its address must fit 64 bits with 4096-byte pages), found '99999999999999999999' (too large)")]
    [InlineData("1\n  123456789012345678901234567890  \n", 2, 3, "found '123456789012345678901234567890' (too large)")]
    [InlineData("1\n2.5\n", 2, 1, "expected a page number in decimal, alone on its line, found '2.5'")]
    [InlineData("1\n  7x\n", 2, 3, "found '7x'")]
    public void A_bad_line_is_an_error_at_its_line(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Pages, text));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message);
    }
}
