using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// A one-pass analysis that turns a trace into an LRU miss-ratio curve: exact
/// (<see cref="LruStackDistance"/>) or sampled (<see cref="Shards"/>, <see cref="FixedSizeShards"/>).
/// </summary>
internal interface ICurveAnalysis
{
    /// <summary>Counts every access of <paramref name="accesses"/>, with pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    void Add(ReadOnlySpan<MemoryAccess> accesses, int offsetBits);

    /// <summary>Sets the counts back to zero and keeps what the analysis remembers of the pages: the end of a warm-up.</summary>
    void ResetCounts();

    /// <summary>The curve of the accesses counted so far.</summary>
    MissRatioCurve ToCurve();
}
