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
