namespace Vmsim.Core.Simulation;

/// <summary>
/// The sentences that tell a step's bit clears (<see cref="BitClear"/>), built once by the
/// <see cref="StepNarrator"/> for the step's narration and its fault path, each of which puts
/// them where they came.
/// </summary>
/// <param name="Searches">
/// The clears made during the step's victim searches, search by search in the order made, each
/// with whether it was the search for the fault's second frame (<see cref="EvictionEvent.SecondFrame"/>).
/// </param>
/// <param name="AfterLoad">The clears the policy made as it took the new page in; empty when none.</param>
/// <param name="Tick">The clears of the policy's tick at the end of the access; empty when none.</param>
internal sealed record BitClearSentences(IReadOnlyList<(bool SecondFrame, string Text)> Searches, string AfterLoad, string Tick)
{
    /// <summary>The clears of every search, in the order made.</summary>
    public string Search => string.Concat(Searches.Select(s => s.Text));
}
