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
        AssertEveryVerb(cut, "oracle-general", ": truncated record at byte offset 96 (record 5): expected 24 bytes, found 4 before the end of the file");
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
    public void A_directory_is_not_a_trace()
    {
        AssertEveryVerb(_files.Directory, null, ": is a directory; expected a trace file");
        AssertEveryVerb(_files.Directory, "pages", ": is a directory; expected a trace file");
    }
}
