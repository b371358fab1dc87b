using BenchmarkDotNet.Attributes;
using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Benchmarks;

/// <summary>The access path per policy on a zipf workload that misses about a fifth of the time.</summary>
[MemoryDiagnoser]
public class AccessPathBenchmarks
{
    private const int Accesses = 1_000_000;
    private ulong[] _pages = [];

    [Params("fifo", "lru", "clock", "lfu")]
    public string Policy { get; set; } = "fifo";

    [Params(0, 64)]
    public int TlbEntries { get; set; }

    [GlobalSetup]
    public void Setup() => _pages = SyntheticPages.Zipf(Accesses, 1 << 16, 0.9, 1);

    [Benchmark(OperationsPerInvoke = Accesses)]
    public long Replay()
    {
        var machine = new Machine(new MachineConfig { Frames = 4096, Policy = Policy, TlbEntries = TlbEntries, TlbWays = 4, SwapSlots = 0 });
        var process = machine.Spawn("bench");
        machine.Mmap(process, new PageNumber(0), 1 << 16, Protection.ReadWrite, "trace", shared: true);
        var geometry = machine.Geometry;
        foreach (var page in _pages)
        {
            machine.Access(process, geometry.AddressOf(new PageNumber(page)), AccessKind.Read);
        }

        return machine.Counters.Faults;
    }
}
