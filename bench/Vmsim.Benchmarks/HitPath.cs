using System.Diagnostics;
using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Benchmarks;

/// <summary>
/// The cost of one access that does not fault, apart from faults: a warmed machine whose
/// frames hold every page, replayed with working sets that fit the TLB and that do not.
/// </summary>
internal static class HitPath
{
    public static void Run()
    {
        foreach (var (pages, tlb, policy) in new[] { (32, 64, "fifo"), (4000, 64, "fifo"), (4000, 0, "fifo"), (4000, 64, "lru"), (4000, 64, "clock") })
        {
            var machine = new Machine(new MachineConfig { Frames = 8192, Policy = policy, TlbEntries = tlb, TlbWays = tlb == 0 ? 1 : 4, SwapSlots = 0 });
            var process = machine.Spawn("p");
            machine.Mmap(process, new PageNumber(0), (ulong)pages, Protection.ReadWrite, "f", shared: true);
            var random = new Random(1);
            var addresses = Enumerable.Range(0, 1 << 20).Select(_ => new VirtualAddress((ulong)random.Next(pages) << 12)).ToArray();
            foreach (var a in addresses)
            {
                machine.Access(process, a, AccessKind.Read);
            }

            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var repeat = 0; repeat < 8; repeat++)
                {
                    foreach (var a in addresses)
                    {
                        machine.Access(process, a, AccessKind.Read);
                    }
                }

                var ns = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / (8.0 * addresses.Length);
                best = Math.Min(best, ns);
            }

            Console.WriteLine($"{pages,6} pages, TLB {tlb,3}, {policy,-5}: {best,6:F1} ns per hit ({1000 / best,5:F1} M/s); TLB hit rate {100.0 * machine.Counters.TlbHits / Math.Max(1, machine.Counters.TlbHits + machine.Counters.TlbMisses),5:F1}%");
        }
    }
}
