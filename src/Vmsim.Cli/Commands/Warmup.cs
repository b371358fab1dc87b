using System.Globalization;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// A warm-up as <c>--warmup</c> gives it: a count of accesses, or a share of the trace in per
/// cent (<see cref="Percent"/> above 0), which becomes a count once the trace's length is known.
/// The default is no warm-up.
/// </summary>
/// <param name="Count">The accesses of a warm-up given as a count; 0 for a share or none.</param>
/// <param name="Percent">The share of the trace, above 0 and under 100, or 0 for a count.</param>
internal readonly record struct Warmup(long Count, decimal Percent)
{
    /// <summary>True when the warm-up is a share of the trace, so that its length must be known first.</summary>
    public bool IsShare => Percent > 0;

    /// <summary>
    /// The warm-up of a trace of <paramref name="accesses"/> accesses, in accesses. A share that
    /// comes to no access at all (1% of 50) is refused, as a count as long as the trace is.
    /// </summary>
    public long Of(long accesses)
    {
        if (!IsShare)
        {
            return Count;
        }

        var count = TraceWarmup.OfShare(accesses, Percent);
        return count > 0 ? count : throw new CommandLineInputException(
            $"--warmup {ShareText}: of a trace of {Words.Count(accesses, "access")} that is none; give a larger share, or no warm-up");
    }

    /// <summary>The share with every digit given, such as "10%" or "0.0001%".</summary>
    public string ShareText => Percent.ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>What a trace's line says of a warm-up that came to <paramref name="accesses"/> accesses: nothing without one.</summary>
    public string Describe(long accesses) => (IsShare, accesses) switch
    {
        (true, _) => $"; the first {ShareText} ({Words.Count(accesses, "access")}) warm memory up and {(accesses == 1 ? "is" : "are")} not counted",
        (false, 0) => string.Empty,
        _ => $"; the first {Words.Number(accesses)} {(accesses == 1 ? "warms memory up and is" : "warm memory up and are")} not counted",
    };
}
