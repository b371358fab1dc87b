using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy's own state, for people: the frames it holds in the order it would consider
/// them for eviction (first = the next candidate), each with a short note such as a
/// counter or a last-use time, and a one-line summary such as where the clock hand is.
/// </summary>
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
    /// What the frames' <see cref="PolicyFrameNote.Time"/> is, in a few words ("next use",
    /// "last use"); null when the policy gives no time.
    /// </summary>
    public string? TimeIs { get; init; }

    /// <summary>What the frames' <see cref="PolicyFrameNote.Value"/> is, in a word or two ("uses", "counter"); null when the policy gives none.</summary>
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
    /// <summary>The list the frame is on, for a policy of several ("T1", "A1in", "cold"), by the name its paper gives it.</summary>
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

    /// <summary>A value the policy keeps for the frame, as the textbook writes it (a use count, an aging counter in binary).</summary>
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
