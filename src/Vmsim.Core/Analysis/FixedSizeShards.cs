using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// SHARDS in fixed memory: an approximate LRU miss-ratio curve from a spatial sample of at most
/// <see cref="MaxPages"/> pages, whatever the trace's footprint. Pages are sampled as in
/// <see cref="Shards"/> (hash mod P &lt; T, P = 2^24), starting at a given rate; when a new page
/// would make the sample one too many, the pages with the largest hash in it (and the new one, if
/// its hash is as large) leave the sample and T falls to that hash, so the rate falls as the
/// footprint grows and no page that left can come back. Each sampled access is weighed by 1 / R,
/// the rate at its time, and a re-access at sampled distance d is put at 1 + (d - 1) / R frames;
/// this is the paper's rescaling of the histogram by R'/R at each lowering, done once at the end.
/// With the adjustment on (the default) miss ratios are divided by the trace's accesses, as
/// <see cref="Shards.Adjust"/> divides by the expected samples. Source: C. A. Waldspurger,
/// N. Park, A. Garthwaite and I. Ahmad, "Efficient MRC construction with SHARDS", FAST 2015,
/// section 4.2 (fixed-size SHARDS).
/// </summary>
/// <remarks>
/// The weights go into bins of memory sizes. Bins start one frame wide; when a distance falls
/// past the last of <see cref="MaxBins"/> bins, neighbouring bins are merged two by two and the
/// width doubles, so the histogram too stays bounded (at most four bins a sampled page, and
/// never fewer than 4096). With room for every page and a starting rate of 1 the sample is the
/// whole trace and the curve is exact.
/// </remarks>
public sealed class FixedSizeShards : ICurveAnalysis
{
    private readonly LruStackDistance _sample = new();

    // The sampled pages by hash, largest first: the next to leave the sample.
    private readonly PriorityQueue<(ulong Page, int Pid), uint> _byHash = new(Comparer<uint>.Create((a, b) => b.CompareTo(a)));
    private readonly ulong _seed;
    private ulong _threshold;
    private double[] _bins = new double[1024];
    private long _binWidth = 1;
    private double _totalWeight;
    private long _sampledCold;

    /// <summary>
    /// Samples at most <paramref name="maxPages"/> pages, starting at <paramref name="initialRate"/> (0 &lt; rate &lt;= 1,
    /// rounded to a multiple of 2^-24), hashing with <paramref name="seed"/>.
    /// </summary>
    public FixedSizeShards(int maxPages, double initialRate = 1.0, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        if (!(initialRate > 0 && initialRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialRate), initialRate, "the sampling rate must lie in (0, 1]");
        }

