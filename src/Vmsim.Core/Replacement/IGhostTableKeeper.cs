using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy whose ghosts live in one <see cref="GhostTable"/>: it forgets them when the kernel
/// says no fault can reach them again (an address space ended, an object freed, a swap slot
/// freed), and answers the invariant checker (<see cref="IGhostKeeper"/>), all through the table,
/// which forgets each ghost through the policy's own forgetting of its slot.
/// </summary>
internal interface IGhostTableKeeper : IReplacementPolicy, IGhostKeeper
{
    /// <summary>The lookup of the policy's ghost table.</summary>
    GhostLookup GhostLookup { get; }

    /// <inheritdoc/>
    void IReplacementPolicy.OnAddressSpaceExit(int asid) => GhostLookup.ForgetAddressSpace(asid);

    /// <inheritdoc/>
    void IReplacementPolicy.OnObjectFreed(int file) => GhostLookup.ForgetObject(file);

    /// <inheritdoc/>
    void IReplacementPolicy.OnSwapSlotFreed(SwapSlot slot) => GhostLookup.Forget(PageIdentity.InSwap(slot));

    /// <inheritdoc/>
    bool IGhostKeeper.Remembers(int asid) => GhostLookup.Remembers(asid);

    /// <inheritdoc/>
    bool IGhostKeeper.RemembersObject(int file) => GhostLookup.RemembersObject(file);

    /// <inheritdoc/>
    bool IGhostKeeper.Remembers(PageIdentity page) => GhostLookup.Find(page) >= 0;
}
