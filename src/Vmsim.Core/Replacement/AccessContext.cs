using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>What a policy may know about the access that loaded or hit a frame.</summary>
/// <param name="Time">Virtual time: the index of this access, counting from 0.</param>
/// <param name="Asid">The address space (process) that made the access.</param>
/// <param name="Page">The virtual page accessed.</param>
/// <param name="Kind">Read, write or execute.</param>
/// <param name="NextUse">
/// The virtual time of the next access to the same page by the same address space, or
/// <see cref="AccessContext.Never"/>; <see cref="AccessContext.Unknown"/> when the workload does not know the future.
/// </param>
public readonly record struct AccessContext(long Time, int Asid, PageNumber Page, AccessKind Kind, long NextUse)
{

    /// <summary>The page is never accessed again.</summary>
    public const long Never = long.MaxValue;

    /// <summary>The workload does not know when the page is next used.</summary>
    public const long Unknown = -1;
}
