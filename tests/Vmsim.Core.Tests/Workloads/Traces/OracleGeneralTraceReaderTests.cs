using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class OracleGeneralTraceReaderTests
{
    [Fact]
    public void The_object_id_is_the_page_and_the_1_based_next_access_becomes_a_0_based_next_use()
    {
        // Pages 5 6 5 7: request 1 (page 5) is next requested at request 3.
        var bytes = TraceFixtures.OracleRecords((5, 3), (6, -1), (5, -1), (7, long.MaxValue));
        using var reader = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096, "t.oracleGeneral");
        var accesses = TraceFixtures.ReadAll(reader);
        Assert.Equal(
            [new(5UL << 12, AccessKind.Read, 0, 2), new(6UL << 12, AccessKind.Read, 0, AccessContext.Never), new(5UL << 12, AccessKind.Read, 0, AccessContext.Never), new(7UL << 12, AccessKind.Read, 0, AccessContext.Never)],
            accesses);
        Assert.Equal(bytes.Length, reader.BytesRead);
        Assert.Equal(bytes.Length, reader.Length);
    }

    [Fact]
    public void Next_uses_match_NextUse_Compute_on_a_converted_trace_across_buffer_refills()
    {
        var random = new Random(5);
        var pages = Enumerable.Range(0, 20000).Select(_ => (ulong)random.Next(300)).ToArray();
        var bytes = TraceFixtures.OracleTrace(pages);
        using var reader = new OracleGeneralTraceReader(new PipeStream(bytes, chunk: 1000), 4096);
        var accesses = TraceFixtures.ReadAll(reader, batch: 777);
        Assert.Equal(pages, accesses.Select(a => a.PageOf(12)));
        Assert.Equal(NextUse.Compute(pages), accesses.Select(a => a.NextUse));
    }

    [Fact]
    public void A_truncated_final_record_is_an_error_naming_its_byte_offset()
    {
        var bytes = TraceFixtures.OracleRecords((1, -1), (2, -1), (3, -1));
        using var reader = new OracleGeneralTraceReader(new MemoryStream(bytes[..^5]), 4096, "cut.bin");
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Contains("truncated record at byte offset 48", error.Message);
        Assert.Contains("expected 24 bytes, found 19", error.Message);
        Assert.Equal("cut.bin", error.Source);
    }

    [Fact]
    public void A_next_access_that_does_not_lie_ahead_is_an_error()
    {
        var bytes = TraceFixtures.OracleRecords((1, 3), (2, 2), (1, -1));
        using var reader = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Contains("record 2 at byte offset 24", error.Message);
        Assert.Contains("found 2", error.Message);
    }

    [Fact]
    public void A_next_access_past_the_last_record_is_an_error_once_the_whole_trace_is_read()
    {
        // Record 2 says page 6 comes back at request 9 of a trace of 4 (INT64_MAX is "never").
        var bytes = TraceFixtures.OracleRecords((5, 3), (6, 9), (5, -1), (7, long.MaxValue));
        using var reader = new OracleGeneralTraceReader(new PipeStream(bytes, chunk: 7), 4096, "past.bin");
        var buffer = new MemoryAccess[4];

        Assert.Equal(4, reader.Read(buffer));
        var error = Assert.Throws<InputFormatException>(() => reader.Read(buffer));

        Assert.Equal("past.bin: record 2 at byte offset 24: expected a next access time of at most 4 (the trace has 4 records), or -1 for never, found 9", error.Message);
    }

    [Fact]
    public void A_next_access_at_the_last_record_is_fine_and_the_largest_time_past_the_end_is_the_one_named()
    {
        var fine = TraceFixtures.OracleRecords((5, 3), (6, 4), (5, -1), (6, -1));
        using (var reader = new OracleGeneralTraceReader(new MemoryStream(fine), 4096))
        {
            Assert.Equal(4, TraceFixtures.ReadAll(reader).Count);
        }

        // Of unknown length (a pipe), the trace is checked at its end, against the largest time.
        var past = TraceFixtures.OracleRecords((5, 7), (6, 6), (5, 8), (6, 8), (7, -1));
        using var opened = new OracleGeneralTraceReader(new PipeStream(past), 4096, "past.bin");
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(opened, batch: 2));
        Assert.Contains("record 3 at byte offset 48: expected a next access time of at most 5 (the trace has 5 records)", error.Message);
        Assert.Contains("found 8", error.Message);
    }

    [Fact]
    public void Of_known_length_a_next_access_past_the_last_record_is_an_error_at_its_record_before_the_rest_is_read()
    {
        // Record 3 of 10 000 says its page comes back at request 10 001.
        var records = Enumerable.Range(0, 10_000).Select(i => ((ulong)i, -1L)).ToArray();
        records[2] = (2, 10_001);
        var bytes = TraceFixtures.OracleRecords(records);
        using var files = new TraceFixtures();
        var path = files.Bytes("past.bin", bytes);
        const string Expected = "record 3 at byte offset 48: expected a next access time of at most 10000 (the trace has 10000 records), or -1 for never, found 10001";

        using var seekable = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096, "past.bin");
        using var told = new OracleGeneralTraceReader(new PipeStream(bytes, chunk: 4096), 4096, "past.bin", contentLength: bytes.Length);
        using var opened = TraceFormats.Open(path, TraceFormats.OracleGeneral, 4096);
        foreach (var reader in new ITraceReader[] { seekable, told, opened })
        {
            var error = Assert.Throws<InputFormatException>(() => reader.Read(new MemoryAccess[4]));
            Assert.EndsWith(Expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2, -1, null)]
    [InlineData(2, long.MaxValue, null)]
    [InlineData(2, 3, null)]
    [InlineData(2, 4, null)]
    [InlineData(2, 5, "expected a next access time of at most 4 (the trace has 4 records), or -1 for never, found 5")]
    [InlineData(2, 2, "expected a next access time after this request's number 2 (or -1 for never), found 2")]
    [InlineData(2, -2, "expected a next access time after this request's number 2 (or -1 for never), found -2")]
    [InlineData(2, long.MinValue, "after this request's number 2 (or -1 for never), found -9223372036854775808")]
    [InlineData(4, 4, "after this request's number 4")]
    [InlineData(4, 5, "expected a next access time of at most 4 (the trace has 4 records), or -1 for never, found 5")]
    public void Of_known_length_or_not_a_next_access_time_must_lie_after_its_record_and_within_the_trace(int record, long next, string? problem)
    {
        var records = new (ulong, long)[] { (1, -1), (2, -1), (3, -1), (4, -1) };
        records[record - 1] = ((ulong)record, next);
        var bytes = TraceFixtures.OracleRecords(records);
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new PipeStream(bytes) })
        {
            using var reader = new OracleGeneralTraceReader(stream, 4096, "t.bin");
            if (problem is null)
            {
                Assert.Equal(4, TraceFixtures.ReadAll(reader).Count);
            }
            else
            {
                var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
                Assert.StartsWith($"t.bin: record {record} at byte offset {(record - 1) * 24}: ", error.Message, StringComparison.Ordinal);
                Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void An_object_id_too_large_for_the_page_size_is_an_error()
    {
        var bytes = TraceFixtures.OracleRecords((ulong.MaxValue, -1));
        using var reader = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096);
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.Contains("expected an object id of at most", error.Message);
        Assert.DoesNotContain("text file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_trace_read_as_oracle_general_is_asked_whether_it_is_text()
    {
        // A pages trace given as oracle-general: its first 24 bytes make an object id far too
        // large, and the error asks, as a text reader asks of a binary file, with the bytes.
        var bytes = Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 40)) + "\n");
        using var reader = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096, "t.pages");
        var error = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(reader));
        Assert.StartsWith("t.pages: record 1 at byte offset 0: expected an object id of at most", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(@"(is this a text file? the record reads '0\x0a1\x0a2\x0a3\x0a4\x0a5\x0a6\x0a7\x0a…'; give the format)", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_whole_number_of_records_of_known_length_tells_how_many_accesses_it_holds_without_reading_them()
    {
        var bytes = TraceFixtures.OracleRecords((5, 3), (6, -1), (5, -1), (7, -1));
        using var seekable = new OracleGeneralTraceReader(new MemoryStream(bytes), 4096);
        using var told = new OracleGeneralTraceReader(new PipeStream(bytes, chunk: 7), 4096, contentLength: bytes.Length);
        using var pipe = new OracleGeneralTraceReader(new PipeStream(bytes, chunk: 7), 4096);
        using var cut = new OracleGeneralTraceReader(new MemoryStream(bytes[..^5]), 4096);

        Assert.Equal(4, seekable.Accesses);
        Assert.Equal(0, seekable.BytesRead);
        Assert.Equal(4, told.Accesses);
        Assert.Null(pipe.Accesses);
        Assert.Null(cut.Accesses);
    }

    [Fact]
    public void An_opened_oracle_file_tells_its_accesses_from_its_size_and_a_text_or_gzipped_large_one_does_not()
    {
        var random = new Random(2);
        var pages = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.Next(1 << 20)).ToArray();
        using var files = new TraceFixtures();
        var plain = files.Bytes("t.bin", TraceFixtures.OracleTrace(pages));
        var gzipped = files.Gzip("t.bin.gz", TraceFixtures.OracleTrace(pages));
        var text = files.Text("t.txt", string.Join('\n', pages));

        // 50,000 records (1.2 MB) decompress past the 64 KiB that detection reads, so the gzipped length stays unknown.
        using var fromPlain = TraceFormats.Open(plain, TraceFormats.OracleGeneral, 4096);
        using var fromGzip = TraceFormats.Open(gzipped, TraceFormats.OracleGeneral, 4096);
        using var fromText = TraceFormats.Open(text, null, 4096);
        Assert.Equal(pages.Length, fromPlain.Accesses);
        Assert.Null(fromGzip.Accesses);
        Assert.Null(fromText.Accesses);
        Assert.Equal(pages.Length, TraceWarmup.CountAccesses(fromPlain));
    }
}
