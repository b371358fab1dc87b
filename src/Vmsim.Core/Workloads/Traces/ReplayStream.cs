namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Hands out bytes already read (the head that format detection looked at), then the rest
/// of the stream they came from: a way to peek at a pipe, which cannot seek back.
/// </summary>
internal sealed class ReplayStream(byte[] head, int headLength, Stream rest) : ReadOnlyStream
{
    private int _position;

    /// <summary>
    /// Leaves <paramref name="stream"/>, of which <paramref name="length"/> bytes were read into
    /// <paramref name="head"/> from <paramref name="start"/>, to be read again from there: sought
    /// back when it can seek, otherwise replaced by one that replays those bytes first.
    /// </summary>
    public static void Rewind(ref Stream stream, long start, byte[] head, int length)
    {
        if (stream.CanSeek)
        {
            stream.Position = start;
        }
        else
        {
            stream = new ReplayStream(head, length, stream);
        }
    }

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
