using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads the output of Valgrind's lackey tool run with <c>--trace-mem=yes</c>: one record a
/// line, <c>I  04011db0,3</c> (an instruction fetch), <c> L 1ffefffd48,8</c> (a load),
/// <c> S ...</c> (a store) or <c> M ...</c> (a modify: a load then a store), with the address
/// in hexadecimal without <c>0x</c> and the size in bytes in decimal. Valgrind's own lines
/// (<c>==1234== ...</c>, and <c>--1234-- ...</c> from <c>-v</c>) and blank lines are skipped;
/// any other line is an error naming its line and column. Lackey does not say which process
/// made an access, so <see cref="MemoryAccess.Pid"/> is 0.
/// </summary>
/// <remarks>
/// An access whose bytes span a page boundary (an 8-byte load at offset 4092 of a 4 KiB page)
/// touches every page it covers, as the hardware would: the reader emits one access per page,
/// the first at the record's address and the others at the first byte of their page. A modify
/// that spans pages emits the loads of all its pages, then the stores.
/// </remarks>
public sealed class LackeyTraceReader : ITraceReader
{
    /// <summary>The largest access size accepted, in bytes (xsave areas are a few KiB).</summary>
    public const int MaxAccessSize = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly LineReader _lines;
    private readonly int _offsetBits;
    private MemoryAccess[] _spill = new MemoryAccess[8];
    private int _spillStart;
    private int _spillEnd;

