using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The narrator's words for the bits a policy cleared other than as second chances in its victim
/// search (<see cref="BitClear"/>), each in the step that cleared them.
/// </summary>
public sealed partial class StepNarrator
{
    /// <summary>
    /// The clears of a step (<paramref name="clears"/>), each with the victim search of the step it
    /// came in, told against the evictions it made (<paramref name="evictions"/>, departures too)
    /// and its OOM kills (<paramref name="kills"/>): <see cref="BitClear.SearchIn"/>, worked out once
    /// for <see cref="Reclaim.Split"/> and <see cref="Sentences"/> alike.
    /// </summary>
    internal static List<(BitClear Clear, int? Search)> Searched(IReadOnlyList<BitClear> clears, IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills) =>
        [.. clears.Select(c => (c, c.SearchIn(evictions, kills)))];

    /// <summary>
    /// The sentences of the clears of a step, each with the search it came in
    /// (<paramref name="clears"/>, <see cref="Searched"/>), told against the step's OOM kills
    /// (<paramref name="kills"/>) and what reclaim did for each of the fault's frames
    /// (<paramref name="first"/>, <paramref name="second"/>: <see cref="Reclaim.Split"/> of them):
    /// built once for the narration and the fault path alike.
    /// </summary>
    internal BitClearSentences Sentences(IReadOnlyList<(BitClear Clear, int? Search)> clears, IReadOnlyList<OomKillEvent> kills, in Reclaim first, in Reclaim second)
    {
        if (clears.Count == 0)
        {
            return NoClears;
        }

        List<BitClear> all = [.. clears.Select(c => c.Clear)];
        return new([.. SearchClearsTexts(clears, kills, first, second)], AfterLoadClearsText(all), TickClearsText(all));
    }

    /// <summary>
    /// The clears made while the policy looked for a victim (deactivations, write-backs), as
    /// sentences (" While it looked for a victim, the wsclock policy also had frames 3 and 5
    /// (pages 4 and 9) written back, ..."), search by search in the order made, each told as the
    /// search for the page or for its private copy when the fault searched twice (by its victim
    /// or, one that found nothing to evict, its OOM kill: <see cref="BitClear.SearchIn"/>, given
    /// with each clear), with whether it was the search for the fault's second frame
    /// (<see cref="EvictionEvent.SecondFrame"/>). A page a search took as its victim is told as
    /// taken by that search, by its page, whichever search cleared it; the pages a search
    /// deactivated before the victim it took are told with that victim instead
    /// (<see cref="BitClear.ToldWithVictim"/>, <see cref="Reclaim.Deactivated"/>).
    /// </summary>
    private IEnumerable<(bool SecondFrame, string Text)> SearchClearsTexts(IReadOnlyList<(BitClear Clear, int? Search)> clears, IReadOnlyList<OomKillEvent> kills, Reclaim first, Reclaim second)
    {
        // A search took a victim or ended in a kill: the fault searched once for each frame whose reclaim did either.
        var searches = (first.IsEmpty ? 0 : 1) + (second.IsEmpty ? 0 : 1);
        foreach (var search in clears.Where(c => c.Clear.DuringSearch).GroupBy(c => c.Search, c => c.Clear))
        {
            var (own, other) = search.Key == 2 ? (second, first) : (first, second);
            yield return (search.Key == 2, BitClearWords.SearchClears([.. search], c => Took(own.Evictions, c), Naming, searches <= 1 ? 0 : search.Key ?? 0,
                toldWithVictim: c => c.ToldWithVictim(search.Key, own.Evictions.Count > 0, kills), takenByOther: c => Took(other.Evictions, c)));
        }
    }

    /// <summary>
    /// The pages a search deactivated before the victim it took, in order, to lead to the second
    /// chances and the victim that followed (Linux deactivates first): "deactivated frame 2 (page
    /// 0x7f003), moving it to its inactive list and clearing its reference bit (aged, not spared;
    /// its TLB entry dropped), then "; empty when there were none. A page the fault's search for
    /// the private copy then took (<see cref="Reclaim.TakenAcross"/>) is named by its page, for
    /// its frame holds the copy now.
    /// </summary>
    internal string SearchDeactivationsText(in Reclaim reclaim) =>
        reclaim.Deactivated.Count == 0 ? string.Empty : BitClearWords.SearchDeactivations(reclaim.Deactivated, Naming, reclaim.TakenAcross.Count == 0 ? null : reclaim.TakenAcross.Contains);

    // ", which it had just deactivated" after a victim its own search had deactivated; ", which
    // its search for the page had deactivated" after a victim of the search for the private copy
    // that the search for the page had deactivated; else empty.
    private static string JustDeactivatedText(in Reclaim reclaim, EvictionEvent victim) =>
        reclaim.Deactivated.Any(c => c.TakenBy(victim)) ? BitClearWords.JustDeactivated
        : reclaim.TakenAcross.Any(c => c.TakenBy(victim)) ? BitClearWords.DeactivatedForThePage
        : string.Empty;

    // True when one of the victims took the page whose bits were cleared.
    private static bool Took(IReadOnlyList<EvictionEvent> victims, BitClear clear) => victims.Any(v => clear.TakenBy(v));

    // The clears the policy made as it took the new page in (its own bit, a hand that ran after
    // the load), as sentences; empty when there were none.
    private string AfterLoadClearsText(IReadOnlyList<BitClear> clears) => BitClearWords.AfterLoadClears(clears, Naming);

    // The clears of the policy's periodic tick at the end of the access, as a sentence; empty when there were none.
    private string TickClearsText(IReadOnlyList<BitClear> clears) => BitClearWords.TickClears(clears, Naming);

    private BitClearNaming? _naming;

    // The sentences of a step that cleared no bits.
    private static readonly BitClearSentences NoClears = new([], string.Empty, string.Empty);

    // How the narration names cleared pages: by frame and page, with what became of their TLB
    // entries; made once, for the machine's policy and tick interval stay as they are.
    private BitClearNaming Naming => _naming ??= new(
        _machine.Kernel.Policy.Name,
        ClearedText,
        DroppedText,
        fresh => $" in {NumberedText("frame", fresh.Select(c => c.Frame.Value))}",
        _machine.Kernel.Config.TickInterval);

    // A page the search took as its victim by its page, for its frame holds the new page now
    // ("page 0x20000 of P2 (editor)", "pages 0x10005 and 0x10006 of P1 (parent)"); one it kept
    // as ClearedFramesText does.
    private string ClearedText(IReadOnlyList<BitClear> cleared, bool taken) => taken
        ? JoinWords(cleared.GroupBy(c => c.Page.Pid).Select(g => $"{Plural.Noun(g.Count(), "page")} {JoinWords(g.Select(c => PageText(c.Page.Page)))} of {Name(g.Key)}"))
        : ClearedFramesText(cleared);

    // "frames 3 and 5 (pages 4 and 9)": the frames in the order cleared, and their pages when one process holds them all.
    private string ClearedFramesText(IReadOnlyList<BitClear> cleared) =>
        $"{FramesAsAsked([.. cleared.Select(c => c.Frame.Value)])}{HeldPagesText([.. cleared.Select(c => c.Page)])}";

    private string DroppedText(IReadOnlyList<BitClear> cleared) =>
        DroppedText([.. cleared.Select(c => (c.Frame, c.TlbDropped))]);
}
