using System.Diagnostics;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// Follows one pass over a trace for the progress bar: the accesses and bytes read, reported on
/// the reading thread and shown on another, with the rate since the pass started.
/// </summary>
/// <param name="name">The trace's name in the bar.</param>
/// <param name="phase">What the pass does, such as "replaying".</param>
/// <param name="prepass">True when OPT's pre-pass runs before the pass starts, which the bar says meanwhile.</param>
internal sealed class TraceMeter(string name, string phase, bool prepass = false) : IProgress<long>
{
    private readonly Stopwatch _clock = new();
    private ITraceReader? _reader;
    private long _accesses;
    private long _bytes;
    private long _length = -1;
    private volatile bool _started;

    /// <summary>The pass starts reading <paramref name="reader"/> (after OPT's pre-pass, if any).</summary>
    public void Start(ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _length = reader.Length ?? -1;
        _clock.Restart();
        _started = true;
    }

    /// <inheritdoc/>
    public void Report(long value)
    {
        Volatile.Write(ref _accesses, value);
        Volatile.Write(ref _bytes, _reader?.BytesRead ?? 0);
    }

    /// <summary>What the bar shows now.</summary>
    public ProgressView View()
    {
        if (!_started)
        {
            return prepass
                ? new ProgressView("OPT pre-pass over", name, "finding each access's next use", 0, null)
                : new ProgressView("opening", name, "reading the first accesses", 0, null);
        }

        var bytes = Volatile.Read(ref _bytes);
        var length = Volatile.Read(ref _length);
        var accesses = ProgressDisplay.Accesses(Volatile.Read(ref _accesses), _clock);

        // With no length (a pipe, a program being recorded) there is no share to show: the bytes read say how far.
        return length > 0
            ? new ProgressView(phase, name, accesses, bytes, length)
            : new ProgressView(phase, name, $"{accesses}, {ProgressDisplay.Count(bytes)}B read", bytes, null);
    }
}
