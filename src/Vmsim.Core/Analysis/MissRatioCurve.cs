namespace Vmsim.Core.Analysis;

/// <summary>
/// The miss ratio of an LRU memory of every size over one trace, from a histogram of LRU stack
/// distances: an access at distance d (d distinct pages touched since the page's previous access,
/// itself included) hits in every memory of at least d frames; a first access (a cold miss) misses
/// in all of them. A sampled curve (<see cref="Shards"/>) scales the other pages counted in each
/// sampled distance by 1/rate: sampled distance d stands for 1 + (d - 1) / rate. A fixed-size
/// sample (<see cref="FixedSizeShards"/>), whose rate falls as it goes, weighs each sampled access
/// by the inverse of the rate at its time and keeps the weights in bins of memory sizes.
/// </summary>
public sealed class MissRatioCurve
{
    private readonly long[] _cumulativeHits;
    private readonly long _threshold;
    private readonly double _denominator;

    // A weighted curve (fixed-size SHARDS): the weights of the sampled accesses that hit, in bins of
    // _binWidth frames (bin b: memories of (b - 1) * width + 1 to b * width frames), summed.
    private readonly double[]? _cumulativeWeights;
    private readonly long _binWidth = 1;
    private readonly double _totalWeight;

    /// <summary>Builds a curve from sampled stack distances.</summary>
    /// <param name="hitsAtDistance">Index d holds the number of sampled accesses at stack distance d (index 0 unused).</param>
    /// <param name="accesses">Accesses in the whole trace.</param>
    /// <param name="sampledAccesses">Accesses that were sampled (all of them for an exact curve).</param>
    /// <param name="sampledColdMisses">First accesses among the sampled ones.</param>
    /// <param name="threshold">The sampling threshold T of rate T / 2^<see cref="Shards.ModulusBits"/>; 2^<see cref="Shards.ModulusBits"/> for an exact curve.</param>
    /// <param name="adjusted">True for the SHARDS adjustment: divide by the expected rather than the actual number of samples.</param>
    internal MissRatioCurve(ReadOnlySpan<long> hitsAtDistance, long accesses, long sampledAccesses, long sampledColdMisses, long threshold, bool adjusted)
    {
        var length = hitsAtDistance.Length;
        while (length > 1 && hitsAtDistance[length - 1] == 0)
        {
            length--;
        }

        _cumulativeHits = new long[Math.Max(length, 1)];
        for (var d = 1; d < length; d++)
        {
            _cumulativeHits[d] = _cumulativeHits[d - 1] + hitsAtDistance[d];
        }

        Accesses = accesses;
        SampledAccesses = sampledAccesses;
        _threshold = threshold;
        SamplingRate = (double)threshold / Shards.Modulus;
        SampledColdMisses = sampledColdMisses;
        _denominator = adjusted ? accesses * SamplingRate : sampledAccesses;
        MaxDistance = length - 1;
    }

    /// <summary>Builds a curve from weighted sampled accesses in bins of memory sizes (fixed-size SHARDS).</summary>
    /// <param name="weightAtBin">Index b holds the weight of the sampled re-accesses that hit in a memory of b * <paramref name="binWidth"/> frames but not in one a bin smaller (index 0 unused).</param>
    /// <param name="binWidth">Frames per bin.</param>
    /// <param name="totalWeight">The weight of every sampled access, first accesses included: an estimate of the accesses in the whole trace.</param>
    /// <param name="accesses">Accesses in the whole trace.</param>
    /// <param name="sampledAccesses">Accesses that were sampled.</param>
    /// <param name="sampledColdMisses">First accesses among the sampled ones.</param>
    /// <param name="threshold">The sampling threshold at the end, T of rate T / 2^<see cref="Shards.ModulusBits"/>.</param>
    /// <param name="adjusted">True to divide by the trace's accesses (SHARDS_adj) rather than by <paramref name="totalWeight"/>.</param>
    internal MissRatioCurve(ReadOnlySpan<double> weightAtBin, long binWidth, double totalWeight, long accesses, long sampledAccesses, long sampledColdMisses, long threshold, bool adjusted)
    {
        var length = weightAtBin.Length;
        while (length > 1 && weightAtBin[length - 1] == 0)
        {
            length--;
        }

        _cumulativeHits = [0];
        _cumulativeWeights = new double[Math.Max(length, 1)];
        for (var b = 1; b < length; b++)
        {
            _cumulativeWeights[b] = _cumulativeWeights[b - 1] + weightAtBin[b];
        }

        _binWidth = binWidth;
        _totalWeight = totalWeight;
        Accesses = accesses;
        SampledAccesses = sampledAccesses;
        SampledColdMisses = sampledColdMisses;
        _threshold = threshold;
        SamplingRate = (double)threshold / Shards.Modulus;
        _denominator = adjusted ? accesses : totalWeight;
        MaxDistance = length - 1;
    }

