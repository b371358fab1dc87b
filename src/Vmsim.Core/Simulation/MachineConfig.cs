using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Simulation;

/// <summary>Everything that shapes a simulated machine.</summary>
public sealed record MachineConfig
{
    /// <summary>Physical frames.</summary>
    public int Frames { get; init; } = 16;

    /// <summary>Slots on the swap device (0: no swap).</summary>
    public int SwapSlots { get; init; } = 64;

    /// <summary>Page size and page-table shape.</summary>
    public PageGeometry Geometry { get; init; } = PageGeometry.X64;

    /// <summary>TLB entries (0: no TLB).</summary>
    public int TlbEntries { get; init; } = 64;

    /// <summary>TLB associativity (entries per set).</summary>
    public int TlbWays { get; init; } = 4;

    /// <summary>True: TLB entries are tagged by ASID and survive a context switch; false: the TLB is flushed on every switch.</summary>
    public bool TlbAsidTagged { get; init; } = true;

    /// <summary>Global or local replacement.</summary>
    public ReplacementScope Scope { get; init; } = ReplacementScope.Global;

    /// <summary>The replacement policy's name.</summary>
    public string Policy { get; init; } = "clock";

    /// <summary>The replacement policy's parameters.</summary>
    public PolicyOptions PolicyOptions { get; init; } = new();

    /// <summary>Accesses between two policy ticks (Aging); at least 1.</summary>
    public int TickInterval { get; init; } = 100;

    /// <summary>What events cost.</summary>
    public CostModel Cost { get; init; } = new();

    /// <summary>
    /// The window tau, in references, over which each process's working set is measured
    /// (<see cref="WorkingSetMeter"/>); 0 measures nothing.
    /// </summary>
    public long WorkingSetWindow { get; init; }

    /// <summary>Checks every kernel invariant after each step and throws when one breaks (slow; for tests).</summary>
    public bool CheckInvariants { get; init; }
}
