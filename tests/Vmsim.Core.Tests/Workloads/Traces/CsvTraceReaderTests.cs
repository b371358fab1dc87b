using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class CsvTraceReaderTests
{
    [Fact]
    public void Reads_the_mapped_columns_by_name()
    {
        var text = """
            time,pid,vaddr,op,size
            1,42,0x1000,W,8
            2,7,8192,read,4
            3,42,"0x3000",exec,4
            """;
        var columns = new CsvColumns(CsvColumn.Named("vaddr"), IsPage: false, CsvColumn.Named("OP"), CsvColumn.Named("pid"));
        var accesses = TraceFixtures.ReadAll(TraceFormats.Csv, text, columns: columns);
        Assert.Equal(
            [(0x1000UL, AccessKind.Write, 42), (8192UL, AccessKind.Read, 7), (0x3000UL, AccessKind.Execute, 42)],
            accesses.Select(a => (a.Address, a.Kind, a.Pid)));
    }

    [Fact]
    public void Reads_page_numbers_by_column_number_and_scales_them_by_the_page_size()
    {
        var text = "a;b\nx;5\n\"y;z\";6\n";
        var csv = new CsvLayout { Columns = new CsvColumns(CsvColumn.At(2), IsPage: true), Delimiter = (byte)';' };
        var accesses = TraceFixtures.ReadAll(TraceFormats.Csv, text, pageSize: 4096, csv: csv);
        Assert.Equal([5UL << 12, 6UL << 12], accesses.Select(a => a.Address));
    }

    [Theory]
    [InlineData("page,op\n3,w\n4,r\n", null, true)]
    [InlineData("\nop;VPN\nw;3\nr;4\n", null, true)]
    [InlineData("vaddr,op\n0x3000,w\n0x4000,r\n", null, false)]
    [InlineData("3,w\n4,r\n", true, true)]
    [InlineData("0x3000,w\n0x4000,r\n", false, false)]
    public void Records_page_numbers_when_the_location_is_a_page_column_told_before_any_access_is_read(string text, bool? mappedAsPage, bool expected)
    {
        var csv = mappedAsPage is { } isPage
            ? new CsvLayout { HasHeader = false, Columns = new CsvColumns(CsvColumn.At(1), isPage, CsvColumn.At(2)) }
            : null;
        using var reader = TraceFormats.Open(new MemoryStream(Encoding.ASCII.GetBytes(text)), "t.csv", null, 4096, csv);

        Assert.Equal(expected, reader.RecordsPageNumbers);

        // The header read to tell is not read again as data, nor is a row lost.
        Assert.Equal([(0x3000UL, AccessKind.Write), (0x4000UL, AccessKind.Read)], TraceFixtures.ReadAll(reader).Select(a => (a.Address, a.Kind)));
    }

    [Fact]
    public void A_header_with_no_page_or_address_column_is_the_same_error_when_asked_whether_it_records_pages()
    {
        using var reader = new CsvTraceReader(new MemoryStream("time,size\n1,8\n"u8.ToArray()), 4096, source: "t.csv");

        var e = Assert.Throws<InputFormatException>(() => reader.RecordsPageNumbers);
        Assert.StartsWith("t.csv:1: expected a header with a column named page", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_map_the_columns_are_inferred_from_the_header()
    {
        var accesses = TraceFixtures.ReadAll(TraceFormats.Csv, "Page,Type\n3,w\n4,r\n");
        Assert.Equal([(3UL << 12, AccessKind.Write), (4UL << 12, AccessKind.Read)], accesses.Select(a => (a.Address, a.Kind)));
    }

    [Fact]
    public void A_header_without_a_known_column_asks_for_a_map()
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "foo,bar\n1,2\n"));
        Assert.Equal(1, error.Line);
        Assert.Contains("'foo', 'bar'", error.Message);
    }

    [Fact]
    public void A_mapped_column_missing_from_the_header_is_an_error()
    {
        var columns = new CsvColumns(CsvColumn.Named("addr"), IsPage: false);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "page\n1\n", columns: columns));
        Assert.Contains("expected a column named 'addr'", error.Message);
    }

    [Theory]
    [InlineData("page,op\n1,r\n2,q\n", 3, 3, "expected R, W, X, read, write, exec or execute, found 'q'")]
    [InlineData("page,op\n1,r\nzz,w\n", 3, 1, "expected a page number in decimal or in hexadecimal after 0x, found 'zz'")]
    [InlineData("page,op\n1,r\n7\n", 3, 0, "expected at least 2 fields separated by ',', found 1")]
    [InlineData("page,op\n1,r\n\"2,w\n", 3, 0, "expected well-formed CSV")]
    [InlineData("page,op,pid\n1,r,-3\n", 2, 5, "expected a process id")]
    [InlineData("page,op\n1,r\n  99999999999999999999 ,w\n", 3, 3, "expected a page number of at most 4503599627370495 (its address must fit 64 bits with 4096-byte pages), found '99999999999999999999' (too large)")]
    [InlineData("page,op\n1,r\n4503599627370496,w\n", 3, 1, "found '4503599627370496' (too large)")]
    [InlineData("page,op\n1,r\n 2.5,w\n", 3, 2, "expected a page number in decimal or in hexadecimal after 0x, found '2.5'")]
    [InlineData("page,op\n1,r\n\"2.5\",w\n", 3, 2, "found '2.5'")]
    [InlineData("page,op\n1,r\n\" 2.5\",w\n", 3, 3, "found '2.5'")]
    [InlineData("page,op\n1,r\n7,\"  q \"\n", 3, 6, "found 'q'")]
    public void A_bad_row_names_its_line_column_and_what_was_expected(string text, int line, int column, string expected)
    {
        var columns = new CsvColumns(CsvColumn.Named("page"), IsPage: true, CsvColumn.Named("op"), text.Contains("pid") ? CsvColumn.Named("pid") : null);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, text, columns: columns));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_address_beyond_64_bits_is_called_too_large()
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "time,addr\n1,0x10\n2,0x1ffffffffffffffff\n"));
        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("expected an address of at most 18446744073709551615 (0xffffffffffffffff), found '0x1ffffffffffffffff' (too large)", error.Message);
    }

    [Theory]
    [InlineData("time;page;op\n1;5;w\n2;6;r\n", (byte)';')]
    [InlineData("time\tpage\top\n1\t5\tw\n2\t6\tr\n", (byte)'\t')]
    [InlineData("time;page;op\r\n1;5;w\r\n2;6;r\r\n", (byte)';')]
    [InlineData("time,page,op\n1,5,w\n2,6,r\n", (byte)',')]
    public void Without_a_delimiter_the_first_line_tells_it(string text, byte delimiter)
    {
        // A pipe, handing over the first line in pieces, and a stream that seeks back.
        Stream[] inputs = [new PipeStream(Encoding.ASCII.GetBytes(text), chunk: 3), new MemoryStream(Encoding.ASCII.GetBytes(text))];
        foreach (var input in inputs)
        {
            using var reader = new CsvTraceReader(input, 4096);
            var accesses = TraceFixtures.ReadAll(reader);
            Assert.Equal(delimiter, reader.Delimiter);
            Assert.Equal([(5UL << 12, AccessKind.Write), (6UL << 12, AccessKind.Read)], accesses.Select(a => (a.Address, a.Kind)));
        }
    }

    [Fact]
    public void A_first_line_longer_than_a_read_is_read_whole_to_tell_the_delimiter()
    {
        var names = string.Join(";", Enumerable.Range(0, 3000).Select(i => $"c{i}")) + ";page";
        var text = names + "\n" + string.Join(";", Enumerable.Range(0, 3001).Select(i => i)) + "\n";
        using var reader = new CsvTraceReader(new PipeStream(Encoding.ASCII.GetBytes(text), chunk: 1000), 4096);
        Assert.Equal([3000UL << 12], TraceFixtures.ReadAll(reader).Select(a => a.Address));
        Assert.Equal((byte)';', reader.Delimiter);
    }

    [Fact]
    public void A_map_without_a_delimiter_still_infers_it_and_so_does_a_trace_without_a_header()
    {
        var columns = new CsvColumns(CsvColumn.At(2), IsPage: true);
        Assert.Equal([5UL << 12, 6UL << 12], TraceFixtures.ReadAll(TraceFormats.Csv, "time;page\n1;5\n2;6\n", columns: columns).Select(a => a.Address));

        var noHeader = new CsvLayout { Columns = columns, HasHeader = false };
        Assert.Equal([5UL << 12, 6UL << 12], TraceFixtures.ReadAll(TraceFormats.Csv, "1\t5\n2\t6\n", csv: noHeader).Select(a => a.Address));
    }

    [Fact]
    public void A_given_delimiter_is_used_as_given()
    {
        var comma = new CsvLayout { Delimiter = (byte)',' };
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "time;page\n1;5\n", csv: comma));
        Assert.Contains("found 'time;page'", error.Message, StringComparison.Ordinal);

        var pipe = new CsvLayout { Delimiter = (byte)'|' };
        Assert.Equal([5UL << 12], TraceFixtures.ReadAll(TraceFormats.Csv, "time|page\n1|5\n", csv: pipe).Select(a => a.Address));
    }

    [Fact]
    public void Rows_split_by_another_delimiter_than_the_header_name_the_delimiter_in_use()
    {
        var columns = new CsvColumns(CsvColumn.At(2), IsPage: true);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "time,page\n1;5\n", columns: columns));
        Assert.Equal(2, error.Line);
        Assert.Contains("expected at least 2 fields separated by ',', found 1 (if the fields are separated by something else, give --csv-delimiter)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_split_by_another_delimiter_than_the_one_given_say_it_was_given()
    {
        var layout = new CsvLayout { Delimiter = (byte)';' };
        using var reader = new CsvTraceReader(new MemoryStream("time;page\n1,5\n"u8.ToArray()), 4096, layout, source: "t.csv");

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Equal("t.csv:2: expected at least 2 fields separated by ';', found 1 (the delimiter given)", error.Message);
    }

    [Theory]
    [InlineData("Malformed CSV in record 2 (line 3): a quoted field that is never closed (byte offset 17).", "a quoted field that is never closed (byte offset 17)")]
    [InlineData("Malformed CSV in record 2: malformed data (byte offset 5).", "malformed data (byte offset 5)")]
    [InlineData("Record 2 has 3 fields but 2 were expected (line 2).", "a problem: Record 2 has 3 fields but 2 were expected (line 2).")]
    public void A_malformed_data_message_loses_its_record_and_line_but_not_what_was_wrong(string message, string what) =>
        Assert.Equal(what, CsvTraceReader.MalformedWhat(message));

    [Fact]
    public void A_reader_made_over_a_stream_skips_a_byte_order_mark_and_counts_its_bytes()
    {
        // Only a tab splits out the page column, when the mark is no part of its name; counted,
        // the semicolons would win.
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "page\tnote;a;b\n1\tx\n2\ty\n"u8];
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = new CsvTraceReader(input, 4096);

            Assert.Equal((byte)'\t', reader.Delimiter);
            Assert.Equal([0x1000UL, 0x2000UL], TraceFixtures.ReadAll(reader).Select(a => a.Address));
            Assert.Equal(bytes.Length, reader.BytesRead);
        }
    }

    [Fact]
    public void A_malformed_csv_error_counts_its_byte_offset_from_the_start_of_the_file_byte_order_mark_included()
    {
        // The quote opens at byte 5 of the text, byte 8 of the file; the parser gives up at its end.
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "page,\"op\n1,R\n"u8];
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = new CsvTraceReader(input, 4096, source: "q.csv");

            var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
            Assert.Equal($"q.csv:1: expected well-formed CSV, found a quoted field that is never closed (byte offset {bytes.Length})", error.Message);
        }
    }

    [Fact]
    public void The_delimiter_is_inferred_from_the_first_line_after_a_byte_order_mark_and_blank_lines()
    {
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "\n \npage;op\n1;W\n"u8];
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = new CsvTraceReader(input, 4096);

            Assert.Equal((byte)';', reader.Delimiter);
            Assert.Equal([(0x1000UL, AccessKind.Write)], TraceFixtures.ReadAll(reader).Select(a => (a.Address, a.Kind)));
            Assert.Equal(bytes.Length, reader.BytesRead);
        }
    }

    [Fact]
    public void A_byte_order_mark_alone_is_no_empty_input()
    {
        using var marked = new CsvTraceReader(new MemoryStream([0xef, 0xbb, 0xbf]), 4096, source: "bom.csv");
        using var empty = new CsvTraceReader(new MemoryStream(), 4096, source: "empty.csv");

        Assert.Equal("bom.csv: expected a CSV header naming the columns, found a UTF-8 byte order mark alone", Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(marked)).Message);
        Assert.Equal("empty.csv: expected a CSV header naming the columns, found an empty input", Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(empty)).Message);
    }

    [Fact]
    public void Bytes_that_only_begin_like_a_byte_order_mark_are_kept()
    {
        // EF BB then text: no mark, and the header's first name keeps its two bytes.
        byte[] bytes = [0xef, 0xbb, .. "page\n1\n"u8];
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = new CsvTraceReader(input, 4096, source: "t.csv");

            var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
            Assert.StartsWith("t.csv:1: expected a header with a column named page", error.Message, StringComparison.Ordinal);
            Assert.Contains("found '\\xef\\xbbpage' (split by", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Header_names_that_are_not_UTF_8_are_quoted_as_the_file_holds_them()
    {
        // "p\xe9ge" in Latin-1: the error shows the byte E9, not the replacement character a decoder puts for it.
        byte[] bytes = [.. "id,p"u8, 0xe9, .. "ge\n1,2\n"u8];
        using var reader = new CsvTraceReader(new MemoryStream(bytes), 4096, source: "t.csv");

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Contains("found 'id', 'p\\xe9ge' (split by", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b;c;d", (byte)',')]
    [InlineData("a;b;c", (byte)';')]
    [InlineData("a\tb\tc", (byte)'\t')]
    [InlineData("a;b\tc\td", (byte)'\t')]
    [InlineData("a;b\tc", (byte)';')]
    [InlineData("page", (byte)',')]
    [InlineData("zeit;seite;\"Größe (KB, gerundet)\"", (byte)';')]
    [InlineData("time\tpage\t\"op, kind\"", (byte)'\t')]
    [InlineData("a;\"b;\"\"c\"\";d\"\te\tf", (byte)'\t')]
    public void The_delimiter_of_a_first_line_is_a_comma_else_the_commoner_of_semicolon_and_tab_counting_outside_quotes(string line, byte delimiter)
    {
        Assert.Equal(delimiter, CsvLayout.InferDelimiter(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("page\tr;w;x", (byte)'\t')]
    [InlineData("time;addr;size,bytes", (byte)';')]
    [InlineData("page,op;x", (byte)',')]
    [InlineData("\"a\tb\";vaddr", (byte)';')]
    [InlineData("foo;bar\tbaz\tqux", (byte)'\t')]
    public void By_column_names_the_first_of_comma_semicolon_and_tab_that_splits_out_a_page_or_address_column_is_taken(string line, byte delimiter)
    {
        Assert.Equal(delimiter, CsvLayout.InferDelimiter(Encoding.UTF8.GetBytes(line), byColumnNames: true));
    }

    [Theory]
    [InlineData("time\tpage\t\"op, kind\"\n1\t5\tw\n2\t6\tr\n", (byte)'\t')]
    [InlineData("page\tr;w;x\n5\tr\n6\tw\n", (byte)'\t')]
    [InlineData("\n  \n\t\r\ntime;page;op\n1;5;w\n2;6;r\n", (byte)';')]
    public void The_reader_infers_the_delimiter_from_the_header_names_outside_quotes_past_blank_lines(string text, byte delimiter)
    {
        Stream[] inputs = [new PipeStream(Encoding.UTF8.GetBytes(text), chunk: 2), new MemoryStream(Encoding.UTF8.GetBytes(text))];
        foreach (var input in inputs)
        {
            using var reader = new CsvTraceReader(input, 4096);
            var accesses = TraceFixtures.ReadAll(reader);
            Assert.Equal(delimiter, reader.Delimiter);
            Assert.Equal([5UL << 12, 6UL << 12], accesses.Select(a => a.Address));
        }
    }

    [Fact]
    public void A_header_with_a_delimiter_inside_a_quoted_name_is_split_by_the_one_outside()
    {
        var text = "zeit;seite;\"Größe (KB, gerundet)\"\n1;5;4\n2;6;4\n";
        var columns = new CsvColumns(CsvColumn.Named("seite"), IsPage: true);
        using var reader = new CsvTraceReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 4096, new CsvLayout { Columns = columns });
        Assert.Equal([5UL << 12, 6UL << 12], TraceFixtures.ReadAll(reader).Select(a => a.Address));
        Assert.Equal((byte)';', reader.Delimiter);
    }

    [Fact]
    public void A_header_without_a_known_column_says_which_delimiter_split_it_and_how_to_give_another()
    {
        var text = Encoding.UTF8.GetBytes("zeit;seite;\"Größe (KB, gerundet)\"\n1;5;4\n");
        using var reader = new CsvTraceReader(new MemoryStream(text), 4096, source: "t.csv");
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Equal(1, error.Line);
        Assert.Contains("found 'zeit', 'seite', 'Gr\\xc3\\xb6\\xc3\\x9fe (KB, gerundet)' (split by ';'; if the fields are separated by something else, give --csv-delimiter)", error.Message, StringComparison.Ordinal);

        var given = new CsvLayout { Delimiter = (byte)'|' };
        error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "time|when\n1|5\n", csv: given));
        Assert.Contains("found 'time', 'when' (split by '|', the delimiter given)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_lines_before_the_header_are_skipped_and_lines_are_still_counted_from_the_top()
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "  \n\npage,op\n1,r\n2,q\n"));
        Assert.Equal(5, error.Line);
        Assert.Contains("found 'q'", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Csv, "  \n\t\n"));
        Assert.Contains("expected a CSV header naming the columns, found blank lines only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_with_neither_a_header_nor_a_map_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CsvTraceReader(new MemoryStream(), 4096, new CsvLayout { HasHeader = false }));
    }

    [Fact]
    public void Column_spellings_parse_as_numbers_or_names()
    {
        Assert.Equal(CsvColumn.At(3), CsvColumn.Parse("3"));
        Assert.Equal(CsvColumn.Named("addr"), CsvColumn.Parse(" addr "));
        Assert.Equal("column 3", CsvColumn.At(3).ToString());
    }
}
