using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class AddressTraceReaderTests
{
    [Fact]
    public void Reads_hex_and_decimal_addresses_with_optional_kinds_comments_and_blank_lines()
    {
        var text = """
            # a comment
            0x7ffd1000 W
            4096
              0X2a r   # trailing comment

            123\tx
            0xdeadbeef
            """.Replace("\\t", "\t", StringComparison.Ordinal);
        var accesses = TraceFixtures.ReadAll(TraceFormats.Address, text);
        Assert.Equal(
            [(0x7ffd1000UL, AccessKind.Write), (4096UL, AccessKind.Read), (0x2aUL, AccessKind.Read), (123UL, AccessKind.Execute), (0xdeadbeefUL, AccessKind.Read)],
            accesses.Select(a => (a.Address, a.Kind)));
        Assert.All(accesses, a => Assert.Equal(0, a.Pid));
    }

    [Fact]
    public void Leading_zeros_past_sixteen_hex_digits_or_twenty_decimal_ones_are_still_a_number()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Address, "0x00000000000000000000ffffffffffffffff\n000000000000000000000000018446744073709551615\n");
        Assert.Equal([ulong.MaxValue, ulong.MaxValue], accesses.Select(a => a.Address));
    }

    [Theory]
    [InlineData("0x10\n0041f7a0 R\n", 2, 1, "(a hexadecimal address needs 0x)")]
    [InlineData("0x10 Q\n", 1, 6, "expected R, W or X")]
    [InlineData("0x10 RW\n", 1, 6, "expected R, W or X")]
    [InlineData("0x10 W extra\n", 1, 8, "expected R, W or X")]
    [InlineData("99999999999999999999999\n", 1, 1, "expected an address of at most 18446744073709551615 (0xffffffffffffffff), found '99999999999999999999999' (too large)")]
    [InlineData("0x10\n  0x1ffffffffffffffff W\n", 2, 3, "found '0x1ffffffffffffffff' (too large)")]
    [InlineData("0x10\n  2.5 W\n", 2, 3, "expected an address in decimal or in hexadecimal after 0x, found '2.5'")]
    public void A_malformed_line_is_an_error_at_its_line_and_column(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Address, text));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message);
        Assert.Equal("test.trace", error.Source);
    }
}
