namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// The compressed bytes of a gzip file as the decompressor reads them, with what
/// <see cref="GzipInput"/> needs to know once the decompressor has stopped: how many it was
/// handed, whether it asked for more than the file holds, and whether its last piece was zeros.
/// </summary>
/// <remarks>
/// A read from the file that ends in zeros is handed on in two pieces, the zeros last. The
/// decompressor stops inside the last piece it was handed when a member ends there and the
/// bytes after it do not start another; those bytes are then all zeros, or include the last
/// byte of that piece, which is not a zero. A read ends in a zero about once in 256, so the
/// split costs next to nothing.
/// </remarks>
internal sealed class GzipFeed(Stream compressed) : ReadOnlyStream
{
    // Zeros at the end of the last read from the file, not yet handed on.
    private int _heldZeros;

    /// <summary>Compressed bytes handed to the decompressor so far: the offset in the file of the next one.</summary>
    public long Offset { get; private set; }

    /// <summary>True once a read has found the end of the file: the decompressor asked for more and got none.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// The last byte handed on (at <see cref="Offset"/> - 1): zero only when the last piece was
    /// zeros alone, since any other piece ends in a byte that is not a zero.
    /// </summary>
    public byte LastByte { get; private set; }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int length;
        if (_heldZeros > 0)
        {
            length = Math.Min(_heldZeros, buffer.Length);
            buffer[..length].Clear();
            _heldZeros -= length;
        }
        else
        {
            length = compressed.Read(buffer);
            if (length == 0)
            {
                Ended = true;
                return 0;
            }

            var nonZero = buffer[..length].LastIndexOfAnyExcept((byte)0) + 1;
            if (nonZero > 0)
            {
                _heldZeros = length - nonZero;
                length = nonZero;
            }
        }

        LastByte = buffer[length - 1];
        Offset += length;
        return length;
    }

    /// <summary>
    /// Reads the rest of the file, past what was handed on, and returns the offset and value of
    /// its first byte that is not a zero; null when the rest is zeros alone (or nothing).
    /// </summary>
    public (long Offset, byte Value)? FirstNonZeroLeft()
    {
        var offset = Offset + _heldZeros;
        _heldZeros = 0;
        var buffer = new byte[8192];
        int length;
        while ((length = compressed.Read(buffer)) > 0)
        {
            var at = buffer.AsSpan(0, length).IndexOfAnyExcept((byte)0);
            if (at >= 0)
            {
                return (offset + at, buffer[at]);
            }

            offset += length;
        }

        return null;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            compressed.Dispose();
        }

        base.Dispose(disposing);
    }
}
