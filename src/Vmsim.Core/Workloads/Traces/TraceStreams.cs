namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A read-only pass-through that counts the bytes read through it: the position in a
/// compressed file or a pipe, for progress, where the stream itself cannot tell.
/// </summary>
internal sealed class CountingStream(Stream inner, bool leaveOpen) : ReadOnlyStream
{
    /// <summary>Bytes read through this stream so far.</summary>
    public long Count { get; private set; }

    /// <summary>Where the reading has got to: the bytes read so far.</summary>
    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Hands out bytes already read (the head that format detection looked at), then the rest
/// of the stream they came from: a way to peek at a pipe, which cannot seek back.
/// </summary>
internal sealed class ReplayStream(byte[] head, int headLength, Stream rest) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < headLength)
        {
            var n = Math.Min(buffer.Length, headLength - _position);
            head.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A reader as <see cref="TraceFormats.Open(Stream, string, string?, int, CsvLayout?, bool)"/>
/// returns it: progress counted on the raw input (compressed bytes for gzip), and every stream
/// closed on dispose.
/// </summary>
/// <param name="inner">The format's reader.</param>
/// <param name="raw">The input as given, counting the bytes read.</param>
/// <param name="length">The input's length when known.</param>
internal sealed class OpenedTraceReader(ITraceReader inner, CountingStream raw, long? length) : ITraceReader
{
    public string Source => inner.Source;

    public string Format => inner.Format;

    public long BytesRead => raw.Count;

    public long? Length => length;

    public long? Accesses => inner.Accesses;

    public int Read(Span<MemoryAccess> buffer) => inner.Read(buffer);

    public void Dispose()
    {
        inner.Dispose();
        raw.Dispose();
    }
}
