using System.Numerics;

namespace Vmsim.Core.Replacement;

/// <summary>
/// TinyLFU's doorkeeper: a Bloom filter in front of the frequency sketch. The first time an
/// item is seen within a sample it only sets its bits here; only the items seen again reach
/// the sketch's counters, so the many pages used once in a sample cost no counter. Three
/// probes per item, derived from one 64-bit hash by double hashing; the bits are a power of
/// two, in an array of words sized once.
/// </summary>
internal sealed class Doorkeeper
{
    private const int Probes = 3;
    private readonly ulong[] _words;
    private readonly int _mask;

    /// <summary>A doorkeeper of at least <paramref name="bits"/> bits (a power of two, at least 64).</summary>
    public Doorkeeper(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bits);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, bits));
        _words = new ulong[size / 64];
        _mask = size - 1;
    }

    /// <summary>True when every bit of <paramref name="hash"/> is set: the item was seen in this sample, or collides with items that were.</summary>
    public bool Contains(ulong hash)
    {
        var (a, b) = Split(hash);
        for (var i = 0; i < Probes; i++)
        {
            var bit = BitOf(a, b, i);
            if ((_words[bit >> 6] & (1UL << (bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sets the bits of <paramref name="hash"/>; returns true when they were all set already.</summary>
    public bool Add(ulong hash)
    {
        var (a, b) = Split(hash);
        var present = true;
        for (var i = 0; i < Probes; i++)
        {
            var bit = BitOf(a, b, i);
            ref var word = ref _words[bit >> 6];
            var flag = 1UL << (bit & 63);
            present &= (word & flag) != 0;
            word |= flag;
        }

        return present;
    }

    /// <summary>Clears every bit (TinyLFU's reset).</summary>
    public void Clear() => Array.Clear(_words);

    // The bit of probe i: double hashing over the two halves.
    private int BitOf(uint a, uint b, int i) => (int)((a + ((uint)i * b)) & (uint)_mask);

    // The two halves of the hash; the step is odd, so that the probes of one item differ.
    private static (uint A, uint B) Split(ulong hash) => ((uint)hash, (uint)(hash >> 32) | 1);
}
