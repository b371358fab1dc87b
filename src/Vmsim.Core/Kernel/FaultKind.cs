namespace Vmsim.Core.Kernel;

/// <summary>Which case of the fault handler resolved a fault.</summary>
public enum FaultKind : byte
{
    /// <summary>No fault: the access hit.</summary>
    None,

    /// <summary>First touch of an anonymous page: a zeroed frame (minor).</summary>
    ZeroFill,

    /// <summary>A file page found in the page cache (minor).</summary>
    PageCache,

    /// <summary>A file page read from its file (major).</summary>
    FileRead,

    /// <summary>A swapped-out page read back from swap (major).</summary>
    SwapIn,

    /// <summary>A swapped-out page found still resident in the swap cache (minor).</summary>
    SwapCache,

    /// <summary>A write to a shared copy-on-write page: the page was copied (minor).</summary>
    CowCopy,

    /// <summary>A write to a copy-on-write page whose other sharers are gone: made writable in place (minor).</summary>
    CowReuse,

    /// <summary>No region maps the address: SIGSEGV.</summary>
    SegvUnmapped,

    /// <summary>The region forbids the access: SIGSEGV.</summary>
    SegvProtection,

    /// <summary>No frame could be found and the faulting process was killed.</summary>
    Oom,
}
