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
    /// of the pages it kept, then those of the pages it took as its victims (<paramref name="taken"/>),
    /// deactivations before write-backs; <paramref name="search"/> as for <see cref="Deactivated"/>.
    /// With <paramref name="victimTold"/> (the search took a victim, told with how it found it),
    /// the pages it deactivated and kept are left to <see cref="KeptDeactivations"/>. Empty when
    /// there were none.
    /// </summary>
    public static string SearchClears(IReadOnlyList<BitClear> clears, Func<BitClear, bool> taken, BitClearNaming naming, int search = 0, bool victimTold = false)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(naming);
        var text = new StringBuilder();
        foreach (var victims in new[] { false, true })
        {
            if ((victims || !victimTold) && Of(clears, BitClearKind.Deactivated, c => taken(c) == victims) is { } deactivated)
            {
                var set = deactivated.Where(c => c.BitSet).ToList();
                text.Append(Deactivated(naming.Policy, naming.Pages(deactivated, victims), deactivated.Count, set.Count, naming.Pages(set, victims), victims, naming.Dropped(deactivated), search));
            }

            if (Of(clears, BitClearKind.Cleaned, c => taken(c) == victims) is { } cleaned)
            {
                text.Append(Cleaned(naming.Policy, naming.Pages(cleaned, victims), cleaned.Count, victims, naming.Dropped(cleaned), search));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The pages Linux deactivated in a victim search and kept, to lead to the second chances and
    /// the victim that followed, for Linux deactivates first (<c>shrink_active_list</c>, then
    /// <c>shrink_inactive_list</c>): "deactivated frame 2 (page 3), moving it to its inactive
    /// list and clearing its reference bit (aged, not spared), then "; empty when there were none.
    /// </summary>
    public static string KeptDeactivations(IReadOnlyList<BitClear> clears, Func<BitClear, bool> taken, BitClearNaming naming)
    {
        ArgumentNullException.ThrowIfNull(clears);
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(naming);
        if (Of(clears, BitClearKind.Deactivated, c => !taken(c)) is not { } kept)
        {
            return string.Empty;
        }

        var set = kept.Where(c => c.BitSet).ToList();
        var them = kept.Count == 1 ? "it" : "them";
        return $"deactivated {naming.Pages(kept, false)}, moving {them} to its inactive list{DeactivatedBits(kept.Count, set.Count, naming.Pages(set, false))}{Parenthesised("aged, not spared", naming.Dropped(kept))}, then ";
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
    /// when some but not all were); <paramref name="taken"/> when it then took them from its
    /// inactive list as its victims, in the same search. <paramref name="search"/> is 0 when the
    /// step made no other search, else which of its two the clears came in (1 or 2,
    /// <see cref="BitClear.SearchIn"/>), named for the pages kept, and for those taken as the
    /// search that took them.
    /// </summary>
    public static string Deactivated(string policy, string what, int count, int set, string setWhat, bool taken, string? dropped, int search = 0)
    {
        var one = count == 1;
        var them = one ? "it" : "them";
        var bits = DeactivatedBits(count, set, setWhat);
        return taken
            ? $" Earlier in {SearchThatTook(search, them)}, the {policy} policy had deactivated {what}, moving {them} from its active list to its inactive list{bits}{Parenthesised(null, dropped)}, and then took {them} from the inactive list as its {(one ? "victim" : "victims")}."
            : $" {WhileItLooked(search)}, the {policy} policy also deactivated {what}, moving {them} to its inactive list{bits}{Parenthesised("aged, not spared", dropped)}.";
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
    /// write); <paramref name="taken"/> when it then took them as its victims, in the same search
    /// (<paramref name="search"/> as for <see cref="Deactivated"/>).
    /// </summary>
    public static string Cleaned(string policy, string what, int count, bool taken, string? dropped, int search = 0)
    {
        var one = count == 1;
        var them = one ? "it" : "them";
        var bits = dropped is null ? null : one ? "its dirty bit cleared" : "their dirty bits cleared";
        return taken
            ? $" Earlier in {SearchThatTook(search, them)}, the {policy} policy had {what} written back{Parenthesised(bits, dropped)}, and then took {them} as its {(one ? "victim" : "victims")}."
            : $" {WhileItLooked(search)}, the {policy} policy also had {what} written back, keeping {them} resident and clean{Parenthesised(bits, dropped)}.";
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
    // the one, else "the search that took it", for a fault can search twice (the page, its copy).
    private static string SearchThatTook(int search, string them) =>
        search == 0 ? "the same search" : $"the search that took {them}";

    // The search a page was cleared in and kept: the step's only one, or the first or second of two.
    private static string WhileItLooked(int search) => search switch
    {
        1 => "While it looked for its first victim",
        2 => "While it looked for its second victim",
        _ => "While it looked for a victim",
    };

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
