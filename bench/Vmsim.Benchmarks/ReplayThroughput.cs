using System.Diagnostics;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// Whole-process replay throughput, as a researcher runs it: a trace file read by its
/// reader and replayed through the full MMU path (TLB 64 entries, 4-way), for FIFO, LRU
/// and CLOCK. Traces are generated once into bench/out/.
/// </summary>
internal static class ReplayThroughput
{
    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000_000;
        var dir = Path.Combine(AppContext.BaseDirectory, "../../../../out");
        Directory.CreateDirectory(dir);
        Console.WriteLine($"{count:N0} accesses per trace; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        var small = SyntheticPages.Zipf(count, 20_000, 1.0, 7);
        var large = SyntheticPages.Zipf(count, 1 << 20, 0.8, 8);
        var cases = new (string Name, string File, string Format, Action<string> Make, int Frames)[]
        {
            ("oracle-general, small working set", "small.oracleGeneral.bin", "oracle-general", p => TraceFiles.WriteOracleGeneral(p, small), 16384),
            ("pages text, small working set", "small.pages.txt", "pages", p => TraceFiles.WritePages(p, small), 16384),
            ("lackey text, small working set", "small.lackey", "lackey", p => TraceFiles.WriteLackey(p, small, 1), 16384),
            ("oracle-general, zipf over 1M pages", "large.oracleGeneral.bin", "oracle-general", p => TraceFiles.WriteOracleGeneral(p, large), 65536),
        };
        Console.WriteLine($"{"trace",-36} {"policy",-6} {"frames",7} {"fault %",8} {"M acc/s",8} {"MB/s",7} {"RSS MB",7}");
        foreach (var (name, file, format, make, frames) in cases)
        {
            var path = Path.Combine(dir, $"{count}.{file}");
            if (!File.Exists(path))
            {
                make(path);
            }

            foreach (var policy in new[] { "fifo", "lru", "clock" })
            {
                using var reader = TraceFormats.Open(path, format, 4096);
                var replay = new TraceReplay(new MachineConfig { Frames = frames, Policy = policy, TlbEntries = 64, TlbWays = 4, SwapSlots = 0 });
                var stopwatch = Stopwatch.StartNew();
                var accesses = replay.Run(reader);
                stopwatch.Stop();
                var seconds = stopwatch.Elapsed.TotalSeconds;
                var faults = replay.Machine.Counters.Faults;
                Console.WriteLine($"{name,-36} {policy,-6} {frames,7} {100.0 * faults / accesses,8:F2} {accesses / seconds / 1e6,8:F1} {new FileInfo(path).Length / seconds / 1e6,7:F0} {Environment.WorkingSet / 1e6,7:F0}");
            }
        }
    }
}
