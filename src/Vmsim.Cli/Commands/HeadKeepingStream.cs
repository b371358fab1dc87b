using System.Buffers;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Standard input read through, with the bytes read kept as long as they are few: the head that
/// format detection looked at, so that standard input can still be saved whole after a first
/// reader told its format (<see cref="TraceInput.KeepHead"/>). Past <paramref name="limit"/>
/// bytes it keeps nothing more, and <see cref="Kept"/> is null. Disposing it leaves
/// <paramref name="input"/> open.
/// </summary>
internal sealed class HeadKeepingStream(Stream input, int limit) : Vmsim.Core.Workloads.Traces.ReadOnlyStream
{
    private System.Buffers.ArrayBufferWriter<byte>? _kept = new();

    /// <summary>The bytes read so far, or null once they went past the limit.</summary>
    public ReadOnlyMemory<byte>? Kept => _kept?.WrittenMemory;

    /// <summary>The standard input read through, positioned after the bytes read.</summary>
    public Stream Input => input;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var read = input.Read(buffer);
        if (_kept is { } kept)
        {
            if (kept.WrittenCount + read > limit)
            {
                _kept = null;
            }
            else
            {
                kept.Write(buffer[..read]);
            }
        }

        return read;
    }
}
