namespace Vmsim.Core.Kernel;

/// <summary>What handling a page fault came to (Linux's <c>VM_FAULT_*</c>).</summary>
[Flags]
public enum FaultResult
{
    /// <summary>Nothing was done (a spurious fault: the entry was already good).</summary>
    None = 0,

    /// <summary>Resolved without reading from disk.</summary>
    Minor = 1 << 0,

    /// <summary>Resolved by reading the page from swap or a file.</summary>
    Major = 1 << 1,

    /// <summary>A copy-on-write was broken (copied or reused).</summary>
    Cow = 1 << 2,

    /// <summary>The access was not allowed: the process gets SIGSEGV.</summary>
    SigSegv = 1 << 3,

    /// <summary>No frame could be found: the out-of-memory killer ran.</summary>
    Oom = 1 << 4,

    /// <summary>The faulting access is re-executed.</summary>
    Retry = 1 << 5,
}
