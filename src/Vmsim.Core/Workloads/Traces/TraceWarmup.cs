namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A trace's warm-up: its first accesses, which fill the simulated memory (or the LRU stack of
/// a miss-ratio curve) and are then left out of the counts, so that the figures describe the
/// rest of the trace on a memory already in its steady state rather than one that starts
/// empty. The analyses read a trace in batches; a warm-up may end within one. A warm-up given
/// as a share of the trace needs the trace's length, which a streaming analysis learns from a
/// first pass (<see cref="CountAccesses"/>).
/// </summary>
public static class TraceWarmup
{
    private const int BatchSize = 4096;

    /// <summary>
    /// How many of a batch of <paramref name="count"/> accesses, read after <paramref name="before"/>
    /// accesses, belong to a warm-up of <paramref name="warmup"/> accesses: all of them, some, or none.
    /// </summary>
    public static int Within(long warmup, long before, int count) =>
        (int)Math.Clamp(warmup - before, 0, count);

    /// <summary>
    /// The warm-up that is <paramref name="percent"/> per cent of a trace of <paramref name="accesses"/>
    /// accesses, rounded down: the first 10 % of 1,005 accesses are 100.
    /// </summary>
    public static long OfShare(long accesses, decimal percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accesses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(percent, 100m);
        return (long)decimal.Floor(accesses * percent / 100m);
    }

    /// <summary>
    /// Reads <paramref name="reader"/> to its end and returns how many accesses it holds (an access
    /// that a format splits in two, such as a lackey access across a page boundary, counts as the
    /// two a replay makes of it). <paramref name="progress"/>, if given, hears the count after each batch.
    /// </summary>
    public static long CountAccesses(ITraceReader reader, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new MemoryAccess[BatchSize];
        long accesses = 0;
        int read;
        while ((read = reader.Read(buffer)) > 0)
        {
            accesses += read;
            progress?.Report(accesses);
        }

        return accesses;
    }
}
