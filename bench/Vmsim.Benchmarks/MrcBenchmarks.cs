using BenchmarkDotNet.Attributes;
using Vmsim.Core.Analysis;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// The miss-ratio-curve hot loop over accesses held in memory, fed in batches of 4096 as a
/// trace reader hands them over: exact (Mattson's stack algorithm), and SHARDS at a fixed rate
/// and in a fixed size. <c>-- --filter '*MrcBenchmarks*'</c>; a short job, the loop being long.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class MrcBenchmarks
{
    private const int Accesses = 4_000_000;
    private MemoryAccess[] _accesses = [];

    /// <summary>zipf64k: Zipf 0.9 over 64 Ki pages (a working set that fits the caches); uniform1m: uniform over 1 Mi pages.</summary>
    [Params("zipf64k", "uniform1m")]
    public string Workload { get; set; } = "zipf64k";

    [GlobalSetup]
    public void Setup() => _accesses = MrcThroughput.ToAccesses(Workload switch
    {
        "uniform1m" => SyntheticPages.Uniform(Accesses, 1 << 20, 2),
        _ => SyntheticPages.Zipf(Accesses, 1 << 16, 0.9, 1),
    });

    [Benchmark(OperationsPerInvoke = Accesses, Baseline = true)]
    public long Exact()
    {
        var analysis = new LruStackDistance();
        for (var start = 0; start < _accesses.Length; start += 4096)
        {
            analysis.Add(_accesses.AsSpan(start, Math.Min(4096, _accesses.Length - start)), 12);
        }

        return analysis.ToCurve().FramesToFloor;
    }

    [Benchmark(OperationsPerInvoke = Accesses)]
    public long ShardsRate001()
    {
        var shards = new Shards(0.01);
        for (var start = 0; start < _accesses.Length; start += 4096)
        {
            shards.Add(_accesses.AsSpan(start, Math.Min(4096, _accesses.Length - start)), 12);
        }

        return shards.ToCurve().FramesToFloor;
    }

    [Benchmark(OperationsPerInvoke = Accesses)]
    public long ShardsSize8192()
    {
        var shards = new FixedSizeShards(8192);
        for (var start = 0; start < _accesses.Length; start += 4096)
        {
            shards.Add(_accesses.AsSpan(start, Math.Min(4096, _accesses.Length - start)), 12);
        }

        return shards.ToCurve().FramesToFloor;
    }
}
