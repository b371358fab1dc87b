using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy's own state, for people: the frames it holds in the order it would consider
/// them for eviction (first = the next candidate), each with a short note such as a
/// counter or a last-use time, and a one-line summary such as where the clock hand is.
/// </summary>
/// <param name="Summary">One line on the state, e.g. "hand at frame 3".</param>
/// <param name="Order">The frames held, next candidate first.</param>
public sealed record PolicyView(string Summary, IReadOnlyList<PolicyFrameNote> Order);

/// <summary>One frame in a <see cref="PolicyView"/>.</summary>
/// <param name="Frame">The frame.</param>
/// <param name="Note">What the policy knows of it (a counter, a last use), or null.</param>
public sealed record PolicyFrameNote(FrameNumber Frame, string? Note);

/// <summary>Helpers for building <see cref="PolicyView"/>s.</summary>
internal static class PolicyViews
{
    /// <summary>The frames of <paramref name="list"/> from head to tail, each with its note.</summary>
    public static List<PolicyFrameNote> FromList(FrameList list, Func<FrameNumber, string?> note)
    {
        var order = new List<PolicyFrameNote>(list.Count);
        for (var f = list.Head; f.IsValid; f = list.Next(f))
        {
            order.Add(new PolicyFrameNote(f, note(f)));
        }

        return order;
    }

    /// <summary>The frames of <paramref name="ring"/> from the hand round, each with its note.</summary>
    public static List<PolicyFrameNote> FromRing(ClockRing ring, Func<FrameNumber, string?> note)
    {
        var order = new List<PolicyFrameNote>(ring.Count);
        var f = ring.Hand;
        for (var i = 0; i < ring.Count && f.IsValid; i++, f = ring.Next(f))
        {
            order.Add(new PolicyFrameNote(f, note(f)));
        }

        return order;
    }

    /// <summary>"R" or "-" for an accessed bit, so that state never rests on colour alone.</summary>
    public static string Bit(bool set, char letter) => set ? letter.ToString() : "-";
}
