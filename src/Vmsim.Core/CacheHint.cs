using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Vmsim.Core;

/// <summary>
/// Hints to the processor running the simulator (not the simulated one): fetch a cache
/// line now that will be read soon. A trace replay over a large footprint misses the
/// cache on most page-table entries; asking for the entries of accesses a few steps
/// ahead overlaps those misses instead of waiting for each in turn. A hint changes
/// nothing the simulation computes, and on a processor without the instruction it
/// does nothing.
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>
    /// Starts fetching the cache line of element <paramref name="index"/> of <paramref name="array"/>.
    /// No bounds check: a check would read the array's length from its header, which on a
    /// large footprint is itself a cache miss the hint would wait for; and a hint at a
    /// wrong address does no harm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch<T>(T[] array, int index) =>
        Prefetch(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index));

    /// <summary>Starts fetching the cache line that holds <paramref name="target"/> into every cache level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch<T>(ref T target)
    {
        // Should the collector move the array meanwhile, the hint only goes to the old
        // address: a prefetch never faults and never changes memory.
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref target));
        }
    }
}