        MaxPages = maxPages;
        MaxBins = Math.Max(4096, 4L * maxPages);
        _threshold = (ulong)Math.Max(1, Math.Round(initialRate * Shards.Modulus));
        _seed = seed;
    }

    /// <summary>The most pages the sample holds.</summary>
    public int MaxPages { get; }

    /// <summary>The most bins of memory sizes the histogram holds.</summary>
    public long MaxBins { get; }

    /// <summary>The rate in use now, T / P: it only ever falls.</summary>
    public double Rate => (double)_threshold / Shards.Modulus;

    /// <summary>True (the default) to divide by all the accesses rather than the weight of the sampled ones (SHARDS_adj).</summary>
    public bool Adjust { get; init; } = true;

    /// <summary>Accesses seen, sampled or not.</summary>
    public long Accesses { get; private set; }

    /// <summary>Accesses to pages that were in the sample at the time.</summary>
    public long SampledAccesses { get; private set; }

    /// <summary>Pages in the sample now: at most <see cref="MaxPages"/>.</summary>
    public int SampledPages => _sample.DistinctPages;

    /// <summary>Frames a bin of the histogram covers now (1 until the histogram first fills).</summary>
    public long BinWidth => _binWidth;

    /// <summary>Counts one access; returns true when its page is in the sample.</summary>
    public bool Access(int pid, ulong page)
    {
        Accesses++;
        var hash = (uint)(PageHash.Of(page, pid, _seed) & (Shards.Modulus - 1));
        if (hash >= _threshold)
        {
            return false;
        }

        var weight = (double)Shards.Modulus / _threshold;
        var distance = _sample.Access(pid, page);
        if (distance == 0)
        {
            if (_byHash.Count >= MaxPages && _byHash.TryPeek(out _, out var largest) && hash >= largest)
            {
                // The new page is among the pages to leave: the threshold falls to its hash.
                _sample.Remove(pid, page);
                LowerThreshold(hash);
                return false;
            }

            _byHash.Enqueue((page, pid), hash);
            SampledAccesses++;
            _sampledCold++;
            _totalWeight += weight;
            if (_byHash.Count > MaxPages && _byHash.TryPeek(out _, out largest))
            {
                LowerThreshold(largest);
            }

            return true;
        }

        SampledAccesses++;
        _totalWeight += weight;

        // The smallest memory in which the access hits: the page itself and d - 1 sampled pages, each standing for 1 / R.
        var frames = 1 + (long)Math.Ceiling((distance - 1) * weight);
        var bin = (frames + _binWidth - 1) / _binWidth;
        while (bin >= MaxBins)
        {
            Coarsen();
            bin = (frames + _binWidth - 1) / _binWidth;
        }

        if (bin >= _bins.Length)
        {
            Array.Resize(ref _bins, (int)Math.Min(MaxBins, Math.Max(2L * _bins.Length, bin + 1)));
        }

        _bins[bin] += weight;
        return true;
    }

    /// <summary>Counts every access of <paramref name="accesses"/>, with pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    public void Add(ReadOnlySpan<MemoryAccess> accesses, int offsetBits)
    {
        foreach (ref readonly var access in accesses)
        {
            Access(access.Pid, access.Address >> offsetBits);
        }
    }

    /// <summary>
    /// Sets the counts (the accesses, the weights in the bins) back to zero and keeps the sample and
    /// its stack, as <see cref="LruStackDistance.ResetCounts"/>; the rate goes on falling from where it is.
    /// </summary>
    public void ResetCounts()
    {
        _bins.AsSpan().Clear();
        _totalWeight = 0;
        _sampledCold = 0;
        Accesses = 0;
        SampledAccesses = 0;
    }

    /// <summary>The estimated LRU miss-ratio curve of the accesses counted so far; exact if the sample never had to shrink from a rate of 1.</summary>
    public MissRatioCurve ToCurve()
    {
        if (_threshold == Shards.Modulus)
        {
            // Every page sampled, every weight 1 and every bin one frame wide: the exact histogram.
            var hits = new long[_bins.Length];
            for (var d = 1; d < hits.Length; d++)
            {
                hits[d] = (long)_bins[d];
            }

            return new MissRatioCurve(hits, Accesses, SampledAccesses, _sampledCold, Shards.Modulus, adjusted: false) { SampledPages = SampledPages };
        }

        return new MissRatioCurve(_bins, _binWidth, _totalWeight, Accesses, SampledAccesses, _sampledCold, (long)_threshold, Adjust) { SampledPages = SampledPages };
    }

    // Makes `threshold` the new T: every sampled page with a hash at or above it leaves the sample.
    private void LowerThreshold(uint threshold)
    {
        while (_byHash.TryPeek(out var key, out var hash) && hash >= threshold)
        {
            _byHash.Dequeue();
            _sample.Remove(key.Pid, key.Page);
        }

        _threshold = threshold;
    }

    // Doubles the bins' width: bins 2b - 1 and 2b become bin b.
    private void Coarsen()
    {
        var merged = new double[_bins.Length];
        for (var b = 1; b < _bins.Length; b++)
        {
            merged[(b + 1) / 2] += _bins[b];
        }

        _bins = merged;
        _binWidth *= 2;
    }
}
