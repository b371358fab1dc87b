namespace Vmsim.Core.Workloads.Traces;

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
