namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// What the text trace readers (<c>lackey</c>, <c>addr</c>, <c>pages</c>) share: the stream,
/// read a block of whole lines at a time (<see cref="LineReader"/>), the input's name and
/// length, and the loop that hands each block to the format's parser. A UTF-8 byte order mark
/// at the start of the stream is skipped (<see cref="ByteOrderMark"/>), read when the reader is made.
/// </summary>
public abstract class TextTraceReader : ITraceReader
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    // The bytes of a byte order mark skipped at the start, which BytesRead counts.
    private readonly int _byteOrderMark;

    private protected TextTraceReader(Stream stream, string source, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        Length = stream.CanSeek ? stream.Length - stream.Position : null;
        _byteOrderMark = ByteOrderMark.Skip(ref stream);
        Lines = new LineReader(stream, source);
    }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public abstract string Format { get; }

    /// <inheritdoc/>
    public virtual bool RecordsPageNumbers => false;

    /// <inheritdoc/>
    public long BytesRead => _byteOrderMark + Lines.BytesConsumed;

    /// <inheritdoc/>
    public long? Length { get; }

    /// <summary>The lines of the input, a block at a time.</summary>
    private protected LineReader Lines { get; }

    /// <inheritdoc/>
    public int Read(Span<MemoryAccess> buffer)
    {
        var count = ReadPending(buffer);
        while (count < buffer.Length && Lines.TryGetLines(out var lines))
        {
            count += Parse(lines, buffer[count..]);
        }

        return count;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the stream unless it was to be left open.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Accesses left from an earlier block that did not fit the caller's buffer; none by default.</summary>
    private protected virtual int ReadPending(Span<MemoryAccess> buffer) => 0;

    /// <summary>
    /// Parses lines of <paramref name="lines"/> (each ending in <c>\n</c>) into <paramref name="output"/>
    /// until one of them runs out, consumes them from <see cref="Lines"/>, and returns the accesses written.
    /// </summary>
    private protected abstract int Parse(ReadOnlySpan<byte> lines, Span<MemoryAccess> output);
}
