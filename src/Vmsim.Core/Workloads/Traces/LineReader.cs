using System.Runtime.CompilerServices;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads a stream in large blocks and hands out, over one reusable byte buffer, the run of
/// whole lines read and not yet consumed. Every line in it ends in <c>\n</c>: when the last
/// line of the stream lacks its newline, one is added. A parser can therefore scan digits
/// until a non-digit without testing for the end of the block: the <c>\n</c> stops it. At least
/// <see cref="Padding"/> bytes of the buffer follow the lines, so that a parser may also load
/// a whole word at any byte of a line.
/// The caller strips a <c>\r</c> before the newline where it matters. Lines longer than the
/// largest buffer are an error.
/// </summary>
/// <remarks>
/// Parsing a block at a time, rather than asking for one line at a time, leaves the readers'
/// inner loops free of calls and lets each find the end of a line as a side effect of parsing
/// it, instead of searching for the newline first and parsing the line after.
/// </remarks>
internal sealed class LineReader
{
    /// <summary>The buffer's starting size: large reads make the cost of each negligible.</summary>
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>Bytes after the last line that may be read (their content is meaningless).</summary>
    public const int Padding = 8;

    private const int MaxBuffer = 16 << 20;
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer;

    // _buffer[_start.._linesEnd] holds whole lines not consumed, _buffer[_linesEnd.._end]
    // the start of a line whose newline has not been read yet.
    private int _start;
    private int _linesEnd;
    private int _end;

    // The stream offset of _buffer[0].
    private long _base;
    private bool _eof;
    private bool _newlineAdded;

    /// <summary>Reads lines of <paramref name="stream"/>, naming it <paramref name="source"/> in errors.</summary>
    public LineReader(Stream stream, string source, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _source = source;
        _buffer = new byte[bufferSize + Padding];
    }

    /// <summary>The number of lines consumed so far: the next line's number is one more.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the stream consumed by the lines consumed so far, newlines included.</summary>
    public long BytesConsumed => _base + _start - (_newlineAdded && _start == _end ? 1 : 0);

    /// <summary>
    /// Returns the whole lines read and not yet consumed, each ending in <c>\n</c> (at least
    /// one), reading more of the stream when none is left; false at the end of the stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetLines(out ReadOnlySpan<byte> lines)
    {
        if (_start < _linesEnd)
        {
            lines = _buffer.AsSpan(_start, _linesEnd - _start);
            return true;
        }

        return TryGetLinesSlow(out lines);
    }

    /// <summary>Marks the first <paramref name="bytes"/> of the lines last returned, <paramref name="lines"/> whole lines, as consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Consume(int bytes, int lines)
    {
        _start += bytes;
        LineNumber += lines;
    }

    /// <summary>
    /// The line that starts at <paramref name="from"/> in <paramref name="lines"/>, without its
    /// <c>\n</c> or <c>\r\n</c>; <paramref name="next"/> is where the next line starts.
    /// </summary>
    public static ReadOnlySpan<byte> LineAt(ReadOnlySpan<byte> lines, int from, out int next)
    {
        var line = lines[from..];
        line = line[..line.IndexOf((byte)'\n')];
        next = from + line.Length + 1;
        return !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryGetLinesSlow(out ReadOnlySpan<byte> lines)
    {
        while (true)
        {
            if (_eof)
            {
                if (_start == _end)
                {
                    lines = default;
                    return false;
                }

                // The last line has no newline: add one. There is room before the padding, as
                // the read that found the end had room to fill.
                _buffer[_end++] = (byte)'\n';
                _newlineAdded = true;
                _linesEnd = _end;
                lines = _buffer.AsSpan(_start, _linesEnd - _start);
                return true;
            }

            var searchFrom = Fill();
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                _linesEnd = searchFrom + newline + 1;
                lines = _buffer.AsSpan(_start, _linesEnd - _start);
                return true;
            }
        }
    }

    /// <summary>Moves the unfinished line to the front, reads once, and returns where the new bytes start.</summary>
    private int Fill()
    {
        if (_start > 0)
        {
            var kept = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
            _base += _start;
            _linesEnd -= _start;
            _start = 0;
            _end = kept;
        }

        var capacity = _buffer.Length - Padding;
        if (_end == capacity)
        {
            if (capacity >= MaxBuffer)
            {
                throw TraceText.Error(_source, LineNumber + 1, -1, $"expected a line of at most {MaxBuffer} bytes, found a longer one (is this a binary file? give the format)");
            }

            capacity *= 2;
            Array.Resize(ref _buffer, capacity + Padding);
        }

        var from = _end;
        var read = _stream.Read(_buffer, _end, capacity - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        return from;
    }
}
