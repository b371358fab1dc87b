using Vmsim.Core.Analysis;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>What a replay of a whole trace left behind.</summary>
/// <param name="Machine">The machine, whose counters hold the result.</param>
/// <param name="Accesses">Accesses read from the trace.</param>
/// <param name="Steps">The steps recorded (the first accesses, up to the limit asked for, with the operations among them).</param>
/// <param name="StepsTruncated">True when the trace went on after the last recorded step.</param>
/// <param name="Warmup">The accesses at the start left out of the machine's counts (<see cref="TraceReplay.Warmup"/>).</param>
public sealed record TraceRunResult(Machine Machine, long Accesses, IReadOnlyList<RecordedStep> Steps, bool StepsTruncated, long Warmup = 0);

/// <summary>
/// A whole trace replayed on one machine, as <c>vmsim replay</c> and <c>vmsim record</c> do it:
/// the future fetched for OPT when the format lacks it, and the first accesses of a trace
/// that may be billions long recorded step by step when asked.
/// </summary>
public static class TraceRun
{
    /// <summary>
    /// Opens the trace for a replay on <paramref name="config"/>'s policy. For a policy that needs the
    /// future (OPT) on a format that does not carry it, runs <see cref="NextUsePrepass"/>, which calls
    /// <paramref name="open"/> twice more; <paramref name="prepass"/> says whether it did. The pre-pass
    /// reads the whole trace, so the reader it gives knows the trace's length
    /// (<see cref="ITraceReader.Accesses"/>), as an uncompressed oracleGeneral file's reader does from
    /// its size: a warm-up given as a share of the trace needs no pass of its own to count it.
    /// </summary>
    public static ITraceReader Open(Func<ITraceReader> open, MachineConfig config, out bool prepass)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(config);
        prepass = false;
        var reader = open();
        if (!TraceSweep.NeedsFuture(config.Policy, config.PolicyOptions) || reader.Format == TraceFormats.OracleGeneral)
        {
            return reader;
        }

        reader.Dispose();
        prepass = true;
        return NextUsePrepass.Run(open, config.Geometry.PageSize);
    }

    /// <summary>
    /// Replays every access of <paramref name="reader"/> on a machine built from <paramref name="config"/>.
    /// The first <paramref name="stepLimit"/> accesses (none when 0) are recorded as steps, with their
    /// explanations; the rest run with no observer, at full speed. <paramref name="progress"/>, if
    /// given, hears the accesses replayed so far after each batch. The first <paramref name="warmup"/>
    /// accesses fill the machine and are left out of its counts (the steps show them all the same).
    /// <paramref name="observe"/>, if given, is called with the replay before its first access, and
    /// the observer it returns hears the whole trace (an access log): the replay then goes one
    /// access at a time, as with any observer; without it, the accesses after the steps run with none.
    /// <paramref name="cancellation"/> is heeded between batches of the trace read after the steps.
    /// <paramref name="observeSteps"/>, if given, is called likewise when there are steps to record, and
    /// the observer it returns hears the recorded steps alone (after the recorder), such as the
    /// command line's log of the policy's state after each of them.
    /// </summary>
    public static TraceRunResult Replay(ITraceReader reader, MachineConfig config, int stepLimit = 0, long warmup = 0, IProgress<long>? progress = null, Func<TraceReplay, IMachineObserver>? observe = null, Func<TraceReplay, IMachineObserver>? observeSteps = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(stepLimit);
        var replay = new TraceReplay(config) { Warmup = warmup, Source = reader.Source };
        var observer = observe?.Invoke(replay);
        replay.Machine.Observer = observer;
        IReadOnlyList<RecordedStep> steps = [];
        var truncated = false;
        if (stepLimit > 0)
        {
            var recorder = new StepRecorder { DecimalPages = reader.RecordsPageNumbers, NumberAccesses = true };
            recorder.Attach(replay.Machine);
            IMachineObserver stepObserver = observeSteps is null ? recorder : new ObserverPair(recorder, observeSteps(replay));
            replay.Machine.Observer = observer is null ? stepObserver : new ObserverPair(stepObserver, observer);

            var buffer = new MemoryAccess[Math.Min(stepLimit, 4096)];
            while (replay.Replayed < stepLimit)
            {
                var n = reader.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, stepLimit - replay.Replayed)));
                if (n == 0)
                {
                    break;
                }

                replay.Replay(buffer.AsSpan(0, n));
                progress?.Report(replay.Replayed);
            }

            replay.Machine.Observer = observer;
            replay.Machine.Tlb.History = null;
            steps = recorder.Steps;
            if (replay.Replayed == stepLimit)
            {
                // One more access says whether the trace goes on; it is replayed like the rest.
                var probe = new MemoryAccess[1];
                if (reader.Read(probe) == 1)
                {
                    truncated = true;
                    replay.Replay(probe);
                }
            }
        }

        if (stepLimit == 0 || truncated)
        {
            replay.Run(reader, progress is null ? null : new ProgressCallback(_ => progress.Report(replay.Replayed)), cancellation);
        }

        return new TraceRunResult(replay.Machine, replay.Replayed, steps, truncated, warmup);
    }
}
