namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A trace's warm-up: its first accesses, which fill the simulated memory (or the LRU stack of
/// a miss-ratio curve) and are then left out of the counts, so that the figures describe the
/// rest of the trace on a memory already in its steady state rather than one that starts
/// empty. The analyses read a trace in batches; a warm-up may end within one.
/// </summary>
public static class TraceWarmup
{
    /// <summary>
    /// How many of a batch of <paramref name="count"/> accesses, read after <paramref name="before"/>
    /// accesses, belong to a warm-up of <paramref name="warmup"/> accesses: all of them, some, or none.
    /// </summary>
    public static int Within(long warmup, long before, int count) =>
        (int)Math.Clamp(warmup - before, 0, count);
}
