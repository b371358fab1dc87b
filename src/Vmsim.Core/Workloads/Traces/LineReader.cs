using System.Runtime.CompilerServices;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Splits a stream into lines over one reusable byte buffer: a line is handed out as a span
/// into the buffer, valid until the next call, without its <c>\n</c> or <c>\r\n</c>. The last
/// line may lack its newline. Lines longer than the largest buffer are an error.
/// </summary>
internal sealed class LineReader
{
    private const int MaxBuffer = 16 << 20;
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _base;
    private bool _eof;

    /// <summary>Reads lines of <paramref name="stream"/>, naming it <paramref name="source"/> in errors.</summary>
    public LineReader(Stream stream, string source, int bufferSize = 256 << 10)
    {
        _stream = stream;
        _source = source;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the stream consumed by the lines returned so far, newlines included.</summary>
    public long BytesConsumed => _base + _start;

    /// <summary>Returns the next line, or false at the end of the stream.</summary>
    // The common case (a whole line already in the buffer) is small enough to inline into
    // each reader's loop; refilling is out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var newline = available.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            _start += newline + 1;
            LineNumber++;
            line = newline > 0 && available[newline - 1] == (byte)'\r' ? available[..(newline - 1)] : available[..newline];
            return true;
        }

        return TryReadLineSlow(out line);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadLineSlow(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var searched = _end - _start;
            if (_eof)
            {
                if (searched == 0)
                {
                    line = default;
                    return false;
                }

                var last = _buffer.AsSpan(_start, searched);
                _start = _end;
                LineNumber++;
                line = last[^1] == (byte)'\r' ? last[..^1] : last;
                return true;
            }

            Fill();
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                newline += searched;
                var available = _buffer.AsSpan(_start, _end - _start);
                _start += newline + 1;
                LineNumber++;
                line = newline > 0 && available[newline - 1] == (byte)'\r' ? available[..(newline - 1)] : available[..newline];
                return true;
            }
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var kept = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
            _base += _start;
            _start = 0;
            _end = kept;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBuffer)
            {
                throw TraceText.Error(_source, LineNumber + 1, -1, $"expected a line of at most {MaxBuffer} bytes, found a longer one (is this a binary file? give the format)");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
