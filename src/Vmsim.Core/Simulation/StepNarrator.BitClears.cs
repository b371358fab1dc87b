using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The narrator's words for the bits a policy cleared other than as second chances in its victim
/// search (<see cref="BitClear"/>), each in the step that cleared them.
/// </summary>
public sealed partial class StepNarrator
{
    /// <summary>
    /// The sentences of the clears of a step (<paramref name="clears"/>), told against the
    /// evictions it made (<paramref name="evictions"/>, departures too): built once for the
    /// narration and the fault path alike.
    /// </summary>
    internal BitClearSentences Sentences(IReadOnlyList<BitClear> clears, IReadOnlyList<EvictionEvent> evictions) =>
        clears.Count == 0 ? NoClears : new([.. SearchClearsTexts(clears, evictions)], AfterLoadClearsText(clears), TickClearsText(clears));

    /// <summary>
    /// The clears made while the policy looked for a victim (deactivations, write-backs), as
    /// sentences (" While it looked for a victim, the wsclock policy also had frames 3 and 5
    /// (pages 4 and 9) written back, ..."; a page the search then took as its victim, one of
    /// <paramref name="evictions"/>, told as that, by its page; a page a search that took a
    /// victim deactivated and kept is told with the victim instead, <see cref="KeptDeactivationsText"/>),
    /// search by search in the order made, each told as the first or second search when the
    /// fault searched twice: each with whether it was the search for the fault's second frame
    /// (<see cref="EvictionEvent.SecondFrame"/>), and told against that search's victims alone,
    /// so that a page one search took is never told as another's.
    /// </summary>
    internal IEnumerable<(bool SecondFrame, string Text)> SearchClearsTexts(IReadOnlyList<BitClear> clears, IReadOnlyList<EvictionEvent> evictions)
    {
        var victims = evictions.Where(e => !e.Departure).ToList();
        var onlySearch = victims.Select(e => e.SecondFrame).Distinct().Count() <= 1;
        foreach (var search in clears.Where(c => c.DuringSearch).GroupBy(c => c.SearchIn(evictions)))
        {
            // A search that took a victim tells the pages it deactivated and kept with how it
            // found its victim (Reclaim.Deactivated); one that took none tells them here.
            var took = victims.Where(e => e.SecondFrame == (search.Key == 2)).ToList();
            yield return (search.Key == 2, BitClearWords.SearchClears([.. search], c => Took(took, c), Naming, onlySearch ? 0 : search.Key ?? 0, victimTold: search.Key is not null));
        }
    }

    /// <summary>
    /// The pages a search deactivated and kept, to lead to the second chances and the victim that
    /// followed (Linux deactivates first): "deactivated frame 2 (page 0x7f003), moving it to its
    /// inactive list and clearing its reference bit (aged, not spared; its TLB entry dropped),
    /// then "; empty when there were none.
    /// </summary>
    internal string KeptDeactivationsText(in Reclaim reclaim)
    {
        var victims = reclaim.Evictions;
        return reclaim.Deactivated.Count == 0 ? string.Empty : BitClearWords.KeptDeactivations(reclaim.Deactivated, c => Took(victims, c), Naming);
    }

    // True when one of the victims took the page whose bits were cleared.
    private static bool Took(IReadOnlyList<EvictionEvent> victims, BitClear clear) => victims.Any(v => clear.TakenBy(v));

    // The clears the policy made as it took the new page in (its own bit, a hand that ran after
    // the load), as sentences; empty when there were none.
    private string AfterLoadClearsText(IReadOnlyList<BitClear> clears) => BitClearWords.AfterLoadClears(clears, Naming);

    // The clears of the policy's periodic tick at the end of the access, as a sentence; empty when there were none.
    private string TickClearsText(IReadOnlyList<BitClear> clears) => BitClearWords.TickClears(clears, Naming);

    // The sentences of a step that cleared no bits.
    private static readonly BitClearSentences NoClears = new([], string.Empty, string.Empty);

    // How the narration names cleared pages: by frame and page, with what became of their TLB entries.
    private BitClearNaming Naming => new(
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
