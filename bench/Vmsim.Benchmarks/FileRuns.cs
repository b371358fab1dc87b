using System.Diagnostics;
using System.Globalization;
using Vmsim.Core.Analysis;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// One run over one trace file, as <c>vmsim replay</c> and <c>vmsim mrc</c> do it, for bench/run.sh
/// to time as a whole process (with <c>/usr/bin/time -v</c> for the peak memory):
/// <c>-- replay-file PATH FORMAT POLICY FRAMES</c> replays the trace through the full machine
/// (TLB 64 entries, 4-way, no swap: every page is backed by a file) and
/// <c>-- mrc-file PATH FORMAT [RATE [SEED]]</c> computes its LRU miss-ratio curve (exact at rate 1).
/// Each prints one line of <c>key=value</c> fields: accesses, result, the seconds of the loop
/// alone, and its throughput by the wall clock and by the replaying thread's CPU time.
/// </summary>
internal static class FileRuns
{
    public static void Replay(string[] args)
    {
        if (args.Length < 4)
        {
            throw new ArgumentException("usage: replay-file PATH FORMAT POLICY FRAMES");
        }

        var frames = int.Parse(args[3], CultureInfo.InvariantCulture);
        var cpu = ThreadCpu.Seconds();
        var stopwatch = Stopwatch.StartNew();
        using var reader = TraceFormats.Open(args[0], args[1], 4096);
        var replay = new TraceReplay(new MachineConfig { Frames = frames, Policy = args[2], TlbEntries = 64, TlbWays = 4, SwapSlots = 0 });
        var accesses = replay.Run(reader);
        stopwatch.Stop();
        cpu = ThreadCpu.Seconds() - cpu;
        var faults = replay.Machine.Counters.Faults;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accesses={accesses} faults={faults} fault_pct={100.0 * faults / Math.Max(1, accesses):F2} loop_s={stopwatch.Elapsed.TotalSeconds:F3} loop_macc_s={accesses / stopwatch.Elapsed.TotalSeconds / 1e6:F1} cpu_s={cpu:F3} cpu_macc_s={accesses / cpu / 1e6:F1}"));
    }

    public static void Mrc(string[] args)
    {
        if (args.Length < 2)
        {
            throw new ArgumentException("usage: mrc-file PATH FORMAT [RATE [SEED]]");
        }

        var rate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1.0;
        var seed = args.Length > 3 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var cpu = ThreadCpu.Seconds();
        var stopwatch = Stopwatch.StartNew();
        using var reader = TraceFormats.Open(args[0], args[1], 4096);
        var curve = MattsonCurve.Compute(reader, 4096, rate, seed);
        stopwatch.Stop();
        cpu = ThreadCpu.Seconds() - cpu;
        var half = curve.FramesToFloor / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accesses={curve.Accesses} distinct={curve.SampledColdMisses} frames_to_floor={curve.FramesToFloor} miss_ratio_at_half={curve.MissRatio(half):F4} loop_s={stopwatch.Elapsed.TotalSeconds:F3} loop_macc_s={curve.Accesses / stopwatch.Elapsed.TotalSeconds / 1e6:F1} cpu_s={cpu:F3} cpu_macc_s={curve.Accesses / cpu / 1e6:F1}"));
    }
}
