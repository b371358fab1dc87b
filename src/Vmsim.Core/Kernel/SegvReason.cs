using Vmsim.Core.Addressing;

namespace Vmsim.Core.Kernel;

/// <summary>Why an access ended in a segmentation fault.</summary>
public enum SegvReason : byte
{
    /// <summary>Not a segmentation fault.</summary>
    None,

    /// <summary>No region maps the address.</summary>
    Unmapped,

    /// <summary>A write to memory that is not writable.</summary>
    WriteToReadOnly,

    /// <summary>An instruction fetch from memory that is not executable.</summary>
    ExecuteNonExecutable,

    /// <summary>A load from execute-only memory.</summary>
    ReadExecuteOnly,

    /// <summary>A load from memory with no access at all.</summary>
    ReadNoAccess,

    /// <summary>
    /// An address beyond the page table's reach, above the geometry's address bits: on
    /// x86-64 either a non-canonical address, which the processor refuses before any walk (a
    /// general-protection fault, for which Linux sends SIGSEGV as for a page fault it cannot
    /// resolve), or a canonical one of the kernel's upper half, which a user process may not
    /// touch and vmsim does not simulate (<see cref="PageGeometry.Outside"/> tells them apart).
    /// </summary>
    OutsideAddressSpace,
}

/// <summary>Plain words for <see cref="SegvReason"/>.</summary>
public static class SegvReasonText
{
    /// <summary>A short description, such as "write to read-only memory".</summary>
    public static string Describe(SegvReason reason) => reason switch
    {
        SegvReason.Unmapped => "address not mapped",
        SegvReason.WriteToReadOnly => "write to read-only memory",
        SegvReason.ExecuteNonExecutable => "execute of non-executable memory",
        SegvReason.ReadExecuteOnly => "read of execute-only memory",
        SegvReason.ReadNoAccess => "read of memory with no access",
        SegvReason.OutsideAddressSpace => "address outside the address space",
        _ => "none",
    };

    /// <summary>
    /// As <see cref="Describe(SegvReason)"/>, for the access to <paramref name="address"/> under
    /// <paramref name="geometry"/>: an address outside the address space is told as
    /// <see cref="PageGeometry.Outside"/> tells it (the kernel half, not canonical, or beyond
    /// the address bits).
    /// </summary>
    public static string Describe(SegvReason reason, PageGeometry geometry, VirtualAddress address)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return reason == SegvReason.OutsideAddressSpace ? geometry.Outside(address) : Describe(reason);
    }
}
