namespace Vmsim.Core.Simulation;

/// <summary>One stage of an access's path (<see cref="FaultPath"/>): what the machine did there, in words.</summary>
/// <param name="Kind">Which stage.</param>
/// <param name="Body">What happened there, a sentence or a few, without the stage's name; a lookup's
/// starts with what it looked in ("Page cache: ...", "Swap cache: ...", "Copy-on-write: ...").</param>
public sealed record FaultStage(FaultStageKind Kind, string Body)
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

    /// <summary>The stage's name in words, as a heading: TLB, Walk, Kernel, Lookup, Frame, Fetch, Page table, Restart.</summary>
    public string Label => Kind switch
    {
        FaultStageKind.Tlb => "TLB",
        FaultStageKind.Walk => "Walk",
        FaultStageKind.Kernel => "Kernel",
        FaultStageKind.Lookup => "Lookup",
        FaultStageKind.Frame => "Frame",
        FaultStageKind.Fetch => "Fetch",
        FaultStageKind.PageTable => "Page table",
        FaultStageKind.Restart => "Restart",
        _ => throw new InvalidOperationException($"fault stage {Kind} has no name"),
    };

    /// <summary>The stage as a line reads it, its name first ("Walk: ..."); a lookup's body names what it looked in itself.</summary>
    public string Text => Kind == FaultStageKind.Lookup ? Body : $"{Label}: {Body}";
}
