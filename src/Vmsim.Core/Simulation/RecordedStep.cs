using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>One step as a person sees it: an access or an operation, what it caused, and the explanation in words.</summary>
public sealed class RecordedStep
{
    /// <summary>The step's position in the recording, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The access, or null for an operation.</summary>
    public AccessEvent? Access { get; init; }

    /// <summary>The operation, or null for an access.</summary>
    public OperationEvent? Operation { get; init; }

    /// <summary>Pages evicted to make room for this step, in order.</summary>
    public IReadOnlyList<EvictionEvent> Evictions { get; init; } = [];

    /// <summary>Processes the OOM killer killed during this step.</summary>
    public IReadOnlyList<OomKillEvent> OomKills { get; init; } = [];

    /// <summary>
    /// The bits policies cleared during this step other than as second chances in a victim
    /// search (deactivations, a hand that ran after the load, a tick), in order.
    /// </summary>
    public IReadOnlyList<BitClear> BitClears { get; init; } = [];

    /// <summary>What happened, in plain words.</summary>
    public required string Explanation { get; init; }

    /// <summary>
    /// For an access, when the recorder builds them (<see cref="StepRecorder.FaultPaths"/>), its
    /// path through the machine stage by stage; otherwise null.
    /// </summary>
    public FaultPath? FaultPath { get; init; }

    /// <summary>
    /// For an access that missed the TLB while the TLB kept its history, why the translation was
    /// not there: what took it out and at which step, or a first use; otherwise null.
    /// </summary>
    public Mmu.TlbMiss? TlbMiss { get; init; }

    /// <summary>When working sets are measured, the size of the accessing process's after an access step (null if it has ended); otherwise null.</summary>
    public int? WorkingSet { get; init; }

    /// <summary>When working sets are measured, the demand D after an access step: the working sets of the running processes together; otherwise null.</summary>
    public long? Demand { get; init; }

    /// <summary>
    /// When working sets are measured, how the step moved the demand across the size of memory
    /// (<see cref="WorkingSetMeter.LastCrossing"/>: +1 above, -1 back within, 0 neither); otherwise 0.
    /// </summary>
    public int DemandCrossing { get; init; }

    /// <summary>True for an access the scenario did not make because its process had ended (<see cref="OperationEvent.IsSkippedAccess"/>).</summary>
    public bool IsSkippedAccess => Operation is { IsSkippedAccess: true };

    /// <summary>
    /// When the recorder keeps them: for each frame after the step, the page it holds as
    /// (owner pid, virtual page), or null for a free frame.
    /// </summary>
    public IReadOnlyList<(int Pid, PageNumber Page)?>? FramesAfter { get; init; }
}
