using System.Buffers;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Standard input read through, with the bytes read kept until <see cref="StopKeeping"/>: all
/// that format detection read (however much gzip had to read for it, many small members or a long
/// header), so that standard input can still be saved whole after a first reader told its format
/// (<see cref="TraceInput.KeepHead"/>). A read after that keeps nothing, and <see cref="Kept"/> is
/// then null. Disposing it leaves <paramref name="input"/> open.
/// </summary>
internal sealed class HeadKeepingStream(Stream input) : Vmsim.Core.Workloads.Traces.ReadOnlyStream
{
    private ArrayBufferWriter<byte>? _kept = new();
    private bool _keeping = true;

    /// <summary>The bytes read so far, or null once bytes were read after <see cref="StopKeeping"/>.</summary>
    public ReadOnlyMemory<byte>? Kept => _kept?.WrittenMemory;

    /// <summary>The standard input read through, positioned after the bytes read.</summary>
    public Stream Input => input;

    /// <summary>Keeps no bytes read from now on: the format is told, and what told it is kept.</summary>
    public void StopKeeping() => _keeping = false;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var read = input.Read(buffer);
        if (_kept is { } kept && read > 0)
        {
            if (_keeping)
            {
                kept.Write(buffer[..read]);
            }
            else
            {
                _kept = null;
            }
        }

        return read;
    }
}