    /// <summary>
    /// The sampled stack positions a memory must span for a sampled curve to resolve it: 10. A
    /// memory of c frames spans about c·R sampled pages of the LRU stack; below one, every size
    /// reads the same (the sampled distance 1), and below ten the curve is a staircase of fewer
    /// than ten steps whose height is set by which few hot pages the sample caught.
    /// </summary>
    public const int ResolvedSampledDistance = 10;

    /// <summary>
    /// The fewest distinct sampled pages whose curve is trusted: 1000. Below it the measured error
    /// grew past 0.01 on average (docs/formats.md: a 512-page fixed-size sample, 0.0135;
    /// docs/research.md: a 5,000-page trace at R = 0.1, about 500 sampled pages, up to 0.23), since each
    /// sampled page stands for 1/R pages and a few very hot ones sway the whole estimate.
    /// </summary>
    public const int TrustedSampledPages = 1000;

    /// <summary>Accesses counted: those of the trace after its warm-up.</summary>
    public long Accesses { get; }

    /// <summary>Accesses read from the trace, its warm-up's included (set by <see cref="MattsonCurve"/>).</summary>
    public long TraceAccesses { get; internal set; }

    /// <summary>Accesses that were sampled; equal to <see cref="Accesses"/> for an exact curve.</summary>
    public long SampledAccesses { get; }

    /// <summary>The fraction of pages sampled: 1 for an exact curve.</summary>
    public double SamplingRate { get; }

    /// <summary>True when every access was counted: the curve is exact, not an estimate.</summary>
    public bool IsExact => _threshold == Shards.Modulus && _cumulativeWeights is null;

    /// <summary>First accesses among the sampled ones counted (after a warm-up, only the pages it had not touched).</summary>
    public long SampledColdMisses { get; }

    /// <summary>
    /// Distinct pages in the sample at the end, a warm-up's included: for an exact curve, the trace's
    /// footprint; for a sampled one, about the sampling rate times it.
    /// </summary>
    public long SampledPages { get; init; }

    /// <summary>True for a sampled curve of fewer than <see cref="TrustedSampledPages"/> distinct sampled pages: an estimate too rough to trust.</summary>
    public bool SampleIsSmall => !IsExact && SampledPages < TrustedSampledPages;

    /// <summary>
    /// The sampled accesses a sample at <see cref="SamplingRate"/> is expected to catch: R times the
    /// accesses counted. SHARDS_adj divides by it, which is the paper's adding of the difference
    /// from the actual number to the first bucket of the histogram.
    /// </summary>
    public double ExpectedSampledAccesses => Accesses * SamplingRate;

    /// <summary>
    /// Frames between two sizes where a sampled curve can change: 1/R, rounded (for a fixed-size
    /// sample, at its final rate, and no less than a bin); 1 for an exact curve.
    /// </summary>
    public long StepFrames => IsExact ? 1 : FramesSpanning(1);

    /// <summary>
    /// The smallest memory a sampled curve resolves: <see cref="ResolvedSampledDistance"/>/R frames,
    /// rounded (for a fixed-size sample, at its final rate, and no less than that many bins); 1
    /// for an exact curve. Smaller memories read as coarse a figure as the sample gives.
    /// </summary>
    public long SmallestResolvedFrames => IsExact ? 1 : FramesSpanning(ResolvedSampledDistance);

    // The frames that k sampled stack positions stand for: k/R rounded, at least one frame and k bins.
    private long FramesSpanning(long k) => Math.Max(k * _binWidth, Math.Max(1, ((k * Shards.Modulus) + (_threshold / 2)) / _threshold));

    /// <summary>True when the curve resolves a memory of <paramref name="frames"/> frames (<see cref="SmallestResolvedFrames"/>); always for an exact curve.</summary>
    public bool Resolves(long frames) => frames >= SmallestResolvedFrames;

    /// <summary>The largest sampled stack distance seen (0 when no page was used twice); for a fixed-size sample, the largest bin of memory sizes.</summary>
    public long MaxDistance { get; }

    /// <summary>The smallest memory at which the curve reaches its floor: beyond it, only cold misses remain.</summary>
    public long FramesToFloor => FramesFor(MaxDistance);

