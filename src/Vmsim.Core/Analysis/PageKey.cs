using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>A page of one process: the identity that next-use and stack-distance analyses count.</summary>
internal readonly struct PageKey(ulong page, int pid) : IEquatable<PageKey>
{
    public ulong Page { get; } = page;

    public int Pid { get; } = pid;

    public bool Equals(PageKey other) => Page == other.Page && Pid == other.Pid;

    public override bool Equals(object? obj) => obj is PageKey other && Equals(other);

    /// <summary>Adds the page of each access (<paramref name="offsetBits"/> bits of offset) to <paramref name="pages"/>.</summary>
    public static void AddPages(HashSet<PageKey> pages, ReadOnlySpan<MemoryAccess> accesses, int offsetBits)
    {
        foreach (ref readonly var access in accesses)
        {
            pages.Add(new PageKey(access.Address >> offsetBits, access.Pid));
        }
    }

    // A multiply and a shift: page numbers are often consecutive, and the dictionary takes
    // the hash modulo a prime, so this spreads them well at a fraction of HashCode.Combine's cost.
    public override int GetHashCode() => (int)(((Page ^ ((ulong)(uint)Pid << 48)) * 0x9E3779B97F4A7C15UL) >> 32);
}
