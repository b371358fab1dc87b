using BenchmarkDotNet.Running;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Vmsim.Benchmarks -- throughput [accesses]</c> for whole-path
/// throughput; <c>-- replay [accesses]</c> for trace replay; <c>-- mrc [accesses [workload]]</c> for the
/// exact miss-ratio curve; <c>-- make-traces DIR [accesses] [--big]</c>, <c>-- to-oracle IN FORMAT OUT</c>,
/// <c>-- replay-file PATH FORMAT POLICY FRAMES</c> and <c>-- mrc-file PATH FORMAT [RATE [SEED]]</c> for
/// bench/make-traces.sh and bench/run.sh; <c>-- shards-error</c> for the SHARDS error tables of docs/formats.md; anything else goes to BenchmarkDotNet (<c>-- --filter '*'</c>).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "hitpath")
        {
            HitPath.Run();
            return;
        }

        if (args.Length > 0 && args[0] == "replay")
        {
            ReplayThroughput.Run(args[1..]);
            return;
        }

        var modes = new Dictionary<string, Action<string[]>>
        {
            ["mrc"] = MrcThroughput.Run,
            ["make-traces"] = BenchTraces.Make,
            ["to-oracle"] = BenchTraces.ToOracle,
            ["replay-file"] = FileRuns.Replay,
            ["mrc-file"] = FileRuns.Mrc,
            ["shards-error"] = ShardsError.Run,
        };
        if (args.Length > 0 && modes.TryGetValue(args[0], out var mode))
        {
            mode(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "throughput")
        {
            Throughput.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
