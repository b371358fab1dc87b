using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

/// <summary>
/// The text readers parse a block of whole lines at a time, with fast paths for the common
/// record: lines split across reads and blocks, the last line without a newline, CRLF, errors
/// far into the file, and lines too long for any buffer must all come out as line by line.
/// </summary>
public sealed class LineBlockTests
{
    [Fact]
    public void Lines_split_across_reads_of_a_few_bytes_read_the_same()
    {
        var text = "12\n3456789\n\n# note\n 42 \r\n12345678901234\n7";
        var expected = new ulong[] { 12, 3456789, 42, 12345678901234, 7 }.Select(p => p << 12);
        using var reader = new PageTraceReader(new TrickleStream(Encoding.ASCII.GetBytes(text), 3), 4096);
        Assert.Equal(expected, TraceFixtures.ReadAll(reader, batch: 2).Select(a => a.Address));
    }

    [Fact]
    public void Lackey_records_split_across_reads_read_the_same()
    {
        var text = "==1== hi\nI  04011db0,3\n M 1ffefffff8,16\r\n S 00000010,4\n L 0000000020,8";
        using var reader = new LackeyTraceReader(new TrickleStream(Encoding.ASCII.GetBytes(text), 5), 4096);
        var accesses = TraceFixtures.ReadAll(reader, batch: 1);
        Assert.Equal(
            [
                new MemoryAccess(0x04011db0, AccessKind.Execute, 0, -1),
                new MemoryAccess(0x1ffefffff8, AccessKind.Read, 0, -1),
                new MemoryAccess(0x1fff000000, AccessKind.Read, 0, -1),
                new MemoryAccess(0x1ffefffff8, AccessKind.Write, 0, -1),
                new MemoryAccess(0x1fff000000, AccessKind.Write, 0, -1),
                new MemoryAccess(0x10, AccessKind.Write, 0, -1),
                new MemoryAccess(0x20, AccessKind.Read, 0, -1),
            ],
            accesses);
    }

    [Fact]
    public void A_trace_larger_than_the_buffer_reads_every_line()
    {
        // Lines of varying length, so that block ends fall in the middle of lines.
        var pages = Enumerable.Range(0, 400_000).Select(i => (ulong)i * 7919 % 100_000_007).ToArray();
        var text = string.Concat(pages.Select((p, i) => i % 5 == 0 ? $"{p}\r\n" : $"{p}\n"));
        Assert.True(text.Length > 2 * LineReader.DefaultBufferSize);
        var accesses = TraceFixtures.ReadAll(TraceFormats.Pages, text, batch: 4093);
        Assert.Equal(pages.Select(p => p << 12), accesses.Select(a => a.Address));
    }

    [Fact]
    public void A_lackey_trace_larger_than_the_buffer_reads_every_record()
    {
        var builder = new StringBuilder();
        var expected = new List<MemoryAccess>();
        for (var i = 0; i < 150_000; i++)
        {
            // Eight-digit and longer addresses, modifies, and every 97th record across a page.
            var address = i % 3 == 0 ? 0x1ffefff000UL + (ulong)(i % 4000) : (ulong)i * 64;
            if (i % 97 == 0)
            {
                address = ((ulong)i << 12) + 4092;
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $" L {address:x8},8\n");
                expected.Add(new MemoryAccess(address, AccessKind.Read, 0, -1));
                expected.Add(new MemoryAccess(((ulong)i + 1) << 12, AccessKind.Read, 0, -1));
            }
            else if (i % 2 == 0)
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $" M {address:x8},4\n");
                expected.Add(new MemoryAccess(address, AccessKind.Read, 0, -1));
                expected.Add(new MemoryAccess(address, AccessKind.Write, 0, -1));
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"I  {address:x8},2\n");
                expected.Add(new MemoryAccess(address, AccessKind.Execute, 0, -1));
            }
        }

        Assert.True(builder.Length > 2 * LineReader.DefaultBufferSize);
        Assert.Equal(expected, TraceFixtures.ReadAll(TraceFormats.Lackey, builder.ToString(), batch: 4095));
    }

    [Theory]
    [InlineData(TraceFormats.Pages, "1\n", "x\n")]
    [InlineData(TraceFormats.Lackey, "I  04011db0,3\n", " Q 04011db0,3\n")]
    [InlineData(TraceFormats.Address, "0x10 R\n", "0x10 Q\n")]
    public void An_error_past_the_first_block_names_its_line(string format, string good, string bad)
    {
        var lines = (3 * LineReader.DefaultBufferSize / good.Length) + 1;
        var text = string.Concat(Enumerable.Repeat(good, lines)) + bad;
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(format, text));
        Assert.Equal(lines + 1, error.Line);
    }

    [Fact]
    public void A_line_longer_than_the_largest_buffer_is_an_error()
    {
        var text = "1\n" + new string('7', (16 << 20) + 1) + "\n";
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(TraceFormats.Pages, text));
        Assert.Equal(2, error.Line);
        Assert.Contains("expected a line of at most", error.Message);
    }

    [Fact]
    public void Bytes_read_counts_the_input_without_an_added_newline()
    {
        using var reader = new PageTraceReader(new MemoryStream("1\n2"u8.ToArray()), 4096);
        Assert.Equal(2, TraceFixtures.ReadAll(reader).Count);
        Assert.Equal(3, reader.BytesRead);
    }

    /// <summary>A stream that hands over at most a few bytes a read, as a pipe may.</summary>
    private sealed class TrickleStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
