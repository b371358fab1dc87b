using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// What a Policy column's states show, gathered state by state as each is heard, so that a long
/// column need not keep its states for the sentence under it: whether any shows lists,
/// a hand, reference or dirty bits, times (and a never), values, and whether every view ranks its
/// pages. <see cref="Text"/> writes the sentence.
/// </summary>
internal sealed class PolicyLegend
{
    private readonly List<string> _contests = [];
    private bool _lists;
    private bool _hand;
    private bool _referenced;
    private bool _dirty;
    private bool _never;
    private bool _allRanked = true;
    private string? _timeIs;
    private string? _valueIs;

    /// <summary>Notes what <paramref name="state"/> shows.</summary>
    public void Add(PolicyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var view = state.View;
        _hand |= view.FromHand;
        _allRanked &= view.Ranked;
        _timeIs ??= view.TimeIs;
        _valueIs ??= view.ValueIs;
        _lists = _lists || view.Order.Any(n => n.List is not null);
        _referenced = _referenced || view.Order.Any(n => n.Referenced is not null);
        _dirty = _dirty || view.Order.Any(n => n.Dirty is not null);
        _never = _never || view.Order.Any(n => n.Time == AccessContext.Never);
        if (view.VictimBetween.Count == 2)
        {
            var contest = $"the first page of {view.VictimBetween[0]} against the first of {view.VictimBetween[1]}";
            if (!_contests.Contains(contest))
            {
                _contests.Add(contest);
            }
        }
    }

    /// <summary>
    /// The sentence for under the table (after "Policy: "), for <paramref name="policy"/>, naming only
    /// the marks that appeared; a time is said to fall on a <paramref name="step"/> ("step", a trace's "access").
    /// Process ids are named when <paramref name="pids"/> says the column writes them (a trace's, of several processes).
    /// </summary>
    public string Text(string policy, string step = "step", bool pids = false)
    {
        var marks = new List<string>();
        if (_lists)
        {
            marks.Add("each list's name before its pages");
        }

        if (pids)
        {
            marks.Add("pid:page, the page's process as the trace numbers it");
        }

        if (_hand)
        {
            marks.Add("> where the hand points");
        }

        if (_referenced)
        {
            marks.Add("* reference bit set");
        }

        if (_dirty)
        {
            marks.Add("D dirty");
        }

        if (_timeIs is { } timeIs)
        {
            marks.Add(_never ? $"@n {timeIs} at {step} n (∞: never)" : $"@n {timeIs} at {step} n");
        }

        if (_valueIs is { } valueIs)
        {
            marks.Add($"(n) {valueIs}");
        }

        var legend = _allRanked
            ? $"the pages in the order {policy} would consider them for eviction, the next candidate first{Contests(policy)}"
            : $"the pages {policy} holds, in frame order: it ranks none above another";
        return marks.Count == 0 ? legend + "." : $"{legend}; {string.Join(", ", marks)}.";
    }

    // The exception to "the next candidate first" where a view decides its victim between the
    // first pages of two lists (PolicyView.VictimBetween), each pair of lists once.
    private string Contests(string policy) => _contests.Count == 0
        ? string.Empty
        : $", except where {policy} weighs {string.Join(" or ", _contests)}: the next victim is then the one of the two that loses";
}
