using System.Text;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class TraceFormatsTests
{
    private static string DetectText(string text) =>
        TraceFormats.Detect(Encoding.ASCII.GetBytes(text), complete: true, text.Length);

    [Theory]
    [InlineData("==1== Lackey\nI  04011db0,3\n L 1ffefffd48,8\n", TraceFormats.Lackey)]
    [InlineData("I  04011db0,3\n", TraceFormats.Lackey)]
    [InlineData("1\n2\n# c\n\n30\n", TraceFormats.Pages)]
    [InlineData("0x10 R\n0x20 w\n16\n", TraceFormats.Address)]
    [InlineData("0x10\n0x20\n", TraceFormats.Address)]
    [InlineData("time,page\n1,2\n", TraceFormats.Csv)]
    [InlineData("time;page\n1;2\n", TraceFormats.Csv)]
    [InlineData("time\tvaddr\top\n1\t0x10\tR\n", TraceFormats.Csv)]
    [InlineData("1\n99999999999999999999\n", TraceFormats.Pages)]
    [InlineData("0x10 R\n0x1ffffffffffffffff W\n", TraceFormats.Address)]
    [InlineData("I  04011db0,3\n L 11112222333344445,8\n", TraceFormats.Lackey)]
    [InlineData("time\tpage\t\"op, kind\"\n1\t2\tR\n", TraceFormats.Csv)]
    [InlineData("page\tr;w;x\n1\tr\n", TraceFormats.Csv)]
    [InlineData("page\n1\nx\n", TraceFormats.Csv)]
    [InlineData("page\n1\n2\n", TraceFormats.Csv)]
    [InlineData("address\n0x10\n0x20\n", TraceFormats.Csv)]
    [InlineData("\n \t\ntime;page\n1;2\n", TraceFormats.Csv)]
    public void Tells_text_formats_apart_from_their_first_lines(string text, string format)
    {
        Assert.Equal(format, DetectText(text));
    }

    [Theory]
    [InlineData("time\tpage\t\"op, kind\"\n1\t5\tW\n2\t6\tR\n")]
    [InlineData("page\tr;w;x\n5\tr\n6\tw\n")]
    [InlineData(" \n\t\r\ntime;page\n1;5\n2;6\n")]
    public void Detection_and_the_csv_reader_take_the_same_first_line_and_delimiter(string text)
    {
        // Each row splits into its fields only by the delimiter the header implies.
        using var reader = TraceFormats.Open(new PipeStream(Encoding.UTF8.GetBytes(text), chunk: 3), "t.csv", null, 4096);
        Assert.Equal(TraceFormats.Csv, reader.Format);
        Assert.Equal([5UL, 6UL], TraceFixtures.ReadAll(reader).Select(a => a.PageOf(12)));
    }

    [Fact]
    public void Tells_oracle_general_from_sane_binary_records()
    {
        var bytes = TraceFixtures.OracleTrace([1, 2, 1, 3, 2, 1]);
        Assert.Equal(TraceFormats.OracleGeneral, TraceFormats.Detect(bytes, complete: true, bytes.Length));
    }

    [Fact]
    public void Binary_data_that_is_not_oracle_general_asks_for_the_format()
    {
        var bytes = TraceFixtures.OracleTrace([1, 2, 1, 3, 2, 1]);
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Detect(bytes.AsSpan(0, 100), complete: true, 100));
        Assert.Contains("not a multiple of 24", error.Message);
        Assert.Contains("give the format", error.Message);

        var noise = new byte[240];
        new Random(1).NextBytes(noise);
        error = Assert.Throws<InputFormatException>(() => TraceFormats.Detect(noise, complete: true, noise.Length));
        Assert.Contains("do not look like oracleGeneral", error.Message);
    }

    [Fact]
    public void An_oracle_general_trace_cut_at_a_record_is_said_to_look_cut_short()
    {
        // Page 1's second access (record 2) points to record 5, which the first four records lack.
        var bytes = TraceFixtures.OracleTrace([1, 2, 1, 3, 2, 1])[..(4 * 24)];

        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Detect(bytes, complete: true, bytes.Length));

        Assert.Contains("records like oracleGeneral ones, but with next-access times past its 4 records, as in a trace cut short", error.Message);
        Assert.Contains("--format oracle-general names the first such record", error.Message);
    }

    [Fact]
    public void Text_that_fits_no_format_names_the_first_misfit_line()
    {
        var error = Assert.Throws<InputFormatException>(() => DetectText("1\n2\nhello there\n3\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("'hello there'", error.Message);
        Assert.Contains("lackey, addr, pages, csv, oracle-general", error.Message);
    }

    [Theory]
    [InlineData("I  04000000,3\n L 7ff000000,x\n", 2, "lackey")]
    [InlineData("==1== Lackey, a memory tracer\nI  04000000,3\n L 7ff000000\n", 3, "lackey")]
    [InlineData("==1== Lackey, a memory tracer\n L 7ff000000,x\n", 2, null)]
    [InlineData("1\n# two\n2\n-3\n", 4, "pages")]
    public void A_lackey_trace_with_a_bad_record_is_not_taken_for_csv_and_the_format_its_first_lines_fit_is_named(string text, int line, string? fitting)
    {
        var error = Assert.Throws<InputFormatException>(() => DetectText(text));

        Assert.Equal(line, error.Line);
        Assert.Contains("cannot tell the trace format", error.Message, StringComparison.Ordinal);
        if (fitting is null)
        {
            Assert.DoesNotContain("after lines that read as", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"after lines that read as {fitting} (--format {fitting} says what that format expects here)", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("foo;bar\n1;2\n")]
    [InlineData("0x10\tR\n0x20\tQ\n")]
    [InlineData("zeit;seite;\"Größe (KB, gerundet)\"\n1;2;3\n")]
    public void A_semicolon_or_tab_line_without_a_known_column_name_is_not_taken_for_a_csv_header(string text)
    {
        var error = Assert.Throws<InputFormatException>(() => DetectText(text));
        Assert.Contains("cannot tell the trace format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lackey_trace_with_an_address_past_64_bits_is_detected_and_the_reader_calls_it_too_large()
    {
        var text = "==1== Lackey\nI  04011db0,3\n L 00000000000000000001ffe0,8\n L 11112222333344445,8\n";
        using var reader = TraceFormats.Open(new MemoryStream(Encoding.ASCII.GetBytes(text)), "big.lackey", null, 4096);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Equal(TraceFormats.Lackey, reader.Format);
        Assert.Equal("big.lackey:4:4: expected a hexadecimal address of at most ffffffffffffffff, found '11112222333344445' (too large)", error.Message);
    }

    [Theory]
    [InlineData("1\n2\n", TraceFormats.Pages)]
    [InlineData("I  00001000,3\n L 00002000,8\n", TraceFormats.Lackey)]
    [InlineData("page;op\n1;R\n2;W\n", TraceFormats.Csv)]
    [InlineData("0x1000\n0x2000 W\n", TraceFormats.Address)]
    public void A_utf8_byte_order_mark_before_a_text_trace_is_skipped(string text, string format)
    {
        using var fixtures = new TraceFixtures();
        byte[] bytes = [0xef, 0xbb, 0xbf, .. Encoding.ASCII.GetBytes(text)];
        var file = fixtures.Bytes("bom.txt", bytes);
        var gzip = fixtures.Gzip("bom.txt.gz", bytes);

        // Through a pipe, a seekable stream, a file, gzip; detected and named.
        foreach (var given in new[] { null, format })
        {
            foreach (var open in new Func<ITraceReader>[]
            {
                () => TraceFormats.Open(new PipeStream(bytes), "bom.txt", given, 4096),
                () => TraceFormats.Open(new MemoryStream(bytes), "bom.txt", given, 4096),
                () => TraceFormats.Open(file, given, 4096),
                () => TraceFormats.Open(gzip, given, 4096),
            })
            {
                using var reader = open();
                Assert.Equal(format, reader.Format);
                Assert.Equal([0x1000UL, 0x2000UL], TraceFixtures.ReadAll(reader).Select(a => a.Address));
            }
        }
    }

    [Theory]
    [InlineData(TraceFormats.Lackey, "I  00001000,3\n L 00002000,8\n", ":1: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found '\\xef\\xbb\\xbfI  00001000,3', before lines that read as lackey", ":1:1: expected a lackey record such as 'I  04011db0,3', ' L 1ffefffd48,8', ' S ...' or ' M ...' (or a '==' line), found '\\xef\\xbb\\xbfI  00001000,3'")]
    [InlineData(TraceFormats.Address, "0x1000\n0x2000 W\n", ":1: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found '\\xef\\xbb\\xbf0x1000', before lines that read as addr", ":1:1: expected an address in decimal or in hexadecimal after 0x, found '\\xef\\xbb\\xbf0x1000'")]
    [InlineData(TraceFormats.Pages, "1\n2\n", ":1: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found '\\xef\\xbb\\xbf1', before lines that read as pages", ":1:1: expected a page number in decimal, alone on its line, found '\\xef\\xbb\\xbf1'")]
    [InlineData(TraceFormats.Csv, "page,op\n1,R\n", ":1: expected a header with a column named page", ":1: expected a header with a column named page")]
    public void Of_two_byte_order_marks_the_second_is_content_that_the_formats_own_error_quotes(string format, string text, string detected, string named)
    {
        byte[] bytes = [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, .. Encoding.ASCII.GetBytes(text)];
        foreach (var (given, expected) in new[] { ((string?)null, detected), (format, named) })
        {
            foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
            {
                var error = Assert.Throws<InputFormatException>(() =>
                {
                    using var reader = TraceFormats.Open(input, "two.txt", given, 4096);
                    TraceFixtures.ReadAll(reader);
                });
                Assert.StartsWith($"two.txt{expected}", error.Message, StringComparison.Ordinal);
                Assert.Contains("'\\xef\\xbb\\xbf", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_for_a_named_text_format_whatever_bytes_come_later()
    {
        // A control byte on line 3: the error names line 3, the mark is no part of line 1.
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "1\n2\n3\u0001\n4\n"u8];
        using var reader = TraceFormats.Open(new MemoryStream(bytes), "bomctl.pages", TraceFormats.Pages, 4096);

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Equal("bomctl.pages:3:1: expected a page number in decimal, alone on its line, found '3\\x01'", error.Message);
    }

    [Fact]
    public void Detection_looks_past_a_byte_order_mark_before_text_and_a_reader_made_over_a_stream_skips_it()
    {
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "1\n2\n"u8];

        Assert.Equal(TraceFormats.Pages, TraceFormats.Detect(bytes, complete: true, bytes.Length));
        Assert.Equal(TraceFormats.Csv, TraceFormats.Detect([0xef, 0xbb, 0xbf, .. "page;op\n1;R\n"u8], complete: true, null));
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Detect([0xef, 0xbb, 0xbf], complete: true, 3, "bom.txt"));
        Assert.Equal("bom.txt: expected trace data to tell its format from, found a UTF-8 byte order mark alone; give the format (lackey, addr, pages, csv, oracle-general)", error.Message);
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = TraceFormats.Create(TraceFormats.Pages, input, 4096);

            Assert.Equal([0x1000UL, 0x2000UL], TraceFixtures.ReadAll(reader).Select(a => a.Address));
            Assert.Equal(bytes.Length, reader.BytesRead);
        }
    }

    [Fact]
    public void The_delimiter_of_a_csv_trace_named_as_such_is_inferred_past_a_byte_order_mark()
    {
        // Only a tab splits out the page column, when the mark is no part of its name.
        byte[] bytes = [0xef, 0xbb, 0xbf, .. "page\tnote;a;b\n1\tx\n2\ty\n"u8];
        foreach (var format in new[] { null, TraceFormats.Csv })
        {
            using var reader = TraceFormats.Open(new PipeStream(bytes), "bom.csv", format, 4096);

            Assert.Equal([0x1000UL, 0x2000UL], TraceFixtures.ReadAll(reader).Select(a => a.Address));
        }
    }

    [Fact]
    public void A_reader_made_over_a_stream_keeps_bytes_that_only_begin_like_a_byte_order_mark()
    {
        byte[] bytes = [0xef, .. "1\n2\n"u8];
        foreach (var input in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes, chunk: 1) })
        {
            using var reader = TraceFormats.Create(TraceFormats.Pages, input, 4096, source: "t.pages");

            var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
            Assert.Equal("t.pages:1:1: expected a page number in decimal, alone on its line, found '\\xef1'", error.Message);
        }
    }

    [Fact]
    public void A_byte_order_mark_alone_says_so()
    {
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Open(new MemoryStream([0xef, 0xbb, 0xbf]), "bom.txt", null, 4096));
        Assert.Equal("bom.txt: expected trace data to tell its format from, found a UTF-8 byte order mark alone; give the format (lackey, addr, pages, csv, oracle-general)", error.Message);
    }

    [Fact]
    public void Named_oracle_general_keeps_a_byte_order_mark_even_before_bytes_that_could_be_text()
    {
        // 48 bytes of text: two whole records as they are, 45 bytes had the mark been skipped.
        byte[] bytes = [0xef, 0xbb, 0xbf, .. Encoding.ASCII.GetBytes(new string('1', 45))];
        using var reader = TraceFormats.Open(new MemoryStream(bytes), "text.bin", TraceFormats.OracleGeneral, 4096);

        Assert.Equal(2, reader.Accesses);
    }

    [Fact]
    public void An_oracle_general_trace_whose_first_bytes_are_a_byte_order_mark_keeps_them()
    {
        // The first record's timestamp starts with EF BB BF; its object id is read where it is.
        var bytes = TraceFixtures.OracleTrace([1, 2, 1]);
        bytes[0] = 0xef;
        bytes[1] = 0xbb;
        bytes[2] = 0xbf;

        foreach (var format in new[] { null, TraceFormats.OracleGeneral })
        {
            using var reader = TraceFormats.Open(new MemoryStream(bytes), "bom.bin", format, 4096);
            Assert.Equal(TraceFormats.OracleGeneral, reader.Format);
            Assert.Equal([0x1000UL, 0x2000UL, 0x1000UL], TraceFixtures.ReadAll(reader).Select(a => a.Address));
        }
    }

    [Fact]
    public void An_empty_input_cannot_be_detected()
    {
        Assert.Throws<InputFormatException>(() => TraceFormats.Detect([], complete: true, 0));
    }

    [Fact]
    public void An_unknown_format_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => TraceFormats.Normalize("dinero"));
        Assert.Contains("'dinero'", error.Message);
        Assert.Contains("lackey, addr, pages, csv, oracle-general", error.Message);
        Assert.Equal(TraceFormats.OracleGeneral, TraceFormats.Normalize("oracleGeneral"));
    }

    [Fact]
    public void A_gzip_file_round_trips_and_is_detected_inside()
    {
        using var fixtures = new TraceFixtures();
        var text = string.Concat(Enumerable.Range(0, 50000).Select(i => $"{i % 977}\n"));
        var path = fixtures.Gzip("refs.txt.gz", Encoding.ASCII.GetBytes(text));
        using var reader = TraceFormats.Open(path, null, 4096);
        Assert.Equal(TraceFormats.Pages, reader.Format);
        var accesses = TraceFixtures.ReadAll(reader);
        Assert.Equal(Enumerable.Range(0, 50000).Select(i => (ulong)(i % 977)), accesses.Select(a => a.PageOf(12)));
        Assert.Equal(new FileInfo(path).Length, reader.Length);
        Assert.Equal(reader.Length, reader.BytesRead);
    }

    [Fact]
    public void A_gzip_magic_is_enough_without_the_gz_name_and_a_gz_name_without_it_is_an_error()
    {
        using var fixtures = new TraceFixtures();
        var lackey = fixtures.Gzip("trace.lackey", Encoding.ASCII.GetBytes("I  00400000,3\n"));
        using (var reader = TraceFormats.Open(lackey, null, 4096))
        {
            Assert.Equal(TraceFormats.Lackey, reader.Format);
            Assert.Single(TraceFixtures.ReadAll(reader));
        }

        var fake = fixtures.Text("fake.gz", "1\n2\n");
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Open(fake, null, 4096));
        Assert.Contains("expected gzip data", error.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_bad_input_not_a_crash()
    {
        using var fixtures = new TraceFixtures();
        var good = File.ReadAllBytes(fixtures.Gzip("a.gz", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200000).Select(i => $"{i}\n")))));
        for (var i = good.Length / 2; i < good.Length - 8; i++)
        {
            good[i] ^= 0x5a;
        }

        var path = fixtures.Bytes("bad.gz", good);
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var reader = TraceFormats.Open(path, TraceFormats.Pages, 4096);
            TraceFixtures.ReadAll(reader);
        });
        Assert.IsType<InputFormatException>(error);
    }

    [Fact]
    public void A_pipe_is_read_through_the_stream_overload_with_detection_and_no_length()
    {
        var text = "==9== Lackey\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $" L {0x10000 + (i * 8):x8},8\n"));
        using var reader = TraceFormats.Open(new PipeStream(Encoding.ASCII.GetBytes(text), chunk: 333), "stdin", null, 4096);
        Assert.Equal(TraceFormats.Lackey, reader.Format);
        Assert.Null(reader.Length);
        var accesses = TraceFixtures.ReadAll(reader, batch: 100);
        Assert.Equal(3000, accesses.Count);
        Assert.Equal(text.Length, reader.BytesRead);
        Assert.Equal("stdin", reader.Source);
    }

    [Fact]
    public void A_gzip_pipe_is_decompressed_too()
    {
        using var fixtures = new TraceFixtures();
        var bytes = File.ReadAllBytes(fixtures.Gzip("x.gz", TraceFixtures.OracleTrace([4, 5, 4, 6])));
        using var reader = TraceFormats.Open(new PipeStream(bytes, chunk: 5), "stdin", null, 4096);
        Assert.Equal(TraceFormats.OracleGeneral, reader.Format);
        Assert.Equal([4UL, 5UL, 4UL, 6UL], TraceFixtures.ReadAll(reader).Select(a => a.PageOf(12)));
    }

    [Fact]
    public void Detect_by_path_and_open_by_path_agree()
    {
        using var fixtures = new TraceFixtures();
        var path = fixtures.Bytes("t.bin", TraceFixtures.OracleTrace([1, 2, 3, 1]));
        Assert.Equal(TraceFormats.OracleGeneral, TraceFormats.Detect(path));
        using var reader = TraceFormats.Open(path, null, 4096);
        Assert.Equal(4, TraceFixtures.ReadAll(reader).Count);
    }

    [Fact]
    public void A_missing_trace_file_is_an_input_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-missing-{Guid.NewGuid():N}.trace");
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Open(path, "pages", 4096));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }
}
