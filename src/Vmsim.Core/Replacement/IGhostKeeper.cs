namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy that remembers pages after they leave memory (ghosts, shadow entries,
/// non-resident entries), so that the invariant checker can verify that it forgets the pages no
/// fault can reach again: the private pages of an address space once it ends
/// (<see cref="IReplacementPolicy.OnAddressSpaceExit"/>), the pages of a freed object
/// (<see cref="IReplacementPolicy.OnObjectFreed"/>) and the page of a freed swap slot
/// (<see cref="IReplacementPolicy.OnSwapSlotFreed"/>).
/// </summary>
internal interface IGhostKeeper
{
    /// <summary>True when the policy still remembers an evicted private page of address space <paramref name="asid"/>.</summary>
    bool Remembers(int asid);

    /// <summary>True when the policy still remembers an evicted page of object <paramref name="file"/>.</summary>
    bool RemembersObject(int file);

    /// <summary>True when the policy holds a ghost of <paramref name="page"/> (2Q keeps one in A1out even after the page returns).</summary>
    bool Remembers(PageIdentity page);
}
