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
    public static MissRatioCurve Compute(ITraceReader reader, int pageSize, double samplingRate = 1.0, ulong seed = 0, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var offsetBits = TraceText.OffsetBits(pageSize);
        var buffer = new MemoryAccess[4096];
        if (samplingRate >= 1.0)
        {
            var exact = new LruStackDistance();
            var read = 0L;
            for (int n; (n = reader.Read(buffer)) > 0;)
            {
                exact.Add(buffer.AsSpan(0, n), offsetBits);
                progress?.Report(read += n);
            }

            return exact.ToCurve();
        }

        var shards = new Shards(samplingRate, seed);
        var total = 0L;
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            shards.Add(buffer.AsSpan(0, n), offsetBits);
            progress?.Report(total += n);
        }

        return shards.ToCurve();
    }

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
    public static MissRatioCurve ComputeFixedSize(ITraceReader reader, int pageSize, int maxPages, ulong seed = 0, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var offsetBits = TraceText.OffsetBits(pageSize);
        var buffer = new MemoryAccess[4096];
        var shards = new FixedSizeShards(maxPages, 1.0, seed);
        var read = 0L;
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            shards.Add(buffer.AsSpan(0, n), offsetBits);
            progress?.Report(read += n);
        }

        return shards.ToCurve();
    }
}