    /// <summary>
    /// The curve's lowest miss ratio, that of <see cref="FramesToFloor"/> frames and every larger
    /// memory: the compulsory misses (first touches of a page) over the accesses counted.
    /// </summary>
    public double FloorMissRatio => MissRatio(Math.Max(1, FramesToFloor));

    /// <summary>
    /// The smallest memory, in frames, whose miss ratio is at most <paramref name="missRatio"/>,
    /// found on the whole curve (every size, not only those reported); null when even the floor
    /// (<see cref="FloorMissRatio"/>) is above it. The curve never rises with memory, so the
    /// answer holds for every larger memory too.
    /// </summary>
    public long? SmallestFramesWithin(double missRatio)
    {
        if (FloorMissRatio > missRatio)
        {
            return null;
        }

        // The sizes where the curve changes are FramesFor(1) to FramesFor(MaxDistance): search the
        // distances for the first whose smallest memory is within the target.
        long low = 1, high = Math.Max(1, MaxDistance);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (MissRatio(FramesFor(middle)) <= missRatio)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return Math.Max(1, FramesFor(low));
    }

    /// <summary>
    /// The knees of an exact curve that <paramref name="sizes"/> (ascending) step over. Between
    /// two of them, a knee is a cliff: where one frame more takes the miss ratio down by at least
    /// half the fall between the two sizes, as when a loop over N pages fits at last in N frames;
    /// or, failing that, a span of frames no wider than a quarter of the gap that takes it down
    /// by at least three quarters of that fall, as when loops of a few sizes each fit at last
    /// (a curve that falls smoothly has none: over a quarter of the gap it falls by about a
    /// quarter, and even as steeply as 1/x³ over a doubling by less than two thirds). The cliff must also fall by at least
    /// <paramref name="minimumFall"/> and by a quarter of what the miss ratio is above the floor
    /// where it starts. Each knee gives the size before the cliff and the size after it, the
    /// largest falls first, at most <paramref name="maxKnees"/> of them; in ascending order.
    /// None for a sampled curve, whose single sizes are not known.
    /// </summary>
    public IReadOnlyList<long> KneesBetween(IReadOnlyList<long> sizes, double minimumFall, int maxKnees)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (!IsExact || _denominator <= 0)
        {
            return [];
        }

        var floor = FloorMissRatio;
        var knees = new List<(double Fall, long Before, long After)>();
        for (var i = 1; i < sizes.Count; i++)
        {
            var low = sizes[i - 1];
            var high = Math.Min(sizes[i], MaxDistance);
            if (high <= low)
            {
                continue;
            }

            var hidden = MissRatio(low) - MissRatio(sizes[i]);
            var cliff = Steepest(low, high, 1);
            if (cliff.Fall < hidden / 2)
            {
                // The gap is the sizes', though the fall ends at the largest reuse distance.
                cliff = NarrowestHolding(low, high, (sizes[i] - low) / 4, hidden * 3 / 4);
            }

            if (cliff.After > cliff.Before && cliff.Fall >= minimumFall && cliff.Fall >= (MissRatio(cliff.Before) - floor) / 4)
            {
                knees.Add(cliff);
            }
        }

