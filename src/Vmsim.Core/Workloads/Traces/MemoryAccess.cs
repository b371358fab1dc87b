using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// One memory reference of a trace, as a reader hands it over: a struct, so that a batch
/// of them is one array and replaying a trace allocates nothing per access.
/// </summary>
/// <param name="Address">
/// The byte address. Formats that record page numbers produce the first byte of the page
/// (<c>page &lt;&lt; log2(pageSize)</c>, the page size being given to the reader). An access
/// that spans a page boundary (a lackey record) is split by the reader into one access per
/// page touched, so every access lies within one page.
/// </param>
/// <param name="Kind">Read, write or execute.</param>
/// <param name="Pid">The process that made the access; 0 when the format does not say.</param>
/// <param name="NextUse">
/// The index, counting this reader's accesses from 0, of the next access to the same page by
/// the same process, or <see cref="AccessContext.Never"/>; <see cref="AccessContext.Unknown"/>
/// unless the format carries the future (oracleGeneral) or the trace went through
/// <see cref="Analysis.NextUsePrepass"/>.
/// </param>
public readonly record struct MemoryAccess(ulong Address, AccessKind Kind, int Pid, long NextUse)
{
    /// <summary>A read of <paramref name="address"/> by process 0 with no known future.</summary>
    public static MemoryAccess Read(ulong address) => new(address, AccessKind.Read, 0, AccessContext.Unknown);

    /// <summary>The page of this access for pages of 2^<paramref name="offsetBits"/> bytes.</summary>
    public ulong PageOf(int offsetBits) => Address >> offsetBits;
}