    /// <summary>Reads lackey records from <paramref name="stream"/>.</summary>
    /// <param name="stream">The trace text.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: accesses spanning a boundary are split.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    public LackeyTraceReader(Stream stream, int pageSize, string source = "trace", bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        _offsetBits = TraceText.OffsetBits(pageSize);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        Length = stream.CanSeek ? stream.Length - stream.Position : null;
        _lines = new LineReader(stream, source);
    }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public string Format => TraceFormats.Lackey;

    /// <inheritdoc/>
    public long BytesRead => _lines.BytesConsumed;

    /// <inheritdoc/>
    public long? Length { get; }

    /// <inheritdoc/>
    public int Read(Span<MemoryAccess> buffer)
    {
        var count = _spillStart < _spillEnd ? DrainSpill(buffer) : 0;
        while (count < buffer.Length && _lines.TryReadLine(out var line))
        {
            // Dispatch on the first two bytes: 'I ' for a fetch, ' L', ' S', ' M' for data.
            if (line.Length < 4)
            {
                if (TraceText.IsBlank(line))
                {
                    continue;
                }

                throw NotARecord(line);
            }

            var c0 = line[0];
            AccessKind kind;
            var modify = false;
            int at;
            if (c0 == (byte)'I' && TraceText.IsBlank(line[1]))
            {
                kind = AccessKind.Execute;
                at = 2;
            }
            else if (c0 == (byte)' ' && TraceText.IsBlank(line[2]))
            {
                switch (line[1])
                {
                    case (byte)'L':
                        kind = AccessKind.Read;
                        break;
                    case (byte)'S':
                        kind = AccessKind.Write;
                        break;
                    case (byte)'M':
                        kind = AccessKind.Read;
                        modify = true;
                        break;
                    default:
                        throw NotARecord(line);
                }

                at = 3;
            }
            else if (IsValgrindLine(line))
            {
                continue;
            }
            else
            {
                throw NotARecord(line);
            }

            at = TraceText.SkipBlanks(line, at);
            var comma = TraceText.ParseHex(line, at, out var address);
            if (comma < 0 || comma >= line.Length || line[comma] != (byte)',')
            {
                throw Bad(line, at, "expected a hexadecimal address followed by ',' and a size");
            }

            var end = TraceText.ParseDecimal(line, comma + 1, out var size);
            if (end < 0 || size == 0 || size > MaxAccessSize)
            {
                throw Bad(line, comma + 1, $"expected a size in bytes from 1 to {MaxAccessSize}");
            }

            if (end < line.Length && !TraceText.IsBlank(line[end..]))
            {
                throw TraceText.Error(Source, _lines.LineNumber, end, $"expected the end of the record after the size, found {TraceText.Describe(line[end..])}");
            }

            var last = address + (size - 1);
            if (last < address)
            {
                throw Bad(line, at, "expected an access that ends below 2^64");
            }

            // Almost every access lies within one page: write it straight into the caller's
            // buffer. A page-crossing one (or a full buffer) goes through the spill array.
            if (((address ^ last) >> _offsetBits) == 0 && buffer.Length - count >= 2)
            {
                buffer[count++] = new MemoryAccess(address, kind, 0, AccessContext.Unknown);
                if (modify)
                {
                    buffer[count++] = new MemoryAccess(address, AccessKind.Write, 0, AccessContext.Unknown);
                }
            }
            else
            {
                Spill(address, last, kind, modify);
                count += DrainSpill(buffer[count..]);
            }
        }

        return count;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>True for a line that Valgrind itself printed: <c>==PID==</c> or <c>--PID--</c> at the start.</summary>
    internal static bool IsValgrindLine(ReadOnlySpan<byte> line) =>
        line.Length >= 2 && ((line[0] == (byte)'=' && line[1] == (byte)'=') ||
                             (line[0] == (byte)'-' && line[1] == (byte)'-' && line.Length > 2 && (uint)(line[2] - '0') <= 9));

    /// <summary>True when <paramref name="line"/> is a well-formed lackey record (for format detection).</summary>
    internal static bool IsRecord(ReadOnlySpan<byte> line)
    {
        if (line.Length < 4)
        {
            return false;
        }

        int at;
        if (line[0] == (byte)'I' && TraceText.IsBlank(line[1]))
        {
            at = 2;
        }
        else if (line[0] == (byte)' ' && line[1] is (byte)'L' or (byte)'S' or (byte)'M' && TraceText.IsBlank(line[2]))
        {
            at = 3;
        }
        else
        {
            return false;
        }

        at = TraceText.SkipBlanks(line, at);
        var comma = TraceText.ParseHex(line, at, out _);
        if (comma < 0 || comma >= line.Length || line[comma] != (byte)',')
        {
            return false;
        }

        var end = TraceText.ParseDecimal(line, comma + 1, out _);
        return end > 0 && TraceText.IsBlank(line[end..]);
    }

    private void Spill(ulong address, ulong last, AccessKind kind, bool modify)
    {
        var first = address >> _offsetBits;
        var pages = (int)((last >> _offsetBits) - first + 1);
        var needed = modify ? 2 * pages : pages;
        if (_spill.Length < needed)
        {
            _spill = new MemoryAccess[Math.Max(needed, _spill.Length * 2)];
        }

        var n = 0;
        for (var pass = 0; pass < (modify ? 2 : 1); pass++)
        {
            var passKind = pass == 0 ? kind : AccessKind.Write;
            for (var p = 0; p < pages; p++)
            {
                var at = p == 0 ? address : (first + (ulong)p) << _offsetBits;
                _spill[n++] = new MemoryAccess(at, passKind, 0, AccessContext.Unknown);
            }
        }

        _spillStart = 0;
        _spillEnd = n;
    }

    private int DrainSpill(Span<MemoryAccess> buffer)
    {
        var n = Math.Min(buffer.Length, _spillEnd - _spillStart);
        _spill.AsSpan(_spillStart, n).CopyTo(buffer);
        _spillStart += n;
        return n;
    }

    private InputFormatException NotARecord(ReadOnlySpan<byte> line) =>
        TraceText.Error(Source, _lines.LineNumber, 0,
            $"expected a lackey record such as 'I  04011db0,3', ' L 1ffefffd48,8', ' S ...' or ' M ...' (or a '==' line), found {TraceText.Describe(line)}");

    private InputFormatException Bad(ReadOnlySpan<byte> line, int column, string expected) =>
        TraceText.Error(Source, _lines.LineNumber, column, $"{expected}, found {TraceText.Describe(line[Math.Min(column, line.Length)..])}");
}
