namespace Vmsim.Core.Replacement;

/// <summary>Why a frame stopped holding its page.</summary>
public enum RemovalReason
{
    /// <summary>The policy chose it as a victim, or named it as a departure (<see cref="IReplacementPolicy.NextDeparture"/>), and the kernel evicted it.</summary>
    Evicted,

    /// <summary>Its last user let it go: munmap, exit, a COW break that freed it, or the OOM killer.</summary>
    Released,
}
