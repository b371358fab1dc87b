using System.Text.Json.Nodes;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Commands;

/// <summary>
/// A trace as the verbs that read one describe it above their figures and in their JSON: where
/// it came from, its format, its length and warm-up, and for the curves its footprint.
/// </summary>
/// <param name="Source">The trace's name: its path, or "stdin".</param>
/// <param name="Format">The format it was read in.</param>
/// <param name="Accesses">Accesses in the whole trace, the warm-up's included.</param>
/// <param name="WarmupGiven">The warm-up as given.</param>
/// <param name="Warmup">The accesses the warm-up came to.</param>
internal sealed record TraceSummary(string Source, string Format, long Accesses, Warmup WarmupGiven, long Warmup)
{
    /// <summary>Distinct pages in the trace, for a curve; null for a replay.</summary>
    public long? DistinctPages { get; init; }

    /// <summary>True when <see cref="DistinctPages"/> is estimated from a sample (SHARDS).</summary>
    public bool PagesEstimated { get; init; }

    /// <summary>Bytes in a page, given with <see cref="DistinctPages"/>.</summary>
    public int PageSize { get; init; }

    /// <summary>The trace in one line: "t.gz (lackey), 1,234 accesses, 56 distinct pages of 4 KiB; the first …".</summary>
    public string Line
    {
        get
        {
            var pages = DistinctPages is { } distinct
                ? $", {(PagesEstimated ? "about " : string.Empty)}{Words.Count(distinct, "distinct page")} of {Words.Bytes(PageSize)}"
                : string.Empty;
            return $"{Source} ({Format}), {Words.Count(Accesses, "access")}{pages}{WarmupGiven.Describe(Warmup)}";
        }
    }

    /// <summary>
    /// The trace in JSON: <c>source</c>, <c>format</c>, <c>accesses</c>, <c>warmup</c> (the
    /// accesses left out), <c>warmupPercent</c> (the share given, or null), and for a curve
    /// <c>distinctPages</c> and <c>pageSize</c>; a footprint estimated from a sample is
    /// <c>estimatedDistinctPages</c> instead, so that it cannot be taken for the true count.
    /// </summary>
    public JsonObject Json()
    {
        var trace = new JsonObject
        {
            ["source"] = Source,
            ["format"] = Format,
            ["accesses"] = Accesses,
            ["warmup"] = Warmup,
            ["warmupPercent"] = WarmupGiven.IsShare ? WarmupGiven.Percent : null,
        };
        if (DistinctPages is { } distinct)
        {
            trace[PagesEstimated ? "estimatedDistinctPages" : "distinctPages"] = distinct;
            trace["pageSize"] = PageSize;
        }

        return trace;
    }
}
