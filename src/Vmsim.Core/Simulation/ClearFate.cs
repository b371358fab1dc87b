namespace Vmsim.Core.Simulation;

/// <summary>
/// What became of a page whose bits a victim search cleared (<see cref="BitClear.DuringSearch"/>),
/// as <see cref="BitClearWords"/> tells it: a fault can search twice (for the page, then for a
/// private copy), and a page one search cleared the other can take.
/// </summary>
internal enum ClearFate
{
    /// <summary>No search of the step took it: it stayed resident.</summary>
    Kept,

    /// <summary>The step's other search took it as its victim.</summary>
    TakenByOther,

    /// <summary>The search that cleared it then took it as its victim.</summary>
    Taken,
}
