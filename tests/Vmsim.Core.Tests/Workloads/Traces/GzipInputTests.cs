using System.IO.Compression;
using System.Text;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class GzipInputTests
{
    private const string Truncated = "expected more gzip data: the file ends in the middle of its compressed stream (truncated?)";
    private const string TrailingGarbage = "expected another gzip member or the end of the file after the last member, found";

    // Random pages compress poorly, so that half the compressed file holds more than the 64 KiB
    // detection reads: the cut is met by the format's reader, after the head.
    private static readonly ulong[] Pages = RandomPages(60_000);

    public static TheoryData<string> Formats => [TraceFormats.Pages, TraceFormats.Lackey, TraceFormats.Address, TraceFormats.Csv, TraceFormats.OracleGeneral];

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_gzip_file_cut_in_half_is_truncated_input_naming_the_file_and_where_it_ends(string format)
    {
        using var fixtures = new TraceFixtures();
        var whole = Gzip(Trace(format));
        var path = fixtures.Bytes("cut.gz", whole[..(whole.Length / 2)]);

        using var reader = TraceFormats.Open(path, null, 4096);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));

        Assert.Equal(format, reader.Format);
        Assert.Equal($"{path}: {Truncated} at byte offset {whole.Length / 2}", error.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_whole_file_reads_in_full(string format)
    {
        using var reader = TraceFormats.Open(new MemoryStream(Gzip(Trace(format))), "whole.gz", null, 4096);
        Assert.Equal(Pages.Length, TraceFixtures.ReadAll(reader).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    public void A_file_missing_the_end_of_its_trailer_or_its_last_block_is_truncated(int cut)
    {
        // A small file: the cut is met while detection reads the head.
        var whole = Gzip(Encoding.ASCII.GetBytes("1\n2\n3\n"));
        var error = Assert.Throws<InputFormatException>(() => TraceFormats.Open(new MemoryStream(whole[..^cut]), "small.gz", null, 4096));
        Assert.StartsWith($"small.gz: {Truncated}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_lackey_line_is_never_parsed_as_a_bad_record()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Pages.Select(p => $" L {p << 12:x8},8\n")));
        var whole = Gzip(text);

        // Every cut point leaves a partial last line; the reader must say the file is cut.
        foreach (var cut in new[] { whole.Length / 3, whole.Length / 2, whole.Length - 20 })
        {
            using var reader = TraceFormats.Open(new PipeStream(whole[..cut], chunk: 4096), "stdin", TraceFormats.Lackey, 4096);
            var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
            Assert.Equal(0, error.Line);
            Assert.Contains(Truncated, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Concatenated_members_are_one_trace_and_a_cut_in_the_second_is_truncated()
    {
        var first = Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i}\n"))));
        var second = Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(5000, 4000).Select(i => $"{i}\n"))));
        byte[] both = [.. first, .. second];

        using (var reader = TraceFormats.Open(new MemoryStream(both), "both.gz", null, 4096))
        {
            Assert.Equal(Enumerable.Range(0, 9000).Select(i => (ulong)i), TraceFixtures.ReadAll(reader).Select(a => a.PageOf(12)));
        }

        foreach (var cut in new[] { 2, 10, second.Length / 2, second.Length - 1 })
        {
            var error = Assert.Throws<InputFormatException>(() =>
            {
                using var reader = TraceFormats.Open(new MemoryStream(both[..(first.Length + cut)]), "both.gz", null, 4096);
                TraceFixtures.ReadAll(reader);
            });
            Assert.Contains(Truncated, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_test_host_reads_gzip_strictly_by_its_runtimeconfig()
    {
        // Only the runtimeconfig (Directory.Build.props) sets this: GzipInput's fallback,
        // AppContext.SetSwitch, does not, so the test fails when the props line is gone.
        Assert.Equal("true", AppContext.GetData(GzipInput.StrictValidationSwitch) as string);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public void Zero_padding_after_the_last_member_is_whole(int zeros)
    {
        // Tape archivers and some writers pad a gzip file with zeros; gzip -d ignores them.
        var text = PageLines(0, 5000);
        AssertWhole([.. Gzip(text), .. new byte[zeros]], Enumerable.Range(0, 5000));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("junk")]
    [InlineData("<html><body>404 Not Found</body></html>\n")]
    public void Bytes_after_the_last_member_that_start_no_other_are_trailing_garbage_naming_one_of_them(string garbage)
    {
        var member = Gzip(PageLines(0, 5000));
        byte[] file = [.. member, .. Encoding.ASCII.GetBytes(garbage)];
        AssertTrailingGarbage(file, member.Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Garbage_after_a_trace_longer_than_detections_head_is_met_by_the_formats_reader(string format)
    {
        var member = Gzip(Trace(format));
        using var reader = TraceFormats.Open(new MemoryStream([.. member, .. "junk"u8]), "t.gz", null, 4096);

        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));

        Assert.Equal(format, reader.Format);
        Assert.StartsWith($"t.gz: {TrailingGarbage} other bytes (trailing garbage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_longer_than_the_decompressors_reads_is_trailing_garbage_too()
    {
        var member = Gzip(PageLines(0, 5000));
        var garbage = new byte[20_000];
        new Random(3).NextBytes(garbage);
        garbage[0] = 0x42; // not the gzip magic's first byte
        AssertTrailingGarbage([.. member, .. garbage], member.Length);
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(16_384)]
    public void Garbage_that_starts_a_read_of_its_own_is_trailing_garbage(int memberLength)
    {
        // The member fills the decompressor's 8 KiB reads exactly: it finishes, asks for more
        // and is handed the garbage alone.
        var (member, _) = StoredMemberOfLength(memberLength);
        AssertTrailingGarbage([.. member, .. "trailing text\n"u8], member.Length);
    }

    [Fact]
    public void Garbage_after_concatenated_members_is_trailing_garbage()
    {
        byte[] members = [.. Gzip(PageLines(0, 5000)), .. EmptyMember, .. Gzip(PageLines(5000, 3000))];
        AssertTrailingGarbage([.. members, .. "\r\n"u8], members.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(10_000)]
    public void Garbage_and_then_zeros_is_trailing_garbage_not_padding(int zeros)
    {
        // The read that holds the garbage ends in zeros: the decompressor must not be seen to stop among zeros alone.
        var member = Gzip(PageLines(0, 5000));
        AssertTrailingGarbage([.. member, .. "junk"u8, .. new byte[zeros]], member.Length);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(40_000)]
    public void Zeros_and_then_other_bytes_are_trailing_garbage_naming_the_first_that_is_not_a_zero(int zeros)
    {
        // The zeros run past the end of a read, so the decompressor stops among them; the byte
        // after them is found by reading on.
        var member = Gzip(PageLines(0, 5000));
        byte[] file = [.. member, .. new byte[zeros], (byte)'x', 0, (byte)'y'];

        var error = ReadError(new MemoryStream(file));

        Assert.Equal($"t.gz: {TrailingGarbage} zeros and then 0x78 at byte offset {member.Length + zeros} (trailing garbage); gzip -d drops them with a warning", error.Message);
    }

    [Fact]
    public void A_lone_first_byte_of_the_magic_after_the_last_member_is_a_truncated_member()
    {
        // As gzip -d says "unexpected end of file": 1f may begin another member.
        var member = Gzip(PageLines(0, 5000));
        var error = ReadError(new MemoryStream([.. member, 0x1f]));
        Assert.StartsWith($"t.gz: {Truncated}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_magic_and_then_garbage_after_the_last_member_is_a_corrupt_member()
    {
        var member = Gzip(PageLines(0, 5000));
        var error = ReadError(new MemoryStream([.. member, 0x1f, 0x8b, .. "junk"u8]));
        Assert.StartsWith("t.gz: expected valid gzip data, found corrupt data after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_member_first_or_last_is_whole()
    {
        var trace = Gzip(PageLines(0, 5000));
        AssertWhole([.. EmptyMember, .. trace], Enumerable.Range(0, 5000));
        AssertWhole([.. trace, .. EmptyMember], Enumerable.Range(0, 5000));
        AssertWhole([.. EmptyMember, .. trace, .. EmptyMember, .. EmptyMember], Enumerable.Range(0, 5000));
    }

    [Theory]
    [InlineData(8190)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(16_384)]
    public void Members_whose_boundary_falls_on_the_decompressors_8_KiB_input_buffer_are_whole(int firstLength)
    {
        // The decompressor reads its input 8 KiB at a time: the first member ends at, just
        // before or just after the end of one such read, and the second member's header is
        // read whole, split, or at the start of the next read.
        var (first, count) = StoredMemberOfLength(firstLength);
        var second = Gzip(PageLines(count, 3000));
        Assert.Equal(firstLength, first.Length);
        AssertWhole([.. first, .. second], Enumerable.Range(0, count + 3000));
    }

    [Fact]
    public void Corrupt_data_is_called_corrupt_not_truncated()
    {
        var bytes = Gzip(Trace(TraceFormats.Pages));
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 64; i++)
        {
            bytes[i] ^= 0x5a;
        }

        var error = Assert.Throws<InputFormatException>(() =>
        {
            using var reader = TraceFormats.Open(new MemoryStream(bytes), "bad.gz", TraceFormats.Pages, 4096);
            TraceFixtures.ReadAll(reader);
        });
        Assert.StartsWith("bad.gz: expected valid gzip data, found corrupt data after", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Trace(string format) => format switch
    {
        TraceFormats.Pages => Encoding.ASCII.GetBytes(string.Concat(Pages.Select(p => $"{p}\n"))),
        TraceFormats.Lackey => Encoding.ASCII.GetBytes(string.Concat(Pages.Select(p => $" L {p << 12:x8},8\n"))),
        TraceFormats.Address => Encoding.ASCII.GetBytes(string.Concat(Pages.Select(p => $"0x{p << 12:x} W\n"))),
        TraceFormats.Csv => Encoding.ASCII.GetBytes("time,page\n" + string.Concat(Pages.Select((p, i) => $"{i},{p}\n"))),
        _ => TraceFixtures.OracleTrace(Pages),
    };

    // A gzip member of no data: header, an empty final deflate block, CRC32 0 and length 0.
    private static readonly byte[] EmptyMember = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Page lines first, first + 1, ... (count of them): a pages trace.</summary>
    private static byte[] PageLines(int first, int count) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(first, count).Select(i => $"{i}\n")));

    /// <summary>Reads <paramref name="gzip"/> from memory and from a pipe: every page, in order, and no error.</summary>
    private static void AssertWhole(byte[] gzip, IEnumerable<int> pages)
    {
        foreach (var stream in new Stream[] { new MemoryStream(gzip), new PipeStream(gzip, chunk: 5000) })
        {
            using var reader = TraceFormats.Open(stream, "whole.gz", null, 4096);
            Assert.Equal(TraceFormats.Pages, reader.Format);
            Assert.Equal(pages.Select(p => (ulong)p), TraceFixtures.ReadAll(reader).Select(a => a.PageOf(12)));
        }
    }

    /// <summary>The error that opening and reading <paramref name="stream"/>, a trace named t.gz, ends in.</summary>
    private static InputFormatException ReadError(Stream stream) => Assert.Throws<InputFormatException>(() =>
    {
        using var reader = TraceFormats.Open(stream, "t.gz", null, 4096);
        TraceFixtures.ReadAll(reader);
    });

    /// <summary>
    /// Reads <paramref name="file"/>, whose gzip members take its first <paramref name="membersLength"/>
    /// bytes, from memory and from a pipe: trailing garbage, the byte named one of those after the members.
    /// </summary>
    private static void AssertTrailingGarbage(byte[] file, int membersLength)
    {
        foreach (var stream in new Stream[] { new MemoryStream(file), new PipeStream(file, chunk: 5000) })
        {
            var error = ReadError(stream);
            var match = System.Text.RegularExpressions.Regex.Match(error.Message,
                @"^t\.gz: expected another gzip member or the end of the file after the last member, found other bytes \(trailing garbage, among them 0x([0-9a-f]{2}) at byte offset (\d+)\); gzip -d drops them with a warning$");
            Assert.True(match.Success, error.Message);
            var offset = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(offset, membersLength, file.Length - 1);
            Assert.Equal($"{file[offset]:x2}", match.Groups[1].Value);
        }
    }

    /// <summary>
    /// A member of exactly <paramref name="length"/> bytes holding the page lines 0 to count - 1
    /// and then blank lines: stored, not compressed, so that each blank line adds one byte.
    /// </summary>
    private static (byte[] Member, int Count) StoredMemberOfLength(int length)
    {
        int count = 0, size = 0;
        while (size + $"{count}\n".Length < length - 100)
        {
            size += $"{count}\n".Length;
            count++;
        }

        var text = PageLines(0, count);
        for (var blanks = 0; blanks < 200; blanks++)
        {
            var member = Gzip([.. text, .. Enumerable.Repeat((byte)'\n', blanks)], CompressionLevel.NoCompression);
            if (member.Length == length)
            {
                return (member, count);
            }
        }

        throw new InvalidOperationException($"no stored member of page lines is {length} bytes long");
    }

    private static ulong[] RandomPages(int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => (ulong)random.Next(1 << 20))];
    }

    private static byte[] Gzip(byte[] content, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }
}
