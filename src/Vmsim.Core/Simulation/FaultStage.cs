namespace Vmsim.Core.Simulation;

/// <summary>One stage of an access's path (<see cref="FaultPath"/>): what the machine did there, in words.</summary>
/// <param name="Kind">Which stage.</param>
/// <param name="Text">What happened there, a sentence or a few, starting with the stage's name ("TLB: ...").</param>
public sealed record FaultStage(FaultStageKind Kind, string Text)
{
    /// <summary>The stage's name in JSON: <c>tlb</c>, <c>walk</c>, <c>kernel</c>, <c>lookup</c>, <c>frame</c>, <c>fetch</c>, <c>page-table</c>, <c>restart</c>.</summary>
    public string Id => Kind switch
    {
        FaultStageKind.Tlb => "tlb",
        FaultStageKind.Walk => "walk",
        FaultStageKind.Kernel => "kernel",
        FaultStageKind.Lookup => "lookup",
        FaultStageKind.Frame => "frame",
        FaultStageKind.Fetch => "fetch",
        FaultStageKind.PageTable => "page-table",
        FaultStageKind.Restart => "restart",
        _ => throw new InvalidOperationException($"fault stage {Kind} has no name"),
    };
}
