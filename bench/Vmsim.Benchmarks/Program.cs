using BenchmarkDotNet.Running;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Vmsim.Benchmarks -- MODE ARGS</c>: <c>throughput [accesses]</c>
/// for whole-path throughput on synthetic pages; <c>replay [accesses [case [policies]]]</c> for trace
/// replay; <c>hitpath</c> for the access path alone; <c>mrc [accesses [workload]]</c> for the exact
/// miss-ratio curve; <c>make-traces DIR [accesses] [--big]</c>, <c>to-oracle IN FORMAT OUT [PAGES-OUT]</c>,
/// <c>replay-file PATH FORMAT POLICY FRAMES</c> and <c>mrc-file PATH FORMAT [RATE [SEED]]</c> for
/// bench/make-traces.sh and bench/run.sh; <c>read-file PATH FORMAT [REPEATS [hash]]</c> for the trace reader alone; <c>shards-error</c> for the SHARDS error tables of
/// docs/formats.md; <c>floor-fifo PATH FORMAT FRAMES</c> and <c>memory-latency [MIB...]</c> to read the replay figures against
/// (docs/performance.md). Anything else goes to BenchmarkDotNet (<c>-- --filter '*'</c>).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var modes = new Dictionary<string, Action<string[]>>
        {
            ["throughput"] = Throughput.Run,
            ["replay"] = ReplayThroughput.Run,
            ["hitpath"] = _ => HitPath.Run(),
            ["mrc"] = MrcThroughput.Run,
            ["make-traces"] = BenchTraces.Make,
            ["to-oracle"] = BenchTraces.ToOracle,
            ["replay-file"] = FileRuns.Replay,
            ["mrc-file"] = FileRuns.Mrc,
            ["read-file"] = ReadFile.Run,
            ["shards-error"] = ShardsError.Run,
            ["floor-fifo"] = FloorFifo.Run,
            ["memory-latency"] = MemoryLatency.Run,
        };
        if (args.Length > 0 && modes.TryGetValue(args[0], out var mode))
        {
            mode(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
