using System.Text;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The sentences that tell the bits a policy cleared other than as second chances
/// (<see cref="BitClear"/>), one wording for the scenario's narration and the reference-string
/// steps alike: each caller names the cleared pages its own way (<c>what</c>: "frame 4 (page 9)",
/// "pages 3 and 1") and, where it knows them, what became of their TLB entries
/// (<c>dropped</c>, null when it does not tell).
/// </summary>
public static class BitClearWords
{
    /// <summary>
    /// The clears of one victim search (<see cref="BitClear.DuringSearch"/>) as sentences: those
    /// of the pages it kept, then those of the pages the step's other search took as its victims
    /// (<paramref name="takenByOther"/>), then those of the pages it took itself
    /// (<paramref name="taken"/>), deactivations before write-backs; <paramref name="search"/> as
    /// for <see cref="Deactivated"/>. The deactivations told with the victim the search took
    /// (<paramref name="toldWithVictim"/>, <see cref="SearchDeactivations"/>) are left out. Empty
    /// when there were none.
    /// </summary>
    public static string SearchClears(IReadOnlyList<BitClear> clears, Func<BitClear, bool> taken, BitClearNaming naming, int search = 0, Func<BitClear, bool>? toldWithVictim = null, Func<BitClear, bool>? takenByOther = null)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(naming);
        ClearFate FateOf(BitClear c) => taken(c) ? ClearFate.Taken : takenByOther?.Invoke(c) == true ? ClearFate.TakenByOther : ClearFate.Kept;
        var text = new StringBuilder();
        foreach (var fate in new[] { ClearFate.Kept, ClearFate.TakenByOther, ClearFate.Taken })
        {
            var byPage = fate != ClearFate.Kept;
            if (Of(clears, BitClearKind.Deactivated, c => FateOf(c) == fate && toldWithVictim?.Invoke(c) != true) is { } deactivated)
            {
                var set = deactivated.Where(c => c.BitSet).ToList();
                text.Append(Deactivated(naming.Policy, naming.Pages(deactivated, byPage), deactivated.Count, set.Count, naming.Pages(set, byPage), fate, naming.Dropped(deactivated), search, text.Length > 0));
            }

            if (Of(clears, BitClearKind.Cleaned, c => FateOf(c) == fate) is { } cleaned)
            {
                text.Append(Cleaned(naming.Policy, naming.Pages(cleaned, byPage), cleaned.Count, fate, naming.Dropped(cleaned), search, text.Length > 0));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The pages Linux deactivated in a victim search, in the order it did, to lead to the second
    /// chances and the victim that followed, for Linux deactivates first
    /// (<c>shrink_active_list</c>, then <c>shrink_inactive_list</c>): "deactivated frames 0 and 2
    /// (pages 3 and 5), moving them to its inactive list and clearing their reference bits (aged,
    /// not spared), then "; a page it then took as its victim is among them, and the victim says
    /// so (<see cref="JustDeactivated"/>). A page the step's other search took as its victim
    /// (<paramref name="takenByOther"/>) is named by its page, as a taken page is, and that
    /// victim says so (<see cref="DeactivatedForThePage"/>). Empty when there were none.
    /// </summary>
    public static string SearchDeactivations(IReadOnlyList<BitClear> clears, BitClearNaming naming, Func<BitClear, bool>? takenByOther = null)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(naming);
        if (Of(clears, BitClearKind.Deactivated) is not { } deactivated)
        {
            return string.Empty;
        }

        // Runs of pages kept and pages taken by the other search, in the order deactivated, each named its way.
        string Named(List<BitClear> cleared) => takenByOther is null ? naming.Pages(cleared, false)
            : StepNarrator.JoinWords(Runs(cleared, takenByOther).Select(run => naming.Pages(run, takenByOther(run[0]))));
        var set = deactivated.Where(c => c.BitSet).ToList();
        var them = deactivated.Count == 1 ? "it" : "them";
        return $"deactivated {Named(deactivated)}, moving {them} to its inactive list{DeactivatedBits(deactivated.Count, set.Count, Named(set))}{Parenthesised("aged, not spared", naming.Dropped(deactivated))}, then ";
    }

    /// <summary>What follows a victim its own search had deactivated (<see cref="SearchDeactivations"/>) as the search took it.</summary>
    public const string JustDeactivated = ", which it had just deactivated";

    /// <summary>
    /// What follows a victim of a fault's search for the private copy that its search for the
    /// page had deactivated (<see cref="SearchDeactivations"/>), as the second search took it.
    /// </summary>
    public const string DeactivatedForThePage = ", which its search for the page had deactivated";

    // The clears in order, cut where whether a clear is "taken" changes.
    private static List<List<BitClear>> Runs(List<BitClear> clears, Func<BitClear, bool> taken)
    {
        var runs = new List<List<BitClear>>();
        foreach (var clear in clears)
        {
            if (runs.Count == 0 || taken(runs[^1][0]) != taken(clear))
            {
                runs.Add([]);
            }

            runs[^1].Add(clear);
        }

        return runs;
    }

    /// <summary>The clears the policy made as it took the new page in (its own bit, a hand that ran after the load), as sentences; empty when there were none.</summary>
    public static string AfterLoadClears(IReadOnlyList<BitClear> clears, BitClearNaming naming)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(naming);
        var text = new StringBuilder();
        if (Of(clears, BitClearKind.NewPage) is { } fresh)
        {
            text.Append(NewPage(naming.Policy, fresh.Count, naming.NewPageWhere(fresh), naming.Dropped(fresh)));
        }

        if (Of(clears, BitClearKind.HandPassed) is { } passed)
        {
            text.Append(HandPassed(naming.Policy, naming.Pages(passed, false), passed.Count, naming.Dropped(passed)));
        }

        return text.ToString();
    }

