namespace Vmsim.Core.Analysis;

/// <summary>One point of a miss-ratio curve.</summary>
/// <param name="Frames">The memory size, in page frames.</param>
/// <param name="Misses">Misses (page faults) of an LRU memory of that size over the whole trace, cold misses included; an estimate when the curve was sampled.</param>
/// <param name="MissRatio">Misses divided by accesses, from 0 to 1.</param>
public readonly record struct MissRatioPoint(long Frames, long Misses, double MissRatio);
