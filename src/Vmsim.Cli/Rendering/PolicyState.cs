using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The replacement policy's state after one reference of a reference-string run, or one access
/// of a trace replay, in the textbook's terms: the policy's own <see cref="PolicyView"/>, with
/// the page in each of its frames and its times turned into the step (or access) numbers of the table.
/// </summary>
/// <param name="View">What the policy said of itself after the reference.</param>
/// <param name="Pages">The page in each frame of <see cref="PolicyView.Order"/>, in the same order.</param>
/// <param name="StepOfTimeZero">The step number of virtual time 0 (a reference string makes one access a step, so 1; a trace numbers its accesses from 1, so 1 too).</param>
/// <param name="Pids">
/// The process id of each page, in the same order, when the pages are a trace's (which numbers
/// its processes, one or several): each page is then written <c>pid:page</c>, except in the plain
/// cell of <see cref="LinesBothWays"/>. Null for a reference string.
/// </param>
internal sealed record PolicyState(PolicyView View, IReadOnlyList<ulong> Pages, long StepOfTimeZero, IReadOnlyList<int>? Pids = null)
{
    /// <summary>
    /// The state in a few characters, next candidate first: <c>&gt;2* 0* 3</c> for CLOCK (the
    /// hand, then round the ring; <c>*</c> a set reference bit), <c>0 3 2</c> for FIFO (oldest
    /// first), <c>1@∞ 7@18 0@20</c> for OPT (the step of each page's next use), a list's name
    /// before its pages (<c>T1: 2 3 | T2: 0</c>).
    /// </summary>
    public string Text() => Text(" | ", int.MaxValue);

    /// <summary>
    /// As <see cref="Text()"/>, with each list on a line of its own (<c>T1: 2 3</c>, then
    /// <c>T2: 0</c>): for a table cell too narrow for the whole state on one line, where a
    /// wrap anywhere would cut a list, or a list's name, in two.
    /// </summary>
    public string Lines() => Text("\n", int.MaxValue);

    /// <summary>
    /// As <see cref="Lines()"/>, with at most <paramref name="perList"/> pages of each list (of the
    /// whole order for a policy of one), the next candidates, and then how many more it holds:
    /// <c>&gt;2* 0* 3 … 29 more</c>. For a trace's step table, whose memory may be thousands of
    /// frames. Pages are written in decimal, and <c>pid:page</c> when the state has <see cref="Pids"/>.
    /// </summary>
    public string Lines(int perList) => Lines(perList, decimalPages: true, out _);

