using Vmsim.Core.Kernel;

namespace Vmsim.Web.Snapshots;

/// <summary>Short names of fault kinds for the page (the explanation itself is Core's narrator's).</summary>
internal static class Words
{
    public static string Fault(FaultKind kind) => kind switch
    {
        FaultKind.None => "hit",
        FaultKind.ZeroFill => "zero-fill",
        FaultKind.PageCache => "page-cache hit",
        FaultKind.FileRead => "file read",
        FaultKind.SwapIn => "swap-in",
        FaultKind.SwapCache => "swap-cache hit",
        FaultKind.CowCopy => "COW copy",
        FaultKind.CowReuse => "COW reuse",
        FaultKind.SegvUnmapped => "SIGSEGV (unmapped)",
        FaultKind.SegvProtection => "SIGSEGV (protection)",
        FaultKind.Oom => "out of memory",
        _ => kind.ToString(),
    };

    /// <summary>The fault kinds a person can ask to jump to, in the order the page lists them.</summary>
    public static IReadOnlyList<FaultKind> JumpableKinds { get; } =
    [
        FaultKind.ZeroFill, FaultKind.FileRead, FaultKind.PageCache, FaultKind.SwapIn, FaultKind.SwapCache,
        FaultKind.CowCopy, FaultKind.CowReuse, FaultKind.SegvUnmapped, FaultKind.SegvProtection, FaultKind.Oom,
    ];
}
