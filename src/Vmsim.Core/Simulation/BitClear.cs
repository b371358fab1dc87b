using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>
/// A frame whose reference (or, for <see cref="BitClearKind.Cleaned"/>, dirty) bits a policy
/// cleared other than as a second chance in its victim search: a deactivation, a hand that ran
/// after a load, the new page's own bit, a tick, a write-back that kept the page. Reported to an
/// observer that hears of them (<see cref="IMachineObserver.HearsBitClears"/>) as it happens.
/// </summary>
/// <param name="Frame">The frame.</param>
/// <param name="Kind">Why the bits were cleared.</param>
/// <param name="Page">The page in the frame then, as the process that brought it in names it.</param>
/// <param name="TlbDropped">The mappings of the frame whose translation the TLB held, dropped with the bits.</param>
/// <param name="BitSet">
/// True when the bits were set (or, for <see cref="BitClearKind.Cleaned"/>, the page dirty);
/// false only for a <see cref="BitClearKind.Deactivated"/> page whose reference bits were
/// already clear, which Linux moves all the same.
/// </param>
public readonly record struct BitClear(FrameNumber Frame, BitClearKind Kind, MappedPage Page, IReadOnlyList<MappedPage> TlbDropped, bool BitSet = true)
{
    /// <summary>
    /// How many of the step's evictions (departures too) had been reported before the clear, set
    /// by the <see cref="StepRecorder"/>: a clear made during a victim search comes before that
    /// search's victim, so the first eviction after it that is no departure tells which search
    /// of the step it came in (a fault can search twice: for the page, then for a private copy).
    /// </summary>
    public int EvictionsBefore { get; init; }

    /// <summary>
    /// How many of the step's OOM kills had been reported before the clear, set by the
    /// <see cref="StepRecorder"/>: a search that found nothing to evict ends in a kill, which
    /// then tells the search the clear came in when no victim of that search followed it.
    /// </summary>
    public int KillsBefore { get; init; }

    /// <summary>The kind's name in JSON: <c>deactivated</c>, <c>hand</c>, <c>new-page</c>, <c>tick</c>, <c>cleaned</c>.</summary>
    public string KindName => NameOf(Kind);

    /// <summary>
    /// True for a clear made while the policy looked for a victim (a deactivation, a write-back
    /// that kept the page), which the step tells with how the kernel found a frame; false for one
    /// made once the access was done (after the load, at a tick).
    /// </summary>
    public bool DuringSearch => Kind is BitClearKind.Deactivated or BitClearKind.Cleaned;

    /// <summary>
    /// The victim search of its step the clear came in (<see cref="DuringSearch"/>), by the first
    /// thing that search did after it: took a victim (the first eviction after it that is no
    /// departure) or, finding nothing to evict, had the OOM killer kill (the first of
    /// <paramref name="kills"/> after it). 1 for the search for the fault's first frame (the only
    /// search of most steps), 2 for the search for its second (a private copy of the page it
    /// brought in, <see cref="EvictionEvent.SecondFrame"/>); null for a clear made outside a
    /// search, or when neither followed. The searches come one after the other, so the earlier
    /// of the two is the lower.
    /// </summary>
    public int? SearchIn(IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills)
    {
        ArgumentNullException.ThrowIfNull(evictions);
        ArgumentNullException.ThrowIfNull(kills);
        if (!DuringSearch)
        {
            return null;
        }

        int? search = null;
        for (var i = EvictionsBefore; i < evictions.Count; i++)
        {
            if (!evictions[i].Departure)
            {
                search = SearchFor(evictions[i].SecondFrame);
                break;
            }
        }

        if (KillsBefore < kills.Count)
        {
            var killed = SearchFor(kills[KillsBefore].SecondFrame);
            search = Math.Min(search ?? killed, killed);
        }

        return search;
    }

    /// <summary>
    /// True when an OOM kill of its own search, numbered <paramref name="search"/> as
    /// <see cref="SearchIn"/> gives it, came after the clear: the search found nothing to evict,
    /// so the clear led to no victim, not even one the search took after the kill.
    /// </summary>
    public bool BeforeKill(IReadOnlyList<OomKillEvent> kills, int? search)
    {
        ArgumentNullException.ThrowIfNull(kills);
        return KillsBefore < kills.Count && search == SearchFor(kills[KillsBefore].SecondFrame);
    }

    /// <summary>
    /// True for a deactivation told with the victim its search took, on the way to it
    /// (<see cref="BitClearWords.SearchDeactivations"/>), not in a sentence of its own: its search,
    /// numbered <paramref name="search"/> as <see cref="SearchIn"/> gives it, took a victim
    /// (<paramref name="tookVictim"/>), and no OOM kill of that search came after the clear
    /// (<see cref="BeforeKill"/>).
    /// </summary>
    public bool ToldWithVictim(int? search, bool tookVictim, IReadOnlyList<OomKillEvent> kills) =>
        Kind == BitClearKind.Deactivated && search is not null && tookVictim && !BeforeKill(kills, search);

    // The number of the search an eviction or a kill came in (SearchIn): 2 for the search for
    // the fault's second frame (its SecondFrame), else 1.
    private static int SearchFor(bool secondFrame) => secondFrame ? 2 : 1;

    /// <summary>True when <paramref name="victim"/> took the page whose bits were cleared (not a departure): the search then took it.</summary>
    public bool TakenBy(in EvictionEvent victim) =>
        !victim.Departure && victim.Frame == Frame && victim.Owner == Page.Pid && victim.Page == Page.Page;

    /// <summary>A kind's name in JSON (<see cref="KindName"/>).</summary>
    private static string NameOf(BitClearKind kind) => kind switch
    {
        BitClearKind.Deactivated => "deactivated",
        BitClearKind.HandPassed => "hand",
        BitClearKind.NewPage => "new-page",
        BitClearKind.Tick => "tick",
        BitClearKind.Cleaned => "cleaned",
        _ => throw new InvalidOperationException($"bit clear {kind} has no name"),
    };
}