    /// <summary>
    /// As <see cref="Lines(int)"/>, with the pages in hexadecimal (<c>0x401a</c>, as the narration
    /// writes an address trace's) unless <paramref name="decimalPages"/>, and <paramref name="leftOut"/> true when
    /// some list held more than <paramref name="perList"/> pages, so that pages were left out.
    /// </summary>
    public string Lines(int perList, bool decimalPages, out bool leftOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perList);
        return Text("\n", perList, decimalPages, out leftOut);
    }

    /// <summary>
    /// As <see cref="Lines(int, bool, out bool)"/> with each page's process id and without it
    /// at once, in one walk of the state: for a trace's table, which learns only once the replay
    /// is over whether it writes them. Without <see cref="Pids"/> the two are the same.
    /// </summary>
    public (string WithPids, string Plain) LinesBothWays(int perList, bool decimalPages, out bool leftOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perList);
        var plain = new StringBuilder();
        var withPids = Text("\n", perList, decimalPages, out leftOut, plain);
        return (withPids, plain.ToString());
    }

    private string Text(string betweenLists, int perList) => Text(betweenLists, perList, decimalPages: true, out _);

    // The text of the state, with each page's process id when it has them; and, into plain when
    // given, the same text without them, all but the ids copied from the text as it is written.
    private string Text(string betweenLists, int perList, bool decimalPages, out bool leftOut, StringBuilder? plain = null)
    {
        var text = new StringBuilder();
        var copied = 0;
        string? list = null;
        var shown = 0;
        var left = 0;
        leftOut = false;
        for (var i = 0; i < View.Order.Count; i++)
        {
            var note = View.Order[i];
            if (note.List is { } name && name != list)
            {
                More(text, ref left);
                text.Append(i == 0 ? string.Empty : betweenLists).Append(name).Append(':');
                list = name;
                shown = 0;
            }

            if (shown == perList)
            {
                left++;
                leftOut = true;
                continue;
            }

            shown++;
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            if (i == 0 && View.FromHand)
            {
                text.Append('>');
            }

            if (Pids is { } ids)
            {
                plain?.Append(text, copied, text.Length - copied);
                text.Append(ids[i].ToString(CultureInfo.InvariantCulture)).Append(':');
                copied = text.Length;
            }

            text.Append(new PageNumber(Pages[i]).Written(decimalPages));
            text.Append(note.Referenced == true ? "*" : string.Empty).Append(note.Dirty == true ? "D" : string.Empty);
            if (note.Time is { } time)
            {
                text.Append('@').Append(StepOf(time)?.ToString(CultureInfo.InvariantCulture) ?? "∞");
            }

            if (note.Value is { } value)
            {
                text.Append('(').Append(value).Append(')');
            }
        }

        More(text, ref left);
        plain?.Append(text, copied, text.Length - copied);
        return text.ToString();
    }

    // The pages of a list left out, as "… 29 more" after those shown.
    private static void More(StringBuilder text, ref int left)
    {
        if (left > 0)
        {
            text.Append(" … ").Append(left.ToString(CultureInfo.InvariantCulture)).Append(" more");
            left = 0;
        }
    }

    /// <summary>The step of virtual time <paramref name="time"/>, or null for <see cref="AccessContext.Never"/>.</summary>
    public long? StepOf(long time) => time == AccessContext.Never ? null : time + StepOfTimeZero;

    /// <summary>The state as JSON: the text, the policy's summary, and each page in order with what the policy keeps of it.</summary>
    public JsonObject Json()
    {
        var order = new JsonArray();
        for (var i = 0; i < View.Order.Count; i++)
        {
            var note = View.Order[i];
            var entry = new JsonObject { ["page"] = Pages[i], ["frame"] = note.Frame.Value };
            if (Pids is { } pids)
            {
                entry["pid"] = pids[i];
            }

            if (note.List is { } list)
            {
                entry["list"] = list;
            }

            if (note.Referenced is { } referenced)
            {
                entry["referenced"] = referenced;
            }

            if (note.Dirty is { } dirty)
            {
                entry["dirty"] = dirty;
            }

            if (note.Time is { } time)
            {
                entry["timeStep"] = StepOf(time);
            }

            if (note.Value is { } value)
            {
                entry["value"] = value;
            }

            if (note.Note is { } words)
            {
                entry["note"] = words;
            }

            order.Add(entry);
        }

        var json = new JsonObject { ["state"] = Text(), ["summary"] = View.Summary, ["ranked"] = View.Ranked, ["fromHand"] = View.FromHand };
        if (View.TimeIs is { } timeIs)
        {
            json["timeIs"] = timeIs;
        }

        if (View.ValueIs is { } valueIs)
        {
            json["valueIs"] = valueIs;
        }

        json["order"] = order;
        return json;
    }

    /// <summary>
    /// What the column of <paramref name="states"/> shows and what its marks mean, as one
    /// sentence for under the table (after "Policy: "), naming only those that appear
    /// (<see cref="PolicyLegend"/>), a time said to fall on a step (a reference-string run's;
    /// a trace's table writes its own, by access, from a <see cref="PolicyLegend"/>).
    /// </summary>
    public static string Legend(string policy, IReadOnlyList<PolicyState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var legend = new PolicyLegend();
        foreach (var state in states)
        {
            legend.Add(state);
        }

        return legend.Text(policy, "step");
    }
}
