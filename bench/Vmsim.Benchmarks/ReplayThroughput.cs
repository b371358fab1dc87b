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
        // Generated only when a trace file is missing.
        var small = new Lazy<ulong[]>(() => SyntheticPages.Zipf(count, 20_000, 1.0, 7));
        var large = new Lazy<ulong[]>(() => SyntheticPages.Zipf(count, 1 << 20, 0.8, 8));
        var cases = new (string Name, string File, string Format, Action<string> Make, int Frames)[]
        {
            ("oracle-general, small working set", "small.oracleGeneral.bin", "oracle-general", p => TraceFiles.WriteOracleGeneral(p, small.Value), 16384),
            ("pages text, small working set", "small.pages.txt", "pages", p => TraceFiles.WritePages(p, small.Value), 16384),
            ("lackey text, small working set", "small.lackey", "lackey", p => TraceFiles.WriteLackey(p, small.Value, 1), 16384),
            ("oracle-general, zipf over 1M pages", "large.oracleGeneral.bin", "oracle-general", p => TraceFiles.WriteOracleGeneral(p, large.Value), 65536),
        };
        Console.WriteLine("rates are per CPU-second of this process");
        Console.WriteLine($"{"trace",-36} {"policy",-6} {"frames",7} {"fault %",8} {"M acc/s",8} {"MB/s",7} {"RSS MB",7}");
        var only = args.Length > 1 ? args[1] : null;
        var policies = args.Length > 2 ? args[2].Split(',') : ["fifo", "lru", "clock"];
        foreach (var (name, file, format, make, frames) in cases)
        {
            if (only is not null && !name.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            var path = Path.Combine(dir, $"{count}.{file}");
            if (!File.Exists(path))
            {
                make(path);
            }

            foreach (var policy in policies)
            {
                // Twice: the first run of a configuration also pays for the JIT's tiering.
                var (accesses, seconds, faults) = Measure(path, format, frames, policy);
                (accesses, seconds, faults) = Measure(path, format, frames, policy);
                Console.WriteLine($"{name,-36} {policy,-6} {frames,7} {100.0 * faults / accesses,8:F2} {accesses / seconds / 1e6,8:F1} {new FileInfo(path).Length / seconds / 1e6,7:F0} {Environment.WorkingSet / 1e6,7:F0}");
            }
        }
    }

    private static (long Accesses, double Seconds, long Faults) Measure(string path, string format, int frames, string policy)
    {
        using var reader = TraceFormats.Open(path, format, 4096);
        var replay = new TraceReplay(new MachineConfig { Frames = frames, Policy = policy, TlbEntries = 64, TlbWays = 4, SwapSlots = 0 });

        // CPU time of this process rather than wall time: the replay is one thread, and
        // CPU time is far less disturbed by other work on a shared 2-core machine.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var accesses = replay.Run(reader);
        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (accesses, seconds, replay.Machine.Counters.Faults);
    }
}
