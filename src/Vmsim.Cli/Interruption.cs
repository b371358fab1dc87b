using System.Runtime.InteropServices;

namespace Vmsim.Cli;

/// <summary>
/// What vmsim does on SIGINT (Ctrl-C), SIGTERM and SIGHUP. The temporary files it makes cannot
/// be left behind (<see cref="Vmsim.Core.TemporaryFile"/>), so a verb with nothing else to
/// tidy is simply ended, with one line on standard error and the conventional exit code (128 plus
/// the signal's number: 130 for SIGINT, 143 for SIGTERM). A verb that has more to do (record stops
/// Valgrind and closes its copy of the trace; serve shuts its server down through its cancellation
/// token; an output file being written is finished, or its temporary file removed or put in place whole, <see cref="StagedFile"/>)
/// takes the interrupt over with <see cref="TakeOver"/>, and then finishes and reports by itself. A second signal ends vmsim at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly Action<int> _exit;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _lock = new();
    private Action? _takeOver;
    private int _signal;

    /// <summary>Creates the handling without listening for signals (tests raise them with <see cref="Raise"/>).</summary>
    /// <param name="stderr">Where the one line goes.</param>
    /// <param name="exit">Ends the process with an exit code (<see cref="Environment.Exit"/>).</param>
    internal Interruption(TextWriter stderr, Action<int> exit)
    {
        _stderr = stderr;
        _exit = exit;
    }

    /// <summary>The number of the signal that arrived, or null while none has.</summary>
    public int? Signal => Volatile.Read(ref _signal) is var signal and > 0 ? signal : null;

    /// <summary>The exit code for <see cref="Signal"/>: 128 plus its number.</summary>
    public int ExitCode => 128 + (Signal ?? 0);

    /// <summary>The signal's name, such as "SIGINT".</summary>
    public string SignalName => Signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        var n => $"signal {n}",
    };

    /// <summary>Listens for SIGINT, SIGTERM and SIGHUP for this process.</summary>
    public static Interruption Listen(TextWriter stderr)
    {
        var interruption = new Interruption(stderr, Environment.Exit);
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1) })
        {
            interruption._registrations.Add(PosixSignalRegistration.Create(signal, context => context.Cancel = interruption.Raise(number)));
        }

        return interruption;
    }

    /// <summary>
    /// Until the result is disposed, an interrupt runs <paramref name="stop"/> (on another thread)
    /// in place of ending vmsim: the verb then finishes, sees <see cref="Signal"/> and reports.
    /// </summary>
    public IDisposable TakeOver(Action stop)
    {
        lock (_lock)
        {
            _takeOver = stop;
        }

        return new Release(this);
    }

    /// <summary>
    /// Handles signal <paramref name="number"/>; true when it was handled, false for a second
    /// signal, which is left to end the process as the system does by default.
    /// </summary>
    internal bool Raise(int number)
    {
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            return false;
        }

        Action? stop;
        lock (_lock)
        {
            stop = _takeOver;
        }

        if (stop is not null)
        {
            stop();
            return true;
        }

        _exit(Report());
        return true;
    }

    /// <summary>
    /// Says on standard error that vmsim was interrupted by <see cref="Signal"/>, and returns the
    /// exit code, for a verb that took the interrupt over and ends without more to say.
    /// </summary>
    public int Report()
    {
        lock (_stderr)
        {
            _stderr.WriteLine($"vmsim: interrupted by {SignalName}");
            _stderr.Flush();
        }

        return ExitCode;
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private sealed class Release(Interruption interruption) : IDisposable
    {
        public void Dispose()
        {
            lock (interruption._lock)
            {
                interruption._takeOver = null;
            }
        }
    }
}
