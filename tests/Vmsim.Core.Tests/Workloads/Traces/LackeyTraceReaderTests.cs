using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class LackeyTraceReaderTests
{
    private const string Sample = """
        ==12345== Lackey, an example Valgrind tool
        ==12345== Copyright (C) 2002-2017, and GNU GPL'd, by Nicholas Nethercote.
        ==12345== Command: ./a.out
        ==12345==
        I  04011db0,3
         S 1ffefffd48,8
         L 0401d0a8,8
         M 0421e2a0,4

        --12345-- a message Valgrind prints with -v
        I  04011db3,5
        ==12345== ERROR SUMMARY: 0 errors
        """;

    [Fact]
    public void Reads_fetches_loads_stores_and_a_modify_as_a_load_then_a_store()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, Sample);
        MemoryAccess[] expected =
        [
            new(0x04011db0, AccessKind.Execute, 0, AccessContext.Unknown),
            new(0x1ffefffd48, AccessKind.Write, 0, AccessContext.Unknown),
            new(0x0401d0a8, AccessKind.Read, 0, AccessContext.Unknown),
            new(0x0421e2a0, AccessKind.Read, 0, AccessContext.Unknown),
            new(0x0421e2a0, AccessKind.Write, 0, AccessContext.Unknown),
            new(0x04011db3, AccessKind.Execute, 0, AccessContext.Unknown),
        ];
        Assert.Equal(expected, accesses);
    }

    [Fact]
    public void An_8_byte_load_at_offset_4092_of_a_4_KiB_page_touches_both_pages()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, " L 00001ffc,8\n");
        Assert.Equal([0x1ffcUL, 0x2000UL], accesses.Select(a => a.Address));
        Assert.All(accesses, a => Assert.Equal(AccessKind.Read, a.Kind));
        Assert.Equal([1UL, 2UL], accesses.Select(a => a.PageOf(12)));
    }

    [Fact]
    public void An_access_ending_on_the_last_byte_of_a_page_touches_one_page()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, " L 00001ff8,8\n");
        Assert.Equal([0x1ff8UL], accesses.Select(a => a.Address));
    }

    [Fact]
    public void A_page_crossing_modify_loads_both_pages_then_stores_both()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, " M 00001ffe,4\nI  00003000,2\n");
        Assert.Equal(
            [(0x1ffeUL, AccessKind.Read), (0x2000UL, AccessKind.Read), (0x1ffeUL, AccessKind.Write), (0x2000UL, AccessKind.Write), (0x3000UL, AccessKind.Execute)],
            accesses.Select(a => (a.Address, a.Kind)));
    }

    [Fact]
    public void A_large_access_touches_every_page_it_covers()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, " S 000000f0,600\n", pageSize: 256);
        Assert.Equal([0xf0UL, 0x100UL, 0x200UL, 0x300UL], accesses.Select(a => a.Address));
    }

    [Fact]
    public void Split_accesses_survive_a_one_access_buffer()
    {
        var text = " M 00001ffe,4\n L 00000010,4\n M 00002ffc,8\n";
        var whole = TraceFixtures.ReadAll(TraceFormats.Lackey, text);
        var oneByOne = TraceFixtures.ReadAll(TraceFormats.Lackey, text, batch: 1);
        Assert.Equal(9, whole.Count);
        Assert.Equal(whole, oneByOne);
    }

    [Fact]
    public void Crlf_line_ends_and_a_missing_final_newline_are_fine()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Lackey, "I  00400000,3\r\n L 00500000,4");
        Assert.Equal([0x400000UL, 0x500000UL], accesses.Select(a => a.Address));
    }

    [Theory]
    [InlineData("I  04011db0,3\nhello world\n", 2, 1, "expected a lackey record")]
    [InlineData("I  04011db0,3\n L zz,8\n", 2, 4, "expected a hexadecimal address")]
    [InlineData(" L 0401d0a8\n", 1, 4, "expected a hexadecimal address followed by ','")]
    [InlineData(" L 0401d0a8,\n", 1, 13, "expected a size in bytes")]
    [InlineData(" L 0401d0a8,0\n", 1, 13, "expected a size in bytes")]
    [InlineData(" L 0401d0a8,8x\n", 1, 13, "expected a size in bytes from 1 to 65536, found '8x'")]
    [InlineData(" L 0401d0a8,8.5\n", 1, 13, "expected a size in bytes from 1 to 65536, found '8.5'")]
    [InlineData(" L 0401d0a8,8  x\n", 1, 16, "expected the end of the record after the size, found 'x'")]
    [InlineData(" X 0401d0a8,8\n", 1, 1, "expected a lackey record")]
    [InlineData(" L 11112222333344445,8\n", 1, 4, "expected a hexadecimal address of at most ffffffffffffffff, found '11112222333344445' (too large)")]
    public void A_malformed_line_names_the_file_line_column_and_what_was_expected(string text, int line, int column, string expected)
    {
        using var fixtures = new TraceFixtures();
        var path = fixtures.Text("prog.lackey", text);
        using var reader = TraceFormats.Open(path, TraceFormats.Lackey, 4096);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Equal(path, error.Source);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"{path}:{line}:", error.Message);
        Assert.Contains("found", error.Message);
    }
}
