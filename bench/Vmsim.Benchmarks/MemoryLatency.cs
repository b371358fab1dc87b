using System.Diagnostics;
using System.Globalization;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- memory-latency [MIB...]</c>: how long this host takes to load one cache line from a
/// working set of each size (default 1, 2, 4, 16, 64 and 256 MiB), by following a chain of
/// indices through a random cycle over the lines, so that each load waits for the one before
/// and none can be prefetched. Where a replay's structures outgrow the caches (zipf over a
/// million pages), its speed is set by how many such loads each access waits for.
/// </summary>
internal static class MemoryLatency
{
    private const int LineInts = 16;
    private const int Loads = 20_000_000;

    public static void Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 4, 16, 64, 256];
        foreach (var mib in sizes)
        {
            var lines = mib * 1024 * 1024 / (LineInts * sizeof(int));
            var chain = RandomCycle(lines, seed: 1);
            var at = 0;
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < Loads; i++)
            {
                at = chain[at];
            }

            stopwatch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mib,5} MiB: {stopwatch.Elapsed.TotalNanoseconds / Loads,6:F1} ns per dependent load (ended at {at})"));
        }
    }

    // One int per 64-byte line is used: chain[line * 16] holds the index of the next line's
    // first int, the lines visited in a random order that covers them all once per round.
    private static int[] RandomCycle(int lines, int seed)
    {
        var order = Enumerable.Range(0, lines).ToArray();
        new Random(seed).Shuffle(order);
        var chain = new int[lines * LineInts];
        for (var i = 0; i < lines; i++)
        {
            chain[order[i] * LineInts] = order[(i + 1) % lines] * LineInts;
        }

        return chain;
    }
}
