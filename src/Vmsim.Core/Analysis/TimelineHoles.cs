using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vmsim.Core.Analysis;

/// <summary>
/// A set of slots of a timeline (the holes of <see cref="LruStackDistance"/>) that answers "how many
/// slots before this one are in the set" in a fixed number of steps, with no loop whose length
/// depends on the slot. Slots only ever join the set, until <see cref="Reset"/>.
/// </summary>
/// <remarks>
/// <para>
/// A bitmap holds the slots, 64 to a word. Above it, levels of counts with a fan-out of 64: at
/// level 1, each word's entry is the number of set slots in the earlier words of its group of 64
/// words; at level 2, each group's entry is the count of the earlier groups of its group of 64
/// groups, and so on until one group covers the timeline. A count before slot s is then the
/// popcount of its word's lower bits plus one entry per level: three or four reads for timelines
/// of millions of slots. Adding a slot increments, at each level, the entries after its own in
/// its group of 64: a few vector additions under a mask.
/// </para>
/// <para>
/// A Fenwick tree over the words does either in O(log n) steps, but its loops run a different
/// number of times for every slot, so the processor mispredicts their ends; this layout has no
/// such branch, and its counts at level 1 (16 bits each, as a group of 64 words holds at most
/// 4096 slots) are half the size of a tree's.
/// </para>
/// </remarks>
internal sealed class TimelineHoles
{
    /// <summary>Slots are allocated in whole groups of words.</summary>
    public const int Granule = 64 << Level1Bits;

    // Words in a group at level 1 (2^5 = 32, one 512-bit vector of 16-bit counts), and groups in a
    // group at the levels above (2^4 = 16, one 512-bit vector of 32-bit counts).
    private const int Level1Bits = 5;
    private const int UpperBits = 4;

    private ulong[] _bits = [];
    private ushort[] _level1 = [];

    // _levels[0] is level 2, and so on; the last level is a single group.
    private int[][] _levels = [];

    /// <summary>A timeline of at least <paramref name="capacity"/> slots, none set.</summary>
    public TimelineHoles(int capacity) => Reset(capacity);

    /// <summary>Slots in the timeline: a multiple of <see cref="Granule"/>.</summary>
    public int Capacity => _bits.Length * 64;

    /// <summary>Set slots.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the set and makes the timeline at least <paramref name="capacity"/> slots long (it never shrinks).</summary>
    public void Reset(int capacity)
    {
        capacity = (int)Math.Min(int.MaxValue & ~(Granule - 1), ((long)capacity + Granule - 1) & ~(long)(Granule - 1));
        Count = 0;
        if (capacity <= Capacity)
        {
            _bits.AsSpan().Clear();
            _level1.AsSpan().Clear();
            foreach (var level in _levels)
            {
                level.AsSpan().Clear();
            }

            return;
        }

        var words = capacity / 64;
        _bits = new ulong[words];
        _level1 = new ushort[words];
        var levels = new List<int[]>();
        const int group = 1 << UpperBits;
        for (var entries = words >> Level1Bits; entries > 1; entries = (entries + group - 1) >> UpperBits)
        {
            // Whole groups, so that an update is the same vector addition for every slot.
            levels.Add(new int[(entries + group - 1) & ~(group - 1)]);
        }

        _levels = [.. levels];
    }

    /// <summary>True when <paramref name="slot"/> is set.</summary>
    public bool Contains(int slot) => (_bits[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>Set slots before <paramref name="slot"/> (which must lie in the timeline).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CountBefore(int slot)
    {
        var word = slot >> 6;

        // The callers' slots lie in the timeline, so every index below does too (each level has an
        // entry for every group of the level beneath): the reads skip the range checks, on a path
        // that every re-access of every page takes.
        var count = BitOperations.PopCount(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bits), word) & ((1UL << slot) - 1))
            + Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_level1), word);
        var index = word >> Level1Bits;
        foreach (var level in _levels)
        {
            count += Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(level), index);
            index >>= UpperBits;
        }

        return count;
    }

    /// <summary>Sets <paramref name="slot"/>, which must lie in the timeline and not be set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int slot)
    {
        var word = slot >> 6;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bits), word) |= 1UL << slot;
        const int words = (1 << Level1Bits) - 1;
        const int groups = (1 << UpperBits) - 1;
        IncrementAfter(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_level1), word & ~words), word & words);
        var index = word >> Level1Bits;
        foreach (var level in _levels)
        {
            IncrementAfter(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(level), index & ~groups), index & groups);
            index >>= UpperBits;
        }

        Count++;
    }

    // Adds one to the entries after `position` in a group of 64 counts: lanes whose index exceeds
    // the position compare to all ones (-1), and subtracting that adds one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void IncrementAfter(ref ushort group, int position)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var at = Vector512.Create((ushort)position);
            var lanes = Vector512<ushort>.Indices;
            var step = Vector512.Create((ushort)Vector512<ushort>.Count);
            for (var i = 0; i < 1 << Level1Bits; i += Vector512<ushort>.Count)
            {
                var counts = Vector512.LoadUnsafe(ref group, (nuint)i);
                (counts - Vector512.GreaterThan(lanes, at)).StoreUnsafe(ref group, (nuint)i);
                lanes += step;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var at = Vector256.Create((ushort)position);
            var lanes = Vector256<ushort>.Indices;
            var step = Vector256.Create((ushort)Vector256<ushort>.Count);
            for (var i = 0; i < 1 << Level1Bits; i += Vector256<ushort>.Count)
            {
                var counts = Vector256.LoadUnsafe(ref group, (nuint)i);
                (counts - Vector256.GreaterThan(lanes, at)).StoreUnsafe(ref group, (nuint)i);
                lanes += step;
            }
        }
        else
        {
            for (var i = position + 1; i < 1 << Level1Bits; i++)
            {
                Unsafe.Add(ref group, i)++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void IncrementAfter(ref int group, int position)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var at = Vector512.Create(position);
            var lanes = Vector512<int>.Indices;
            var step = Vector512.Create(Vector512<int>.Count);
            for (var i = 0; i < 1 << UpperBits; i += Vector512<int>.Count)
            {
                var counts = Vector512.LoadUnsafe(ref group, (nuint)i);
                (counts - Vector512.GreaterThan(lanes, at)).StoreUnsafe(ref group, (nuint)i);
                lanes += step;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var at = Vector256.Create(position);
            var lanes = Vector256<int>.Indices;
            var step = Vector256.Create(Vector256<int>.Count);
            for (var i = 0; i < 1 << UpperBits; i += Vector256<int>.Count)
            {
                var counts = Vector256.LoadUnsafe(ref group, (nuint)i);
                (counts - Vector256.GreaterThan(lanes, at)).StoreUnsafe(ref group, (nuint)i);
                lanes += step;
            }
        }
        else
        {
            for (var i = position + 1; i < 1 << UpperBits; i++)
            {
                Unsafe.Add(ref group, i)++;
            }
        }
    }
}
