namespace Vmsim.Core.Analysis;

/// <summary>A deterministic 64-bit hash of a process's page, for spatial sampling.</summary>
internal static class PageHash
{
    /// <summary>
    /// MurmurHash3's 64-bit finalizer (fmix64) over the page mixed with the pid and a seed:
    /// every input bit affects every output bit, so the low bits that sampling keeps are as
    /// good as the high ones, whatever the pattern of page numbers.
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
