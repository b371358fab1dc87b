namespace Vmsim.Core.Simulation;

/// <summary>
/// How a teller of bit clears names what <see cref="BitClearWords"/> tells: the scenario's
/// narrator names frames and their pages and what became of their TLB entries; the
/// reference-string steps name pages alone.
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Pages">
/// The cleared pages in words, given whether the search took them as its victims (a taken page's
/// frame holds the new page now): "frames 3 and 5 (pages 4 and 9)", "page 0x20000 of P2 (editor)".
/// </param>
/// <param name="Dropped">What became of the cleared pages' TLB entries, or null when not told.</param>
/// <param name="NewPageWhere">Where the new pages are, to follow their bits: " in frame 3", or empty.</param>
/// <param name="TickInterval">The accesses between two of the policy's ticks.</param>
public sealed record BitClearNaming(
    string Policy,
    Func<IReadOnlyList<BitClear>, bool, string> Pages,
    Func<IReadOnlyList<BitClear>, string?> Dropped,
    Func<IReadOnlyList<BitClear>, string> NewPageWhere,
    int TickInterval);
