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
    private readonly PageIdentity? _identity;

    /// <summary>The page is never accessed again.</summary>
    public const long Never = long.MaxValue;

    /// <summary>The workload does not know when the page is next used.</summary>
    public const long Unknown = -1;

    /// <summary>
    /// The page as a policy remembers it after it leaves memory: the kernel sets it when it
    /// tells a policy of a page it loaded into the page cache (the object and index); without
    /// it, the private page (<see cref="Asid"/>, <see cref="Page"/>).
    /// </summary>
    public PageIdentity Identity
    {
        get => _identity ?? PageIdentity.Private(Asid, Page);
        init => _identity = value;
    }
}
