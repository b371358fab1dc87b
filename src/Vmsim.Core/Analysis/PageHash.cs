namespace Vmsim.Core.Analysis;

/// <summary>
/// A deterministic 64-bit hash of a page and its owner, for anything that needs pages
/// spread evenly over all 64 bits and the same spread on every run: spatial sampling
/// (<see cref="Shards"/>, <see cref="FixedSizeShards"/>, a process's page), W-TinyLFU's
/// frequency sketch (a <see cref="Replacement.PageIdentity"/>'s index and owner).
/// </summary>
internal static class PageHash
{
    /// <summary>
    /// MurmurHash3's 64-bit finalizer (fmix64) over the page mixed with the owner (a pid, or
    /// a page identity's owner) and a seed: every input bit affects every output bit, so any
    /// bits a user keeps (sampling's low bits, the two halves a sketch derives its indices
    /// from) are as good as any others, whatever the pattern of page numbers. Another seed
    /// gives another hash of the same pages.
    /// </summary>
    public static ulong Of(ulong page, int pid, ulong seed)
    {
        var h = page ^ ((ulong)(uint)pid * 0x9E3779B97F4A7C15UL) ^ (seed * 0xD6E8FEB86659FD93UL);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
