using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>
/// What the machine reported during one access step, besides the access itself, worked out once
/// for the step's narration, its fault path and its record: the evictions and OOM kills in order,
/// split by the frame of the fault they were for (<see cref="StepNarrator.Reclaim"/>); the bits
/// policies cleared other than as second chances, each with the victim search it came in (worked
/// out once for the reclaim and the sentences alike), and the sentences that tell them; and why the access missed the TLB.
/// </summary>
internal sealed class StepEvents
{
    /// <summary>
    /// Works out the step of an access by <paramref name="pid"/>, which missed the TLB for
    /// <paramref name="miss"/> (null for none, or no history), its bit clears told as
    /// <paramref name="narrator"/> tells them.
    /// </summary>
    public StepEvents(StepNarrator narrator, int pid, IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills, IReadOnlyList<BitClear> bitClears, TlbMiss? miss)
    {
        _narrator = narrator;
        Evictions = evictions;
        Kills = kills;
        Miss = miss;
        var searched = StepNarrator.Searched(bitClears, evictions, kills);
        (First, Second) = StepNarrator.Reclaim.Split(pid, evictions, kills, searched);
        Clears = narrator.Sentences(searched, kills, First, Second);
    }

    /// <summary>The pages evicted, departures too, in order.</summary>
    public IReadOnlyList<EvictionEvent> Evictions { get; }

    /// <summary>The processes the OOM killer killed, in order.</summary>
    public IReadOnlyList<OomKillEvent> Kills { get; }

    /// <summary>The sentences that tell the bits policies cleared other than as second chances, for the narration and the fault path alike.</summary>
    public BitClearSentences Clears { get; }

    /// <summary>Why the access missed the TLB (<see cref="TlbMissText.Of"/>); null for a hit or with no history.</summary>
    public TlbMiss? Miss { get; }

    /// <summary>
    /// Why the access missed the TLB in words (<see cref="TlbMissText.Describe"/>), worked out
    /// at most once, when the narration or the fault path first tells it; null when <see cref="Miss"/> is.
    /// </summary>
    public string? MissText => Miss is { } miss ? _missText ??= _narrator.MissText(miss) : null;

    private readonly StepNarrator _narrator;
    private string? _missText;

    /// <summary>What reclaim did for the fault's first frame.</summary>
    public StepNarrator.Reclaim First { get; }

    /// <summary>What reclaim did for the fault's second frame (a private copy of the page it brought in).</summary>
    public StepNarrator.Reclaim Second { get; }
}
