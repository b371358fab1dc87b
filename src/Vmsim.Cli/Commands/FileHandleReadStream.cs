using Microsoft.Win32.SafeHandles;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Reads a file through a handle it does not own, from its start, at a position of its own, so
/// that any number of readers can share one handle (a temporary file that has no name to open it
/// again by, <see cref="Vmsim.Core.TemporaryFile"/>). Disposing it leaves the handle open.
/// </summary>
internal sealed class FileHandleReadStream(SafeFileHandle file) : Stream
{
    private long _position;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => RandomAccess.GetLength(file);

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(file, buffer, _position);
        _position += read;
        return read;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
