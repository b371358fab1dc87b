namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// A replacement policy written the way its paper states it, as a cache simulator: it is told
/// every reference and keeps its lists of pages itself, with none of vmsim's frames, ghost
/// tables, rings or heaps. Models are slow and plain on purpose, so that they can be read
/// against the paper line by line; <see cref="ModelComparison"/> holds vmsim's policy to the
/// same evictions.
/// </summary>
internal interface ICacheModel
{
    /// <summary>
    /// References <paramref name="page"/>, read or written: a hit, or a fault that loads it. Returns
    /// the page evicted to make room for it, or null for a hit or a fault that found room.
    /// </summary>
    int? Reference(int page, bool write);

    /// <summary>
    /// The pages the model has let go on its own after a reference, not to make room (the
    /// working set's departures), in order, since it began; none for most policies.
    /// </summary>
    IReadOnlyList<int> Departed => [];
}
