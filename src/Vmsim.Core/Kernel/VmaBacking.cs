namespace Vmsim.Core.Kernel;

/// <summary>What a mapped region's pages come from.</summary>
/// <param name="FileId">The mapped file's number, or -1 for anonymous memory.</param>
/// <param name="FilePage">The file page that the region's first page maps (the mmap offset in pages).</param>
public readonly record struct VmaBacking(int FileId, long FilePage)
{
    /// <summary>Anonymous memory: zero-filled on first touch, swapped when evicted dirty.</summary>
    public static VmaBacking Anonymous => new(-1, 0);

    /// <summary>A file mapped from page <paramref name="filePage"/> on.</summary>
    public static VmaBacking File(int fileId, long filePage) => new(fileId, filePage);

    /// <summary>True for anonymous memory.</summary>
    public bool IsAnonymous => FileId < 0;
}
