using System.Numerics;

namespace Vmsim.Core.Replacement;

/// <summary>
/// TinyLFU's approximate frequency histogram: a count-min sketch of four rows of 4-bit
/// counters (sixteen to a word), behind a <see cref="Doorkeeper"/>, with the paper's reset.
/// Recording an item sets its doorkeeper bits the first time in a sample and raises its
/// counter in every row (each up to 15) after that; its estimate is the least of its four
/// counters, plus one if the doorkeeper has it. Each recording counts towards the sample
/// size W; when the count reaches W, every counter is halved (rounding down), the
/// doorkeeper is cleared and the count itself is halved, so the sketch keeps a recent
/// frequency and an item's old popularity fades.
/// </summary>
/// <remarks>
/// Items are 64-bit hashes, which the caller makes deterministic; the rows take their
/// columns from the two halves of the hash by double hashing. Nothing allocates after
/// construction.
/// </remarks>
internal sealed class FrequencySketch
{
    /// <summary>The rows of counters: four estimates, of which the least is taken.</summary>
    public const int Rows = 4;

    /// <summary>The largest value a 4-bit counter holds.</summary>
    public const int MaxCount = 15;

    private const ulong HighBitsOfEachCounterAfterHalving = 0x7777_7777_7777_7777UL;

    private readonly ulong[] _counters;
    private readonly int _columnMask;
    private readonly int _wordsPerRow;
    private readonly Doorkeeper _doorkeeper;

    /// <summary>
    /// A sketch of <paramref name="columns"/> counters per row (rounded up to a power of two,
    /// at least 16), a doorkeeper of <paramref name="doorkeeperBits"/> bits, and a reset every
    /// <paramref name="sampleSize"/> recordings.
    /// </summary>
    public FrequencySketch(int columns, int doorkeeperBits, long sampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleSize);
        var width = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, columns));
        _columnMask = width - 1;
        _wordsPerRow = width / 16;
        _counters = new ulong[Rows * _wordsPerRow];
        _doorkeeper = new Doorkeeper(doorkeeperBits);
        SampleSize = sampleSize;
    }

    /// <summary>
    /// A sketch for a cache of <paramref name="frames"/> pages: four counters per page in each
    /// row, W = 10 × frames (the paper's sample size), and four doorkeeper bits per recording
    /// of a sample, so that even a sample of W distinct pages (a scan) lets few of them
    /// through the doorkeeper by a false positive: with three probes, about one in seven at
    /// the end of the first sample, when W recordings share the bits, and about one in thirty
    /// in later ones, which start from half the count.
    /// </summary>
    public static FrequencySketch ForFrames(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var sample = 10L * frames;
        return new FrequencySketch(Math.Max(16, 4 * frames), (int)Math.Min(1 << 30, 4 * sample), sample);
    }

    /// <summary>W: the recordings after which the counters are halved and the doorkeeper cleared.</summary>
    public long SampleSize { get; }

    /// <summary>Recordings counted towards the next reset.</summary>
    public long Recorded { get; private set; }

    /// <summary>How many resets have happened.</summary>
    public long Resets { get; private set; }

    /// <summary>Records one occurrence of <paramref name="hash"/>, then resets if the sample is complete.</summary>
    public void Record(ulong hash)
    {
        if (_doorkeeper.Add(hash))
        {
            var (a, b) = Split(hash);
            for (var row = 0; row < Rows; row++)
            {
                var (word, shift) = Place(row, a, b);
                if (((_counters[word] >> shift) & MaxCount) < MaxCount)
                {
                    _counters[word] += 1UL << shift;
                }
            }
        }

        if (++Recorded >= SampleSize)
        {
            Reset();
        }
    }

    /// <summary>The estimated frequency of <paramref name="hash"/> in the current sample: the least of its counters, plus one if the doorkeeper has it.</summary>
    public int Estimate(ulong hash) => Counted(hash) + (_doorkeeper.Contains(hash) ? 1 : 0);

    /// <summary>True when the doorkeeper has <paramref name="hash"/>: it was recorded in this sample (or collides with an item that was).</summary>
    public bool DoorkeeperHas(ulong hash) => _doorkeeper.Contains(hash);

    /// <summary>The least of the counters of <paramref name="hash"/>, without the doorkeeper's one.</summary>
    public int Counted(ulong hash)
    {
        var (a, b) = Split(hash);
        var least = MaxCount;
        for (var row = 0; row < Rows; row++)
        {
            var (word, shift) = Place(row, a, b);
            least = Math.Min(least, (int)((_counters[word] >> shift) & MaxCount));
        }

        return least;
    }

    /// <summary>The paper's reset: halves every counter and the count of recordings, and clears the doorkeeper.</summary>
    public void Reset()
    {
        for (var i = 0; i < _counters.Length; i++)
        {
            // Each 4-bit counter shifted right by one: the bit each counter takes from its
            // neighbour above is masked off.
            _counters[i] = (_counters[i] >> 1) & HighBitsOfEachCounterAfterHalving;
        }

        _doorkeeper.Clear();
        Recorded /= 2;
        Resets++;
    }

    /// <summary>Forgets everything, as a new sketch would.</summary>
    public void Clear()
    {
        Array.Clear(_counters);
        _doorkeeper.Clear();
        Recorded = 0;
        Resets = 0;
    }

    // The two halves of the hash mixed once more, the step odd so that the rows' columns differ;
    // the doorkeeper takes the halves of the hash as it is, so its probes and the rows' columns
    // fall apart.
    private static (uint A, uint B) Split(ulong hash)
    {
        var mixed = hash * 0x9E37_79B9_7F4A_7C15UL;
        return ((uint)(mixed >> 32), (uint)mixed | 1);
    }

    private (int Word, int Shift) Place(int row, uint a, uint b)
    {
        var column = (int)((a + ((uint)row * b)) & (uint)_columnMask);
        return ((row * _wordsPerRow) + (column >> 4), (column & 15) << 2);
    }
}
