using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// SHARDS, fixed-rate: an approximate LRU miss-ratio curve from a spatial sample of the pages.
/// Each page is hashed; it is sampled when <c>hash mod P &lt; T</c> (P = 2^24), at rate
/// R = T / P, and every access to a sampled page (and no other) goes through Mattson's
/// algorithm; a sampled stack distance d (the page and d - 1 other sampled pages) stands for
/// 1 + (d - 1) / R in the whole trace. Memory and time
/// shrink by about R. With the adjustment on (the default), miss ratios are divided by the
/// expected number of sampled accesses (R times all accesses) rather than the actual number,
/// which corrects for a sample that happened to catch a few very hot pages or missed them.
/// Source: C. A. Waldspurger, N. Park, A. Garthwaite and I. Ahmad, "Efficient MRC construction
/// with SHARDS", FAST 2015.
/// </summary>
public sealed class Shards : ICurveAnalysis
{
    /// <summary>Bits of the sampling modulus P.</summary>
    public const int ModulusBits = 24;

    /// <summary>The sampling modulus P = 2^24.</summary>
    public const long Modulus = 1L << ModulusBits;

    private readonly LruStackDistance _sample = new();
    private readonly ulong _seed;
    private readonly ulong _threshold;
    private readonly MemoryAccess[] _batch = new MemoryAccess[1024];

    /// <summary>Samples pages at <paramref name="rate"/> (0 &lt; rate &lt;= 1, rounded to a multiple of 2^-24), hashing with <paramref name="seed"/>.</summary>
    public Shards(double rate, ulong seed = 0)
    {
        if (!(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "the sampling rate must lie in (0, 1]");
        }

        _threshold = (ulong)Math.Max(1, Math.Round(rate * Modulus));
        _seed = seed;
    }

    /// <summary>The rate in use, T / P.</summary>
    public double Rate => (double)_threshold / Modulus;

    /// <summary>True (the default) to divide by the expected number of sampled accesses (SHARDS_adj).</summary>
    public bool Adjust { get; init; } = true;

    /// <summary>Accesses seen, sampled or not.</summary>
    public long Accesses { get; private set; }

    /// <summary>Accesses to sampled pages.</summary>
    public long SampledAccesses => _sample.Accesses;

    /// <summary>Distinct sampled pages (about R times the distinct pages).</summary>
    public int SampledPages => _sample.DistinctPages;

    /// <summary>True when the page of <paramref name="pid"/> is in the sample at this rate and seed.</summary>
    public bool IsSampled(int pid, ulong page) => (PageHash.Of(page, pid, _seed) & (Modulus - 1)) < _threshold;

    /// <summary>Counts one access; returns true when its page is sampled.</summary>
    public bool Access(int pid, ulong page)
    {
        Accesses++;
        if (!IsSampled(pid, page))
        {
            return false;
        }

        _sample.Access(pid, page);
        return true;
    }

    /// <summary>Counts every access of <paramref name="accesses"/>, with pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    public void Add(ReadOnlySpan<MemoryAccess> accesses, int offsetBits)
    {
        // The sampled accesses, gathered, go to the exact analysis in batches, its fast path.
        var sampled = _batch.AsSpan();
        var n = 0;
        foreach (ref readonly var access in accesses)
        {
            if (IsSampled(access.Pid, access.Address >> offsetBits))
            {
                sampled[n++] = access;
                if (n == sampled.Length)
                {
                    _sample.Add(sampled, offsetBits);
                    n = 0;
                }
            }
        }

        _sample.Add(sampled[..n], offsetBits);
        Accesses += accesses.Length;
    }

    /// <summary>Sets the counts back to zero and keeps the sample's stack, as <see cref="LruStackDistance.ResetCounts"/>.</summary>
    public void ResetCounts()
    {
        Accesses = 0;
        _sample.ResetCounts();
    }

    /// <summary>The estimated LRU miss-ratio curve of the accesses counted so far.</summary>
    public MissRatioCurve ToCurve() =>
        new(_sample.Hits, Accesses, _sample.Accesses, _sample.ColdMisses, (long)_threshold, Adjust) { SampledPages = SampledPages };
}
