using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy's own state, for people: the frames it holds in the order it would consider
/// them for eviction (first = the next candidate), each with a short note such as a
/// counter or a last-use time, and a one-line summary such as where the clock hand is.
/// <c>refs --steps</c> (its Policy column and the legend under it), the visualizer and tests
/// read it; nobody recomputes it.
/// </summary>
/// <remarks>
/// The rules a view keeps (PolicyViewTests and ResearchPolicyPropertyTests check all but the
/// order of candidates for every policy in the catalog):
/// <list type="bullet">
/// <item><see cref="Order"/> holds each frame the policy holds exactly once, and no other
/// (never a ghost).</item>
/// <item>Its first frame is the next candidate, unless <see cref="Ranked"/> is false (frame
/// order), or <see cref="VictimBetween"/> names two lists (the victim is then decided between
/// their first frames). A policy of several lists puts the list the next victim comes from
/// first (2Q's A1in or Am, S3-FIFO's S or M), so the order changes as that list does.</item>
/// <item>A policy of several lists sets <see cref="PolicyFrameNote.List"/> on every frame, or
/// none does; the frames of one list come together, since <c>--steps</c> writes a list's
/// name once, before its first page (<c>T1: 2 3 | T2: 0</c>); and each frame's
/// <see cref="PolicyFrameNote.Note"/> starts with the first word of its list's name
/// (<c>inactive file</c>: <c>inactive file, referenced, young A</c>), so that the
/// visualizer, which shows notes alone, still says the list.</item>
/// <item><see cref="PolicyFrameNote.Time"/> is virtual time (accesses before it, so the first
/// access is 0); <c>--steps</c> writes it as <c>@n</c>, the step number, and
/// <see cref="AccessContext.Never"/> as <c>@∞</c>; its legend reads "@n {TimeIs} at step n",
/// so <see cref="TimeIs"/> is a noun phrase (<c>next use</c>, <c>last use</c>,
/// <c>2nd last reference</c>). A frame the policy has no time for yet gives none (LRU-K's
/// page of fewer than K references). Set <see cref="TimeIs"/> whenever frames give a time.</item>
/// <item><see cref="PolicyFrameNote.Value"/> is written as it is, in brackets after the page
/// (<c>3(2)</c>, an aging counter <c>1(11000000)</c>); the legend reads "(n) {ValueIs}", so
/// <see cref="ValueIs"/> is a noun (<c>uses</c>, <c>counter</c>, <c>frequency</c>). Set
/// <see cref="ValueIs"/> whenever frames give a value.</item>
/// <item><see cref="PolicyFrameNote.Referenced"/> is written <c>*</c> after the page and
/// <see cref="PolicyFrameNote.Dirty"/> <c>D</c>; <see cref="FromHand"/> puts <c>&gt;</c>
/// before the first page. The legend names only the marks that appear.</item>
/// <item><see cref="Summary"/> is one line with no final full stop, starting in lower case
/// unless with a name (<c>T1</c>, <c>K = 2</c>): the visualizer capitalises its first letter
/// and adds the stop.</item>
/// </list>
/// </remarks>
/// <param name="Summary">One line on the state, e.g. "hand at frame 3".</param>
/// <param name="Order">The frames held, next candidate first.</param>
public sealed record PolicyView(string Summary, IReadOnlyList<PolicyFrameNote> Order)
{
    /// <summary>
    /// False when the policy ranks none of its frames above another (random): <see cref="Order"/>
    /// is then in frame order, and its first frame is no likelier a victim than the others.
    /// </summary>
    public bool Ranked { get; init; } = true;

    /// <summary>True when <see cref="Order"/> starts where a clock hand points and goes round the ring from there.</summary>
    public bool FromHand { get; init; }

    /// <summary>
    /// Empty when the first frame of <see cref="Order"/> is the next candidate. Otherwise the
    /// names of the two lists (as <see cref="PolicyFrameNote.List"/> gives them) whose first
    /// frames the next victim is decided between, by a rule that weighs one against the other
    /// at the next eviction: W-TinyLFU's window and probation, whose least recent pages meet
    /// in its admission contest. <see cref="Order"/> still lists the lists one after the other,
    /// the first named first.
    /// </summary>
    public IReadOnlyList<string> VictimBetween { get; init; } = [];