    /// <summary>The clears of the policy's periodic tick at the end of the access, as a sentence; empty when there were none.</summary>
    public static string TickClears(IReadOnlyList<BitClear> clears, BitClearNaming naming)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(naming);
        return Of(clears, BitClearKind.Tick) is { } ticked
            ? Tick(naming.Policy, naming.Pages(ticked, false), ticked.Count, naming.TickInterval, naming.Dropped(ticked))
            : string.Empty;
    }

    /// <summary>
    /// Pages Linux deactivated while it looked for a victim, <paramref name="set"/> of the
    /// <paramref name="count"/> with a reference bit set (<paramref name="setWhat"/> names those
    /// when some but not all were), and what became of them (<paramref name="fate"/>): kept, or
    /// taken from its inactive list as victims by the same search or the step's other one.
    /// <paramref name="search"/> is 0 when the step made no other search, else which of its two
    /// the clears came in (1 or 2, <see cref="BitClear.SearchIn"/>); <paramref name="told"/> when
    /// a sentence of the same search's clears came just before.
    /// </summary>
    internal static string Deactivated(string policy, string what, int count, int set, string setWhat, ClearFate fate, string? dropped, int search = 0, bool told = false)
    {
        var one = count == 1;
        var them = one ? "it" : "them";
        var bits = DeactivatedBits(count, set, setWhat);
        return fate switch
        {
            ClearFate.Taken => $" Earlier in {SearchThatTook(search)}, the {policy} policy had deactivated {what}, moving {them} from its active list to its inactive list{bits}{Parenthesised(null, dropped)}, and then took {them} from the inactive list as its {Victims(one)}.",
            ClearFate.TakenByOther => $" {WhileItLooked(search, told)}, the {policy} policy also deactivated {what}, moving {them} to its inactive list{bits}{Parenthesised(null, dropped)}, {TakenByOther(search, one)}.",
            _ => $" {WhileItLooked(search, told)}, the {policy} policy also deactivated {what}, moving {them} to its inactive list{bits}{Parenthesised("aged, not spared", dropped)}.",
        };
    }

    // What a deactivation did to the reference bits of count pages, set of them set (setWhat names those).
    private static string DeactivatedBits(int count, int set, string setWhat)
    {
        var one = count == 1;
        return set == count ? $" and clearing {(one ? "its reference bit" : "their reference bits")}"
            : set == 0 ? $", {(one ? "its reference bit" : "their reference bits")} found clear"
            : $" and clearing the reference {(set == 1 ? "bit" : "bits")} of {setWhat}, found set";
    }

    /// <summary>
    /// Dirty pages the policy had written back while it looked for a victim (WSClock's scheduled
    /// write), and what became of them (<paramref name="fate"/>): kept resident, or taken as
    /// victims by the same search or the step's other one (<paramref name="search"/> as for
    /// <see cref="Deactivated"/>).
    /// </summary>
    internal static string Cleaned(string policy, string what, int count, ClearFate fate, string? dropped, int search = 0, bool told = false)
    {
        var one = count == 1;
        var them = one ? "it" : "them";
        var bits = dropped is null ? null : one ? "its dirty bit cleared" : "their dirty bits cleared";
        return fate switch
        {
            ClearFate.Taken => $" Earlier in {SearchThatTook(search)}, the {policy} policy had {what} written back{Parenthesised(bits, dropped)}, and then took {them} as its {Victims(one)}.",
            ClearFate.TakenByOther => $" {WhileItLooked(search, told)}, the {policy} policy also had {what} written back{Parenthesised(bits, dropped)}, {TakenByOther(search, one)}.",
            _ => $" {WhileItLooked(search, told)}, the {policy} policy also had {what} written back, keeping {them} resident and clean{Parenthesised(bits, dropped)}.",
        };
    }

    /// <summary>The new page's own reference bit, cleared as the policy took it in (<paramref name="where"/>: " in frame 3", or empty).</summary>
    public static string NewPage(string policy, int count, string where, string? dropped) =>
        $" The {policy} policy then cleared {(count == 1 ? "the new page's reference bit" : "the new pages' reference bits")}{where}, which the restarted access had set, so that only a later reference counts{Parenthesised(null, dropped)}.";

    /// <summary>Pages a hand that runs after the load passed, their reference bits found set and cleared.</summary>
    public static string HandPassed(string policy, string what, int count, string? dropped) =>
        $" After the load, the {policy} policy's hand passed {what}, clearing {(count == 1 ? "its reference bit" : "their reference bits")}, found set{Parenthesised(null, dropped)}.";

    /// <summary>Pages whose reference bits the policy's periodic tick found set and cleared, one tick every <paramref name="interval"/> accesses.</summary>
    public static string Tick(string policy, string what, int count, int interval, string? dropped)
    {
        var every = interval == 1 ? "access" : Plural.Count(interval, "access");
        return $" At the tick that followed (one every {every}), the {policy} policy read every page's reference bit and cleared {(count == 1 ? "the one" : "those")} found set: {what}{(dropped is null ? string.Empty : $", {dropped}")}.";
    }

    // The clears of a kind (and that match), in the order made; null when there were none.
    private static List<BitClear>? Of(IReadOnlyList<BitClear> clears, BitClearKind kind, Func<BitClear, bool>? which = null)
    {
        var found = clears.Where(c => c.Kind == kind && (which?.Invoke(c) ?? true)).ToList();
        return found.Count > 0 ? found : null;
    }

    // The search a page was cleared in and then taken: "the same search" when the step made only
    // the one, else the search for the page or for its private copy, of two.
    private static string SearchThatTook(int search) => search switch
    {
        1 => "its search for the page",
        2 => "its search for the private copy",
        _ => "the same search",
    };

    // The search a page was cleared in and kept: the step's only one, or that for the page or
    // for its private copy, of two; "In the same search" after a sentence of that search.
    private static string WhileItLooked(int search, bool told) => told ? "In the same search" : search switch
    {
        1 => "While it looked for a frame for the page",
        2 => "While it looked for a frame for the private copy",
        _ => "While it looked for a victim",
    };

    // A page cleared in one search of two and taken by the other: only the search for the
    // private copy comes after another.
    private static string TakenByOther(int search, bool one) =>
        $"which its search for {(search == 2 ? "the page" : "the private copy")} then took as its {Victims(one)}";

    private static string Victims(bool one) => one ? "victim" : "victims";

    // " (first; second)", either part left out when null; empty when both are.
    private static string Parenthesised(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => string.Empty,
            (null, _) => $" ({second})",
            (_, null) => $" ({first})",
            _ => $" ({first}; {second})",
        };
}
