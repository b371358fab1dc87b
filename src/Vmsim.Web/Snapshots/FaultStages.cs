using Vmsim.Core.Simulation;

namespace Vmsim.Web.Snapshots;

/// <summary>An access's fault path (Core's <see cref="FaultPath"/>, built by the step's recorder) as the fault-path panel lists it.</summary>
internal static class FaultStages
{
    /// <summary>The stages of <paramref name="path"/>, each with its name in words; an empty list for no path.</summary>
    public static IReadOnlyList<FaultStageView> Of(FaultPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return [.. path.Stages.Select(stage =>
        {
            var label = Label(stage.Kind);
            // Core's text begins with the stage's name ("Walk: ..."), which the panel shows as the
            // stage's heading already; a lookup's text begins with what it looked in, which stays.
            var text = stage.Text.StartsWith($"{label}: ", StringComparison.Ordinal) ? stage.Text[(label.Length + 2)..] : stage.Text;
            return new FaultStageView(stage.Id, label, text);
        })];
    }

    /// <summary>A stage's name in words.</summary>
    public static string Label(FaultStageKind kind) => kind switch
    {
        FaultStageKind.Tlb => "TLB",
        FaultStageKind.Walk => "Walk",
        FaultStageKind.Kernel => "Kernel",
        FaultStageKind.Lookup => "Lookup",
        FaultStageKind.Frame => "Frame",
        FaultStageKind.Fetch => "Fetch",
        FaultStageKind.PageTable => "Page table",
        FaultStageKind.Restart => "Restart",
        _ => kind.ToString(),
    };
}