    /// <summary>
    /// What the frames' <see cref="PolicyFrameNote.Time"/> is, in a few words ("next use",
    /// "last use"), to read in "@n next use at step n"; null when the policy gives no time.
    /// </summary>
    public string? TimeIs { get; init; }

    /// <summary>
    /// What the frames' <see cref="PolicyFrameNote.Value"/> is, in a word or two ("uses",
    /// "counter"), to read in "(n) uses"; null when the policy gives none.
    /// </summary>
    public string? ValueIs { get; init; }
}

/// <summary>
/// One frame in a <see cref="PolicyView"/>: a note in words, and the state a textbook figure
/// writes beside the page (its reference bit, its list, a time), for compact views such as a
/// step table. Each of those is null when the policy keeps or reads nothing of the kind.
/// </summary>
/// <param name="Frame">The frame.</param>
/// <param name="Note">What the policy knows of it (a counter, a last use), or null.</param>
public sealed record PolicyFrameNote(FrameNumber Frame, string? Note)
{
    /// <summary>
    /// The list the frame is on, for a policy of several ("T1", "A1in", "cold"), by the name its
    /// paper gives it; <see cref="Note"/> then starts with its first word.
    /// </summary>
    public string? List { get; init; }

    /// <summary>The reference (accessed, visited) bit as the policy reads it.</summary>
    public bool? Referenced { get; init; }

    /// <summary>The dirty bit, for a policy that weighs it.</summary>
    public bool? Dirty { get; init; }

    /// <summary>
    /// The virtual time the policy weighs the frame by (what <see cref="PolicyView.TimeIs"/>
    /// says, such as OPT's next use); <see cref="AccessContext.Never"/> for a page never used again.
    /// </summary>
    public long? Time { get; init; }

    /// <summary>
    /// A value the policy keeps for the frame, as the textbook writes it (a use count, an aging
    /// counter in binary), shown as it is; what it is, <see cref="PolicyView.ValueIs"/> says.
    /// </summary>
    public string? Value { get; init; }
}

/// <summary>Helpers for building <see cref="PolicyView"/>s.</summary>
internal static class PolicyViews
{
    /// <summary>The frames of <paramref name="list"/> from head to tail, each with its note.</summary>
    public static List<PolicyFrameNote> FromList(FrameList list, Func<FrameNumber, string?> note) =>
        DescribedFromList(list, f => new PolicyFrameNote(f, note(f)));

    /// <summary>The frames of <paramref name="list"/> from head to tail, each as <paramref name="describe"/> makes it.</summary>
    public static List<PolicyFrameNote> DescribedFromList(FrameList list, Func<FrameNumber, PolicyFrameNote> describe)
    {
        var order = new List<PolicyFrameNote>(list.Count);
        for (var f = list.Head; f.IsValid; f = list.Next(f))
        {
            order.Add(describe(f));
        }

        return order;
    }

    /// <summary>The frames of <paramref name="ring"/> from the hand round, each as <paramref name="describe"/> makes it.</summary>
    public static List<PolicyFrameNote> FromRing(ClockRing ring, Func<FrameNumber, PolicyFrameNote> describe)
    {
        var order = new List<PolicyFrameNote>(ring.Count);
        var f = ring.Hand;
        for (var i = 0; i < ring.Count && f.IsValid; i++, f = ring.Next(f))
        {
            order.Add(describe(f));
        }

        return order;
    }

    /// <summary>A frame on the list named <paramref name="list"/>, which is all the note says of it.</summary>
    public static PolicyFrameNote OnList(FrameNumber frame, string list) => new(frame, list) { List = list };

    /// <summary>"R" or "-" for an accessed bit, so that state never rests on colour alone.</summary>
    public static string Bit(bool set, char letter) => set ? letter.ToString() : "-";
}
