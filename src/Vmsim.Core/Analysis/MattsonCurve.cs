using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>Miss-ratio curves of whole traces: exact (<see cref="LruStackDistance"/>) or sampled (<see cref="Shards"/>, <see cref="FixedSizeShards"/>).</summary>
public static class MattsonCurve
{
    /// <summary>
    /// Reads <paramref name="reader"/> to its end and returns the LRU miss-ratio curve: exact when
    /// <paramref name="samplingRate"/> is 1, otherwise estimated by SHARDS at that rate and seed.
    /// </summary>
    /// <param name="reader">The trace.</param>
    /// <param name="pageSize">Bytes in a page, a power of two.</param>
    /// <param name="samplingRate">The SHARDS rate, in (0, 1]; 1 for the exact curve.</param>
    /// <param name="seed">The SHARDS hash seed.</param>
    /// <param name="progress">Told the accesses read so far after each batch, if given (as <see cref="Simulation.TraceReplay.Run"/> tells them).</param>
    /// <param name="warmup">Accesses at the start that fill the stack and are not counted (<see cref="TraceWarmup"/>); 0 for none.</param>
    public static MissRatioCurve Compute(ITraceReader reader, int pageSize, double samplingRate = 1.0, ulong seed = 0, IProgress<long>? progress = null, long warmup = 0) =>
        samplingRate >= 1.0
            ? Feed(reader, new LruStackDistance(), pageSize, progress, warmup)
            : Feed(reader, new Shards(samplingRate, seed), pageSize, progress, warmup);

    /// <summary>
    /// Reads <paramref name="reader"/> to its end and returns the LRU miss-ratio curve estimated by
    /// fixed-size SHARDS (<see cref="FixedSizeShards"/>): memory bounded by <paramref name="maxPages"/>
    /// sampled pages whatever the trace's footprint; exact when the footprint fits.
    /// </summary>
    /// <param name="reader">The trace.</param>
    /// <param name="pageSize">Bytes in a page, a power of two.</param>
    /// <param name="maxPages">The most pages in the sample.</param>
    /// <param name="seed">The hash seed.</param>
    /// <param name="progress">Told the accesses read so far after each batch, if given (as <see cref="Simulation.TraceReplay.Run"/> tells them).</param>
    /// <param name="warmup">Accesses at the start that fill the sample and are not counted; 0 for none.</param>
    /// <param name="initialRate">The rate the sample starts at, in (0, 1]; it falls from there as the footprint grows.</param>
    public static MissRatioCurve ComputeFixedSize(ITraceReader reader, int pageSize, int maxPages, ulong seed = 0, IProgress<long>? progress = null, long warmup = 0, double initialRate = 1.0) =>
        Feed(reader, new FixedSizeShards(maxPages, initialRate, seed), pageSize, progress, warmup);

    // Every access of the trace into the analysis, its counts reset where the warm-up ends:
    // while warming, a batch is read no further than the warm-up's end.
    private static MissRatioCurve Feed(ITraceReader reader, ICurveAnalysis analysis, int pageSize, IProgress<long>? progress, long warmup)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var offsetBits = TraceText.OffsetBits(pageSize);
        var buffer = new MemoryAccess[4096];
        var read = 0L;
        for (int n; (n = reader.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, read < warmup ? warmup - read : buffer.Length)))) > 0;)
        {
            analysis.Add(buffer.AsSpan(0, n), offsetBits);
            read += n;
            if (read == warmup)
            {
                analysis.ResetCounts();
            }

            progress?.Report(read);
        }

        var curve = analysis.ToCurve();
        curve.TraceAccesses = read;
        return curve;
    }
}
