using System.Diagnostics;
using Vmsim.Core.Addressing;
using Vmsim.Core.Analysis;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// Throughput of the exact LRU miss-ratio curve (Mattson's one-pass stack algorithm) over
/// page sequences held in memory, fed in batches as a trace reader hands them over: the
/// analysis alone, without parsing. <c>-- mrc [accesses]</c>.
/// </summary>
internal static class MrcThroughput
{
    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000_000;
        Console.WriteLine($"{count:N0} accesses per run; machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"{"workload",-30} {"distinct",9} {"M acc/s",8} {"ms",7} {"cpu ms",7}");
        var workloads = new (string Name, Func<ulong[]> Make)[]
        {
            ("zipf 1.0 over 20K pages", () => SyntheticPages.Zipf(count, 20_000, 1.0, 7)),
            ("zipf 0.9 over 64K pages", () => SyntheticPages.Zipf(count, 1 << 16, 0.9, 1)),
            ("loop over 5000 pages", () => SyntheticPages.Loop(count, 5000)),
            ("zipf 0.8 over 1M pages", () => SyntheticPages.Zipf(count, 1 << 20, 0.8, 8)),
            ("uniform over 1M pages", () => SyntheticPages.Uniform(count, 1 << 20, 2)),
        };
        var only = args.Length > 1 ? args[1] : "";
        foreach (var (name, make) in workloads.Where(w => w.Name.Contains(only, StringComparison.Ordinal)))
        {
            var accesses = ToAccesses(make());
            var (rate, ms, cpu, distinct) = Measure(accesses);
            Console.WriteLine($"{name,-30} {distinct,9:N0} {rate,8:F1} {ms,7:F0} {cpu,7:F0}");
        }
    }

    public static MemoryAccess[] ToAccesses(ulong[] pages)
    {
        var accesses = new MemoryAccess[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            accesses[i] = new MemoryAccess(pages[i] << 12, AccessKind.Read, 0, AccessContext.Unknown);
        }

        return accesses;
    }

    private static (double Rate, double Ms, double CpuMs, int Distinct) Measure(MemoryAccess[] accesses)
    {
        var analysis = new LruStackDistance();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (var start = 0; start < accesses.Length; start += 4096)
        {
            analysis.Add(accesses.AsSpan(start, Math.Min(4096, accesses.Length - start)), 12);
        }

        var curve = analysis.ToCurve();
        stopwatch.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        GC.KeepAlive(curve);
        return (accesses.Length / stopwatch.Elapsed.TotalSeconds / 1e6, stopwatch.Elapsed.TotalMilliseconds, cpuMs, analysis.DistinctPages);
    }
}