        return [.. knees.OrderByDescending(k => k.Fall).ThenBy(k => k.Before).Take(maxKnees)
            .SelectMany(k => new[] { k.Before, k.After }).Where(f => f >= 1).Distinct().Order()];
    }

    // The span of `width` frames between `low` and `high` frames where the miss ratio falls
    // most: from Before frames to After = Before + width.
    private (double Fall, long Before, long After) Steepest(long low, long high, long width)
    {
        var best = (Fall: 0.0, Before: 0L, After: 0L);
        for (var before = low; before + width <= high; before++)
        {
            // Going from `before` to `before + width` frames, the accesses at the distances in between start to hit.
            var fall = (_cumulativeHits[before + width] - _cumulativeHits[before]) / _denominator;
            if (fall > best.Fall)
            {
                best = (fall, before, before + width);
            }
        }

        return best;
    }

    // The narrowest span between `low` and `high` frames, no wider than `widest`, where the miss
    // ratio falls by at least `fall`; none (After 0) when no such span is that narrow. The
    // steepest fall over a span only grows with its width, so the width is found by halving.
    private (double Fall, long Before, long After) NarrowestHolding(long low, long high, long widest, double fall)
    {
        widest = Math.Min(widest, high - low);
        var found = widest < 2 ? default : Steepest(low, high, widest);
        if (found.Fall < fall)
        {
            return default;
        }

        // `found` is the steepest span of the narrowest width known to hold the fall.
        var narrow = 1L;
        while (found.After - found.Before - narrow > 1)
        {
            var middle = narrow + ((found.After - found.Before - narrow) / 2);
            var span = Steepest(low, high, middle);
            (narrow, found) = span.Fall >= fall ? (narrow, span) : (middle, found);
        }

        return found;
    }

    /// <summary>
    /// The miss ratio of an LRU memory of <paramref name="frames"/> frames, from 0 to 1 (1 for 0
    /// frames): <see cref="RescaledMissRatio"/> capped at 1.
    /// </summary>
    public double MissRatio(long frames) => Math.Min(RescaledMissRatio(frames), 1);

    /// <summary>
    /// The miss ratio of <paramref name="frames"/> frames before it is capped at 1: for an exact
    /// curve, the miss ratio; for a sampled one, the sampled misses over the expected samples,
    /// which is above 1 when the sample caught more accesses than expected (a very hot page in
    /// it) and most of them missed there. See <see cref="IsCapped"/>.
    /// </summary>
    public double RescaledMissRatio(long frames)
    {
        if (_denominator <= 0)
        {
            return 0;
        }

        if (frames <= 0)
        {
            // Nothing fits: every access misses, whatever a sample's estimate of their number.
            return 1;
        }

        var misses = _cumulativeWeights is { } weights
            ? _totalWeight - weights[SampledDistanceWithin(frames)]
            : SampledAccesses - _cumulativeHits[SampledDistanceWithin(frames)];
        return Math.Max(misses / _denominator, 0);
    }

    /// <summary>True when the estimate at <paramref name="frames"/> came out above 1 and <see cref="MissRatio"/> gives 1 in its place; never for an exact curve.</summary>
    public bool IsCapped(long frames) => CappedFrom(frames) is not null;

    /// <summary>
    /// The estimate at <paramref name="frames"/> before the cap (<see cref="RescaledMissRatio"/>)
    /// when it came out above 1 (<see cref="IsCapped"/>), for a reader to see how far; otherwise null.
    /// </summary>
    public double? CappedFrom(long frames) => RescaledMissRatio(frames) is var rescaled && rescaled > 1 ? rescaled : null;

    /// <summary>Misses of an LRU memory of <paramref name="frames"/> frames over the whole trace; rounded from the estimate when sampled.</summary>
    public long Misses(long frames) =>
        IsExact ? SampledAccesses - _cumulativeHits[SampledDistanceWithin(frames)] : (long)Math.Round(MissRatio(frames) * Accesses);

    /// <summary>The curve at each of <paramref name="frames"/>.</summary>
    public IReadOnlyList<MissRatioPoint> Points(IEnumerable<long> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return frames.Select(f => new MissRatioPoint(f, Misses(f), MissRatio(f))).ToList();
    }

    /// <summary>
    /// The curve at every size where it changes: for an exact curve, 1 to <see cref="FramesToFloor"/>;
    /// for a sampled one, the scaled size of each sampled distance (for a fixed-size sample, each bin's largest size).
    /// </summary>
    public IReadOnlyList<MissRatioPoint> Points()
    {
        var points = new List<MissRatioPoint>((int)Math.Min(MaxDistance, 1 << 20));
        for (var d = 1L; d <= MaxDistance; d++)
        {
            var frames = FramesFor(d);
            points.Add(new MissRatioPoint(frames, Misses(frames), MissRatio(frames)));
        }

        return points;
    }

    // The largest sampled distance that hits in a memory of this size. A sampled distance d
    // counts the page itself and d - 1 other sampled pages, each standing for 1 / rate pages:
    // it hits when 1 + (d - 1) / rate <= frames, that is d <= 1 + (frames - 1) * rate.
    private long SampledDistanceWithin(long frames)
    {
        if (frames <= 0)
        {
            return 0;
        }

        if (_cumulativeWeights is not null)
        {
            return Math.Min(frames / _binWidth, MaxDistance);
        }

        // Integer arithmetic (rate = T / 2^24) so that an exact curve is exact at every size.
        var d = frames >= (1L << 38) ? MaxDistance : 1 + (((frames - 1) * _threshold) >> Shards.ModulusBits);
        return Math.Min(d, MaxDistance);
    }

    // The smallest memory in which sampled distance d hits: 1 + ceil((d - 1) / rate).
    private long FramesFor(long d) =>
        d <= 0 ? 0 : _cumulativeWeights is not null ? d * _binWidth : 1 + ((((d - 1) << Shards.ModulusBits) + _threshold - 1) / _threshold);
}
