using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Recording;

/// <summary>
/// Valgrind's log as lackey writes it, read as a trace: whole lines only, each copied to the
/// <c>--save</c> copy as it is read. Valgrind's own lines (<c>==pid== ...</c>) are left in the
/// trace, whose reader skips them, but the block in which Valgrind says the program died of a
/// signal is also passed on to <paramref name="messages"/> (standard error), and the signal
/// is kept (<see cref="Signal"/>). When <paramref name="stopped"/> is true at the end, Valgrind
/// was killed and may have left half a line: that is dropped, so the trace and its copy end
/// at the last whole line.
/// </summary>
/// <param name="source">The log, from the named pipe.</param>
/// <param name="copy">Where to copy what is read (a gzip stream), or null.</param>
/// <param name="messages">Where Valgrind's word on how the program died goes.</param>
/// <param name="stopped">True once the recording was stopped (interrupted).</param>
internal sealed partial class LackeyLogStream(Stream source, Stream? copy, TextWriter messages, Func<bool> stopped) : ReadOnlyStream
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _ready;
    private int _end;
    private int _scanned;
    private bool _ended;
    private bool _terminating;
    private bool _disposed;

    /// <summary>The signal that killed the program, as Valgrind reported it, or null.</summary>
    public (int Number, string Name)? Signal { get; private set; }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_ready > _start)
            {
                var n = Math.Min(buffer.Length, _ready - _start);
                var chunk = _buffer.AsSpan(_start, n);
                chunk.CopyTo(buffer);
                copy?.Write(chunk);
                _start += n;
                return n;
            }

            if (_ended)
            {
                return 0;
            }

            Fill();
        }
    }

    /// <summary>Reads the rest of the log (so that the copy is whole and Valgrind's last words are seen), then closes the log and the copy.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            var rest = new byte[1 << 16];
            while (Read(rest) > 0)
            {
            }

            source.Dispose();
            copy?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        // Keep the part not yet handed out at the front.
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _scanned -= _start;
        _start = 0;
        _ready = 0;
        if (_end == _buffer.Length)
        {
            // A line longer than the buffer is no lackey line: the trace's reader says what is wrong with it.
            _ready = _end;
            _scanned = _end;
            return;
        }

        var read = source.Read(_buffer.AsSpan(_end));
        if (read == 0)
        {
            _ended = true;
            if (stopped())
            {
                // All that is left is a line Valgrind did not finish.
                _end = 0;
            }

            _ready = _end;
            return;
        }

        _end += read;
        _ready = _buffer.AsSpan(0, _end).LastIndexOf((byte)'\n') + 1;
        Scan();
    }

    // Valgrind's lines are the only ones with "==" (lackey's are " L 0402a0c8,8" and the like),
    // so a search for it skips the trace's lines at the speed of a vector search.
    private void Scan()
    {
        while (_scanned < _ready)
        {
            var at = _buffer.AsSpan(_scanned, _ready - _scanned).IndexOf("=="u8);
            if (at < 0)
            {
                _scanned = _ready;
                return;
            }

            var start = _buffer.AsSpan(0, _scanned + at).LastIndexOf((byte)'\n') + 1;
            var end = _buffer.AsSpan(_scanned + at, _ready - _scanned - at).IndexOf((byte)'\n') + _scanned + at;
            Valgrind(Encoding.UTF8.GetString(_buffer, start, end - start));
            _scanned = end + 1;
        }
    }

    private void Valgrind(string line)
    {
        var said = ValgrindLine().Match(line);
        if (!said.Success)
        {
            return;
        }

        var text = said.Groups["text"].Value;
        var death = Death().Match(text);
        if (death.Success)
        {
            _terminating = true;
            Signal = (int.Parse(death.Groups["number"].Value, CultureInfo.InvariantCulture), death.Groups["name"].Value);
        }
        else if (_terminating && string.IsNullOrWhiteSpace(text))
        {
            _terminating = false;
        }

        if (_terminating)
        {
            lock (messages)
            {
                messages.WriteLine(line);
            }
        }
    }

    [GeneratedRegex(@"^==\d+==(?<text>.*)$")]
    private static partial Regex ValgrindLine();

    [GeneratedRegex(@"^\s*Process terminating with default action of signal (?<number>\d+) \((?<name>SIG[A-Z0-9]+)\)")]
    private static partial Regex Death();
}
