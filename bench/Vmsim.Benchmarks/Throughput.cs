using System.Diagnostics;
using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Benchmarks;

/// <summary>
/// Whole-path throughput: accesses per second through Machine.Access (TLB, page-table
/// walk, fault handler, reclaim) on synthetic page sequences, one process, all pages
/// mapped read-write as a shared file so that every first touch and refault is a fault.
/// </summary>
internal static class Throughput
{
    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000_000;
        Console.WriteLine($"{count:N0} accesses per run; machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"{"workload",-34} {"policy",-7} {"frames",7} {"faults",12} {"M acc/s",8}");
        var workloads = new (string Name, Func<ulong[]> Make, int Frames)[]
        {
            ("zipf 0.9 over 64K pages", () => SyntheticPages.Zipf(count, 1 << 16, 0.9, 1), 4096),
            ("uniform over 16K pages", () => SyntheticPages.Uniform(count, 1 << 14, 2), 8192),
            ("loop over 5000 pages", () => SyntheticPages.Loop(count, 5000), 4096),
            ("zipf 0.9 over 1M pages", () => SyntheticPages.Zipf(count, 1 << 20, 0.9, 3), 65536),
        };
        foreach (var (name, make, frames) in workloads)
        {
            var pages = make();
            foreach (var policy in new[] { "fifo", "lru", "clock" })
            {
                var (faults, rate) = Measure(pages, frames, policy);
                Console.WriteLine($"{name,-34} {policy,-7} {frames,7} {faults,12:N0} {rate,8:F1}");
            }
        }
    }

    private static (long Faults, double Rate) Measure(ulong[] pages, int frames, string policy)
    {
        var highest = pages.Max();
        var machine = new Machine(new MachineConfig { Frames = frames, Policy = policy, TlbEntries = 64, TlbWays = 4, SwapSlots = 0 });
        var process = machine.Spawn("bench");
        machine.Mmap(process, new PageNumber(0), highest + 1, Protection.ReadWrite, "trace", shared: true);
        var geometry = machine.Geometry;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < pages.Length; i++)
        {
            machine.Access(process, geometry.AddressOf(new PageNumber(pages[i])), AccessKind.Read);
        }

        stopwatch.Stop();
        return (machine.Counters.Faults, pages.Length / stopwatch.Elapsed.TotalSeconds / 1e6);
    }
}
