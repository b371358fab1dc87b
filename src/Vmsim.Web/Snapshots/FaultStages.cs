using Vmsim.Core.Simulation;

namespace Vmsim.Web.Snapshots;

/// <summary>An access's fault path (Core's <see cref="FaultPath"/>, built by the step's recorder) as the fault-path panel lists it.</summary>
internal static class FaultStages
{
    /// <summary>The stages of <paramref name="path"/>, each with its name in words (its heading in the panel) and what happened there.</summary>
    public static IReadOnlyList<FaultStageView> Of(FaultPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return [.. path.Stages.Select(stage => new FaultStageView(stage.Id, stage.Label, stage.Body))];
    }
}
