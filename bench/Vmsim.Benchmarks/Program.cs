using BenchmarkDotNet.Running;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Vmsim.Benchmarks -- throughput [accesses]</c> for whole-path
/// throughput; anything else goes to BenchmarkDotNet (<c>-- --filter '*'</c>).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "replay")
        {
            ReplayThroughput.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "mrc")
        {
            MrcThroughput.Run(args[1..]);
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
