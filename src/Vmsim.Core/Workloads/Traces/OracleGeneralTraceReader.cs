using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads libCacheSim's binary <c>oracleGeneral</c> format: packed little-endian records of
/// 24 bytes, <c>uint32 clock_time, uint64 obj_id, uint32 obj_size, int64 next_access_vtime</c>.
/// The object id is the page number (the access is a read of the page's first byte by process
/// 0); the time and size are not used. <c>next_access_vtime</c> is libCacheSim's 1-based
/// request number of the next request for the same object (its <c>traceConv</c> counts requests
/// from 1), or -1 (also <c>INT64_MAX</c>) for never; the reader turns it into the 0-based index
/// that <see cref="MemoryAccess.NextUse"/> holds, by subtracting 1.
/// </summary>
/// <remarks>
/// A file whose length is not a multiple of 24 ends in a truncated record, which is an error
/// naming its byte offset; so is a next-access time that does not lie after its own request,
/// and an object id too large to be a page number with the given page size. A next-access time
/// past the last record is an error too: at its record when the number of records is known up
/// front (<see cref="Accesses"/>), otherwise once the whole trace has been read (the length of
/// a pipe or gzip data is not known before).
/// </remarks>
public sealed class OracleGeneralTraceReader : ITraceReader
{
    /// <summary>Bytes in one record.</summary>
    public const int RecordSize = 24;

    // About 1 MiB a read: large enough that the per-call cost of Stream.Read vanishes.
    private const int BufferRecords = (1 << 20) / RecordSize;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[RecordSize * BufferRecords];
    private readonly int _offsetBits;
    private readonly ulong _maxPage;
    private int _start;
    private int _end;
    private long _base;
    private long _index;
    private bool _eof;

    // For a trace of unknown length, the largest next-access time read so far and the 1-based
    // number of the first record with it: checked against the trace's length once the whole
    // trace is read (see CheckNextAccessTimes).
    private long _maxNext;
    private long _maxNextRecord;

    /// <summary>Reads oracleGeneral records from <paramref name="stream"/>.</summary>
    /// <param name="stream">The binary trace.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: the address of object id p is p times this.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    /// <param name="contentLength">The bytes left in <paramref name="stream"/> when the caller knows them and the stream cannot tell (it is not seekable); null otherwise.</param>
    public OracleGeneralTraceReader(Stream stream, int pageSize, string source = "trace", bool leaveOpen = false, long? contentLength = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        _offsetBits = TraceText.OffsetBits(pageSize);
        _maxPage = TraceText.MaxPage(_offsetBits);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        Length = stream.CanSeek ? stream.Length - stream.Position : null;
        Accesses = (Length ?? contentLength) is { } bytes && bytes % RecordSize == 0 ? bytes / RecordSize : null;
    }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public string Format => TraceFormats.OracleGeneral;

    /// <inheritdoc/>
    /// <remarks>True: the object ids are the pages.</remarks>
    public bool RecordsPageNumbers => true;

    /// <inheritdoc/>
    public long BytesRead => _base + _start;

    /// <inheritdoc/>
    public long? Length { get; }

    /// <inheritdoc/>
    /// <remarks>Null when the length is unknown or not a whole number of records (the read then ends in an error).</remarks>
    public long? Accesses { get; }

    /// <inheritdoc/>
    public int Read(Span<MemoryAccess> buffer)
    {
        var count = 0;
        while (count < buffer.Length)
        {
            if (_end - _start < RecordSize && !Fill())
            {
                break;
            }

            var records = Math.Min((_end - _start) / RecordSize, buffer.Length - count);
            var input = MemoryMarshal.Cast<byte, Record>(_buffer.AsSpan(_start, records * RecordSize));

            // A file that grew since it was opened holds more records than its length said: those
            // are checked as a trace of unknown length would be.
            if (Accesses is { } last && _index + records <= last)
            {
                Convert<KnownLength>(input, buffer.Slice(count, records), last);
            }
            else
            {
                Convert<UnknownLength>(input, buffer.Slice(count, records), last: 0);
            }

            count += records;
            _start += records * RecordSize;
            _index += records;
        }

        return count;
    }

