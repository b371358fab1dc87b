using System.Diagnostics;
using System.Globalization;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- memory-latency [MIB...]</c>: how long this host takes to load one cache line from a
/// working set of each size (default 1, 2, 4, 16, 64 and 256 MiB), by following a chain of
/// indices through a random cycle over the lines, so that each load waits for the one before
/// and none can be prefetched. Where a replay's structures outgrow the caches (zipf over a
/// million pages), its speed is set by how many such loads each access waits for.
/// Then, in the largest working set, the same with 2 to 16 chains followed side by side
/// (each load waits only for its own chain's last): the time per load that loads in flight
/// together bring it down to is the most that prefetching can hide on this host.
/// </summary>
internal static class MemoryLatency
{
    private const int LineInts = 16;
    private const int Loads = 20_000_000;

    public static void Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 4, 16, 64, 256];
        var largest = sizes.Max();
        int[] cycle = [];
        foreach (var mib in sizes)
        {
            var lines = mib * 1024 * 1024 / (LineInts * sizeof(int));
            var chain = RandomCycle(lines, seed: 1);
            if (mib == largest)
            {
                cycle = chain; // the side-by-side chains below follow the largest cycle again
            }

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

        foreach (var chains in new[] { 2, 4, 8, 16 })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{largest,5} MiB, {chains,2} chains side by side: {Parallel(cycle, chains),6:F1} ns per load"));
        }
    }

    // Follows `chains` cursors through the cycle, each starting at its own place, one load
    // of each per round: the loads of one round do not wait for each other.
    private static double Parallel(int[] chain, int chains)
    {
        var at = new int[chains];
        var lines = chain.Length / LineInts;
        for (var c = 0; c < chains; c++)
        {
            at[c] = (int)((long)lines * c / chains) * LineInts;
        }

        var rounds = Loads / chains;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            for (var c = 0; c < at.Length; c++)
            {
                at[c] = chain[at[c]];
            }
        }

        stopwatch.Stop();
        return at.Sum() == -1 ? 0 : stopwatch.Elapsed.TotalNanoseconds / ((long)rounds * chains);
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
