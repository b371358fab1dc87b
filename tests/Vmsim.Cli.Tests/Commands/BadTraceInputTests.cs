using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// Bad input in every trace format, as a new user gives it, detected or with its format named:
/// one line naming the file, the line (or byte offset) and what was expected, exit 2, for
/// replay and mrc alike.
/// </summary>
public sealed class BadTraceInputTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static void AssertEveryVerb(string path, string? format, string expected)
    {
        foreach (var verb in new[] { "replay", "mrc" })
        {
            string[] args = format is null ? [verb, path] : [verb, path, "--format", format];
            Assert.Equal($"vmsim: {path}{expected}", Cli.AssertBadInput(Cli.Run(args)));
        }
    }

    [Theory]
    [InlineData("header.csv", "page,\"op\n1,R\n", null, ":1: expected well-formed CSV, found a quoted field that is never closed (byte offset 13)")]
    [InlineData("stray.csv", "page,op\n1,R\n2,W\"x\n", null, ":3: expected well-formed CSV, found a quote inside an unquoted field (byte offset 15)")]
    [InlineData("short.csv", "page,op\n1,R\n2\n3,W\n", null, ":3: expected at least 2 fields separated by ',', found 1 (if the fields are separated by something else, give --csv-delimiter)")]
    [InlineData("negative.txt", "1\n2\n-3\n4\n", null, ":3: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found '-3', after lines that read as pages (--format pages says what that format expects here); give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("negative.txt", "1\n2\n-3\n4\n", "pages", ":3:1: expected a page number in decimal, alone on its line, found '-3'")]
    [InlineData("size.lackey", "I  04000000,3\n L 7ff000000,x\n", null, ":2: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found ' L 7ff000000,x', after lines that read as lackey (--format lackey says what that format expects here); give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("size.lackey", "I  04000000,3\n L 7ff000000,x\n", "lackey", ":2:14: expected a size in bytes from 1 to 65536, found 'x'")]
    [InlineData("zero.lackey", "I  04000000,3\n L 7ff000000,0\n", null, ":2:14: expected a size in bytes from 1 to 65536, found '0'")]
    [InlineData("preamble.lackey", "==1== Lackey, a memory tracer\n L 7ff000000,x\n", null, ":2: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found ' L 7ff000000,x'; give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("empty.txt", "", null, ": expected trace data to tell its format from, found an empty file; give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("empty.csv", "", "csv", ": expected a CSV header naming the columns, found an empty file")]
    [InlineData("bom.txt", "\ufeff", null, ": expected trace data to tell its format from, found a UTF-8 byte order mark alone; give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("bom.csv", "\ufeff", "csv", ": expected a CSV header naming the columns, found a UTF-8 byte order mark alone")]
    [InlineData("blank.csv", "\n\n\n", "csv", ": expected a CSV header naming the columns, found blank lines only")]
    [InlineData("first.lackey", "ab,8\n L 04222cac,8\nI  04016b5f,3\n", null, ":1: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found 'ab,8', before lines that read as lackey (--format lackey says what that format expects here); give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("first.lackey", " L zz,8\nI  04016b5f,3\n", null, ":1: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found ' L zz,8', before lines that read as lackey (--format lackey says what that format expects here); give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("first.lackey", " L zz,8\nI  04016b5f,3\n", "lackey", ":1:4: expected a hexadecimal address followed by ',' and a size, found 'zz,8'")]
    [InlineData("first.pages", "\n1,024\n2\n3\n", null, ":2: cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found '1,024', before lines that read as pages (--format pages says what that format expects here); give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("bomctl.pages", "\ufeff1\n2\n3\u0001\n4\n", "pages", ":3:1: expected a page number in decimal, alone on its line, found '3\\x01'")]
    [InlineData("nul.pages", "1\n2\n3\u00004\n5\n", null, ":3: expected a text trace or oracleGeneral records, found a byte that text does not hold, 0x00 at byte offset 5, after lines of text; give the format (lackey, addr, pages, csv, oracle-general)")]
    [InlineData("nul.pages", "1\n2\n3\u00004\n5\n", "pages", ":3:1: expected a page number in decimal, alone on its line, found '3\\x004'")]
    [InlineData("header-only.csv", "page,op\n", null, ": has no accesses: expected at least one csv record, found none (an empty trace, or a header and blank lines only)")]
    public void A_bad_text_trace_is_one_line_naming_its_file_line_and_what_was_expected(string name, string text, string? format, string expected) =>
        AssertEveryVerb(_files.Write(name, text), format, expected);

    [Fact]
    public void A_cut_oracle_general_file_names_its_length_or_the_cut_record()
    {
        var whole = File.ReadAllBytes(_files.WriteOracleGeneral("whole.bin", [1, 2, 3, 1, 4, 2, 5, 1]));
        var cut = _files.WriteBytes("cut.bin", whole[..100]);

        AssertEveryVerb(cut, null, ": expected a text trace or oracleGeneral records, found binary data (its length 100 is not a multiple of 24); give the format (lackey, addr, pages, csv, oracle-general)");
        AssertEveryVerb(cut, "oracle-general", ": truncated record at byte offset 96 (record 5): expected 24 bytes, found 4 before the end of the trace");
    }

    [Fact]
    public void Binary_data_with_a_line_feed_before_its_first_control_byte_is_explained_as_binary_data()
    {
        // Timestamps from 10: the first record starts 0a 00, a line feed and then a NUL.
        var whole = File.ReadAllBytes(_files.WriteOracleGeneral("whole.bin", [1, 2, 3, 1, 4, 2, 5, 1]));
        for (var i = 0; i < whole.Length; i += 24)
        {
            whole[i] += 10;
        }

        const string Formats = "; give the format (lackey, addr, pages, csv, oracle-general)";
        AssertEveryVerb(_files.WriteBytes("og10cut", whole[..(4 * 24)]), null,
            ": expected a text trace or oracleGeneral records, found binary data (records like oracleGeneral ones, but with next-access times past its 4 records, as in a trace cut short; --format oracle-general names the first such record)" + Formats);
        AssertEveryVerb(_files.WriteBytes("og10cut.100", whole[..100]), null,
            ": expected a text trace or oracleGeneral records, found binary data (its length 100 is not a multiple of 24)" + Formats);

        // A first timestamp of 2609, 31 0a 00 00: a line '1' before the NUL reads as a page number,
        // but the records read as oracleGeneral ones, and are explained as such.
        BinaryPrimitives.WriteUInt32LittleEndian(whole, 0x0a31);
        AssertEveryVerb(_files.WriteBytes("og2609cut", whole[..(4 * 24)]), null,
            ": expected a text trace or oracleGeneral records, found binary data (records like oracleGeneral ones, but with next-access times past its 4 records, as in a trace cut short; --format oracle-general names the first such record)" + Formats);

        // Bytes that are no records, with a line feed before the first NUL: no line of a trace.
        var noise = new byte[50];
        noise[0] = 0xc3;
        noise[1] = (byte)'\n';
        AssertEveryVerb(_files.WriteBytes("noise.bin", noise), null,
            ": expected a text trace or oracleGeneral records, found binary data (its length 50 is not a multiple of 24)" + Formats);
        AssertEveryVerb(_files.WriteBytes("noise48.bin", noise[..48]), null,
            ": expected a text trace or oracleGeneral records, found binary data (its records do not look like oracleGeneral ones)" + Formats);

        // A PNG's signature holds a carriage return and a line feed before its 0x1a.
        var png = Convert.FromHexString("89504E470D0A1A0A0000000D49484452000000100000001008060000001FF3FF610000000049454E44AE426082");
        AssertEveryVerb(_files.WriteBytes("x.png", png), null,
            $": expected a text trace or oracleGeneral records, found binary data (its length {png.Length} is not a multiple of 24)" + Formats);
    }

    [Fact]
    public void A_stray_byte_after_a_csv_header_is_named_as_in_text()
    {
        AssertEveryVerb(_files.Write("nul.csv", "page,op\n\u0000\n"), null,
            ":2: expected a text trace or oracleGeneral records, found a byte that text does not hold, 0x00 at byte offset 8, after lines of text; give the format (lackey, addr, pages, csv, oracle-general)");
    }

    // Long text traces with a stray byte: lines of text read as records (24 bytes each) hold
    // next-access times far past any trace's end, so they are not taken for oracleGeneral records.
    private static string Lines(int count, Func<int, string> line) =>
        string.Concat(Enumerable.Range(1, count).Select(i => line(i) + "\n"));

    private static string Stray(int line, int offset) =>
        $":{line}: expected a text trace or oracleGeneral records, found a byte that text does not hold, 0x00 at byte offset {offset}, after lines of text; give the format (lackey, addr, pages, csv, oracle-general)";

    [Fact]
    public void A_long_text_trace_with_a_stray_byte_names_its_line_and_offset()
    {
        var pages = Lines(1000, i => i.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(3893, pages.Length);
        AssertEveryVerb(_files.Write("big.pages", pages + "\0"), null, Stray(1001, 3893));

        // 3912 bytes, a multiple of 24: 163 records, had they been records.
        AssertEveryVerb(_files.Write("big24.pages", pages + new string('\0', 19)), null, Stray(1001, 3893));

        var csv = "page,op\n" + Lines(200, i => $"{i},R") + "7,\0\n" + Lines(200, i => $"{i},W");
        AssertEveryVerb(_files.Write("mid.csv", csv), null, Stray(202, 8 + Lines(200, i => $"{i},R").Length + 2));

        var lackey = Lines(300, i => $" L {0x7ff000000 + (i * 8):x9},8");
        AssertEveryVerb(_files.Write("trailing.lackey", lackey + new string('\0', 100)), null, Stray(301, lackey.Length));

        AssertEveryVerb(_files.WriteGzip("big.pages.gz", pages + "\0"), null, Stray(1001, 3893));
    }

    [Fact]
    public void A_text_trace_of_unknown_length_with_a_stray_byte_is_not_taken_for_oracle_general_records()
    {
        // More than detection's head, gzip'd and on standard input: the length is not known.
        var text = Lines(100, i => i.ToString(CultureInfo.InvariantCulture)) + "\0\n"
            + Lines(20000, i => i.ToString(CultureInfo.InvariantCulture));
        AssertEveryVerb(_files.WriteGzip("mid.pages.gz", text), null, Stray(101, 292));
        var result = Cli.RunWithInput(Encoding.ASCII.GetBytes(text), "replay", "-");
        Assert.Equal("vmsim: stdin" + Stray(101, 292), Cli.AssertBadInput(result));
    }

    [Theory]
    [InlineData("", "an empty file")]
    [InlineData("\ufeff", "a UTF-8 byte order mark alone")]
    [InlineData("\n\n", "an empty trace, or a header and blank lines only")]
    public void A_csv_trace_with_its_columns_given_that_holds_nothing_has_no_accesses(string text, string found)
    {
        // Columns given by number: the header names nothing, and is not asked for.
        var path = _files.Write("nothing.csv", text);
        foreach (var verb in new[] { "replay", "mrc" })
        {
            Assert.Equal($"vmsim: {path}: has no accesses: expected at least one csv record, found none ({found})",
                Cli.AssertBadInput(Cli.Run(verb, path, "--format", "csv", "--csv-page", "1")));
        }
    }

    // What each format expects first, said of an input that holds nothing for it.
    private static string Nothing(string format, string found) => format == "csv"
        ? $": expected a CSV header naming the columns, found {found}"
        : $": has no accesses: expected at least one {format} record, found none ({found})";

    [Theory]
    [InlineData("lackey")]
    [InlineData("addr")]
    [InlineData("pages")]
    [InlineData("csv")]
    [InlineData("oracle-general")]
    public void An_empty_file_is_said_to_be_empty_with_every_format(string format)
    {
        AssertEveryVerb(_files.WriteBytes("empty.trace", []), format, Nothing(format, "an empty file"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("lackey")]
    [InlineData("addr")]
    [InlineData("pages")]
    [InlineData("csv")]
    [InlineData("oracle-general")]
    public void A_gzip_file_that_holds_nothing_is_said_to_be_that_not_an_empty_file_with_every_format_and_detection(string? format)
    {
        // What `gzip` writes for no input: a header, an empty deflate block, a CRC and length of 0.
        var gzip = _files.WriteBytes("nothing.txt.gz", Convert.FromHexString("1f8b080000000000020303000000000000000000"));
        AssertEveryVerb(gzip, format, format is null
            ? ": expected trace data to tell its format from, found a gzip file that holds nothing; give the format (lackey, addr, pages, csv, oracle-general)"
            : Nothing(format, "a gzip file that holds nothing"));
    }

    [Theory]
    [InlineData("lackey")]
    [InlineData("addr")]
    [InlineData("pages")]
    [InlineData("csv")]
    public void A_byte_order_mark_alone_is_said_to_be_that_with_every_text_format(string format)
    {
        AssertEveryVerb(_files.Write("bom.trace", "\ufeff"), format, Nothing(format, "a UTF-8 byte order mark alone"));
    }

    [Fact]
    public void Gzip_data_on_standard_input_that_holds_nothing_is_said_to_be_that()
    {
        var result = Cli.RunWithInput(Convert.FromHexString("1f8b080000000000020303000000000000000000"), "replay", "-", "--format", "pages");
        Assert.Equal("vmsim: stdin: has no accesses: expected at least one pages record, found none (gzip data that holds nothing)", Cli.AssertBadInput(result));
    }

    [Fact]
    public void Standard_input_of_a_byte_order_mark_alone_read_as_oracle_general_is_a_cut_record_of_the_trace()
    {
        var result = Cli.RunWithInput([0xef, 0xbb, 0xbf], "replay", "-", "--format", "oracle-general");
        Assert.Equal("vmsim: stdin: truncated record at byte offset 0 (record 1): expected 24 bytes, found 3 before the end of the trace", Cli.AssertBadInput(result));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_trace_in_a_folder_that_cannot_be_entered_cannot_be_read_rather_than_is_missing()
    {
        // Without root's permissions (root may enter any folder); a folder nobody may enter, its owner neither.
        File.SetUnixFileMode(_files.Directory, (UnixFileMode)0x1ff); // rwxrwxrwx
        var closed = Directory.CreateDirectory(_files.Path("nox"), (UnixFileMode)0x1c0).FullName; // rwx------
        var trace = Path.Combine(closed, "x.pages");
        File.WriteAllText(trace, "1\n2\n");
        File.SetUnixFileMode(closed, UnixFileMode.None);
        try
        {
            foreach (var verb in new[] { "replay", "mrc" })
            {
                Assert.Equal($"vmsim: {trace}: cannot read the trace: permission denied", Cli.AssertBadInput(Cli.RunUnprivileged(verb, trace)));
            }
        }
        finally
        {
            File.SetUnixFileMode(closed, (UnixFileMode)0x1c0);
        }

        var missing = _files.Path("missing.pages");
        Assert.Equal($"vmsim: {missing}: no such file", Cli.AssertBadInput(Cli.RunUnprivileged("replay", missing)));
    }

    [Fact]
    public void A_directory_is_not_a_trace()
    {
        AssertEveryVerb(_files.Directory, null, ": is a directory; expected a trace file");
        AssertEveryVerb(_files.Directory, "pages", ": is a directory; expected a trace file");
    }
}