    /// <summary>
    /// Turns <paramref name="records"/>, the next ones of the trace, into as many accesses, failing
    /// at the first whose object id is too large or whose next-access time is not after its own
    /// request. When <typeparamref name="TLength"/> says the trace's length is known, a time past
    /// <paramref name="last"/>, its last record, fails too; otherwise the largest is kept for
    /// <see cref="CheckNextAccessTimes"/>.
    /// </summary>
    /// <remarks>
    /// <typeparamref name="TLength"/> is a struct, so the JIT compiles the loop once for each and
    /// drops the other's code. Known, the compare with the last record takes the place of the
    /// running maximum's: no more compares a record, and no arithmetic (a single unsigned compare
    /// of next - number - 1 against last - number was tried: its subtractions cost more than the
    /// compare saved).
    /// </remarks>
    // Optimised at once rather than tiered up: a replay calls this a few thousand times in all.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Convert<TLength>(ReadOnlySpan<Record> records, Span<MemoryAccess> output, long last)
        where TLength : struct, ITraceLength
    {
        ref var record = ref MemoryMarshal.GetReference(records);
        ref var access = ref MemoryMarshal.GetReference(output);
        var offsetBits = _offsetBits;
        var maxPage = _maxPage;
        var maxNext = _maxNext;
        var maxNextRecord = _maxNextRecord;

        // next is 1-based: the next request must lie after this one, whose 1-based number is index + 1.
        var number = _index + 1;
        for (var r = 0; r < records.Length; r++)
        {
            var page = Record.Little(Unsafe.Add(ref record, r).Id);
            var next = Record.Little(Unsafe.Add(ref record, r).Next);
            if ((next <= number && next != -1) || (TLength.Known && next > last && next != long.MaxValue) || page > maxPage)
            {
                throw BadRecord(r, page, next, TLength.Known ? last : null);
            }

            if (!TLength.Known && next > maxNext && next != long.MaxValue)
            {
                maxNext = next;
                maxNextRecord = number;
            }

            var nextUse = next is -1 or long.MaxValue ? AccessContext.Never : next - 1;
            Unsafe.Add(ref access, r) = new MemoryAccess(page << offsetBits, AccessKind.Read, 0, nextUse);
            number++;
        }

        if (!TLength.Known)
        {
            _maxNext = maxNext;
            _maxNextRecord = maxNextRecord;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // A next-access time no trace reaches (2^48 records, 6 PB of them). Lines of text read as
    // records hold one far past it: the top byte of a field of text is 0x09 or more.
    private const long NoTraceReaches = 1L << 48;

    /// <summary>
    /// True when <paramref name="head"/>, the start of a file, reads as sane oracleGeneral records:
    /// at least one whole record, every next-access time -1 or after its own request and not past
    /// the end: of the file's <paramref name="records"/> when known, else of any trace (2^48
    /// records), which lines of text read as records are.
    /// </summary>
    internal static bool LooksLikeRecords(ReadOnlySpan<byte> head, long? records)
    {
        var whole = head.Length / RecordSize;
        if (whole == 0)
        {
            return false;
        }

        for (var i = 0; i < whole; i++)
        {
            var next = BinaryPrimitives.ReadInt64LittleEndian(head.Slice((i * RecordSize) + 16, 8));
            if (next is -1 or long.MaxValue)
            {
                continue;
            }

            if (next <= i + 1 || next > (records ?? NoTraceReaches))
            {
                return false;
            }
        }

        return true;
    }

    private bool Fill()
    {
        if (_eof)
        {
            return TruncatedOrEnd();
        }

        var kept = _end - _start;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
        _base += _start;
        _start = 0;
        _end = kept;

        // Read until at least one whole record is in (a pipe may hand over a few bytes at a time).
        while (_end < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
            if (_end >= RecordSize && _end >= _buffer.Length / 2)
            {
                break;
            }
        }

        return _end >= RecordSize || TruncatedOrEnd();
    }

    private bool TruncatedOrEnd()
    {
        var left = _end - _start;
        if (left == 0)
        {
            CheckNextAccessTimes();
            return false;
        }

        throw new InputFormatException(Source, 0, 0,
            $"truncated record at byte offset {_base + _start} (record {_index + 1}): expected {RecordSize} bytes, found {left} before the end of the trace");
    }

    /// <summary>At the end of a trace of unknown length: every next-access time must name one of its records.</summary>
    private void CheckNextAccessTimes()
    {
        if (_maxNext > _index)
        {
            throw new InputFormatException(Source, 0, 0,
                $"record {_maxNextRecord} at byte offset {(_maxNextRecord - 1) * RecordSize}: {PastTheEnd(_index, _maxNext)}");
        }
    }

    private static string PastTheEnd(long records, long next) =>
        $"expected a next access time of at most {records} (the trace has {Plural.Count(records, "record")}), or -1 for never, found {next}";

    /// <summary>The error for record <paramref name="r"/> of the batch, in a trace of <paramref name="last"/> records when known.</summary>
    private InputFormatException BadRecord(int r, ulong page, long next, long? last)
    {
        var number = _index + r + 1;
        if (next <= number && next != -1)
        {
            return BadRecord(r, $"expected a next access time after this request's number {number} (or -1 for never), found {next}");
        }

        if (next > last && next != long.MaxValue)
        {
            return BadRecord(r, PastTheEnd(last.Value, next));
        }

        return BadRecord(r, $"expected an object id of at most {_maxPage} (it is the page number, whose address must fit 64 bits with {1L << _offsetBits}-byte pages), found {page}");
    }

    private InputFormatException BadRecord(int r, string problem)
    {
        var offset = _base + _start + ((long)r * RecordSize);

        // A record that is all text is most likely a text trace given as oracle-general, as a
        // text format's reader asks whether a file is binary.
        var bytes = _buffer.AsSpan(_start + (r * RecordSize), RecordSize);
        var hint = TraceFormats.LooksBinary(bytes) ? string.Empty : $" (is this a text file? the record reads {TraceText.Describe(bytes)}; give the format)";
        return new InputFormatException(Source, 0, 0, $"record {_index + r + 1} at byte offset {offset}: {problem}{hint}");
    }

    /// <summary>Whether the record loop knows the trace's number of records (<see cref="Convert{TLength}"/>).</summary>
    private interface ITraceLength
    {
        /// <summary>True when the number of records is known up front.</summary>
        static abstract bool Known { get; }
    }

    /// <summary>The number of records is known: each next-access time is checked against it at its record.</summary>
    private readonly struct KnownLength : ITraceLength
    {
        public static bool Known => true;
    }

    /// <summary>The number of records is known only at the end (a pipe, gzip data): the largest next-access time is kept.</summary>
    private readonly struct UnknownLength : ITraceLength
    {
        public static bool Known => false;
    }

    /// <summary>One record as it lies in the file, read in place from the byte buffer.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private readonly struct Record
    {
        public readonly uint Time;
        public readonly ulong Id;
        public readonly uint Size;
        public readonly long Next;

        /// <summary>A field's value: the file is little-endian.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Little(ulong field) => BitConverter.IsLittleEndian ? field : BinaryPrimitives.ReverseEndianness(field);

        /// <inheritdoc cref="Little(ulong)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Little(long field) => BitConverter.IsLittleEndian ? field : BinaryPrimitives.ReverseEndianness(field);
    }
}
