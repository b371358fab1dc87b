using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>--warmup N</c>, shared by the verbs that read a trace (<c>replay</c>, <c>record</c>,
/// <c>mrc</c>, <c>sweep</c>): the first N accesses fill memory (or the LRU stack) and are left
/// out of every figure, so that the figures describe the rest of the trace on a warm memory
/// rather than one that starts empty. N is a count of accesses, with an optional decimal
/// multiplier (k, M, G: thousands, millions, billions), or, where the trace's length can be
/// known before it is replayed, a share of the trace in per cent (<c>10%</c>).
/// </summary>
/// <param name="shares">
/// True when the verb takes a share (<c>replay</c>, <c>mrc</c>, <c>sweep</c>); false for
/// <c>record</c>, whose trace has no length until the program ends.
/// </param>
internal sealed partial class WarmupOption(bool shares = true)
{
    private const string Purpose = "Leave the first N accesses out of the figures: they fill memory first, so the counts describe a warm machine, not one that starts empty";

    /// <summary>The option.</summary>
    public Option<string> Option { get; } = new("--warmup")
    {
        Description = shares
            ? $"{Purpose} (N such as 500000, 500k or 2M, or a share of the trace such as 10%)"
            : $"{Purpose} (N such as 500000, 500k or 2M; for a share such as 10%, record with --save and replay the copy)",
        HelpName = shares ? "N|P%" : "N",
    };

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Option);
    }

    /// <summary>The warm-up given: none without the option.</summary>
    public Warmup Value(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(Option) is not { } text)
        {
            return default;
        }

        if (ParseShare(text) is { } percent)
        {
            if (!shares)
            {
                throw new CommandLineInputException($"--warmup {text.Trim()}: a share needs the trace's length, which a program still running does not have; give a count of accesses, or record with --save trace.lackey.gz and run vmsim replay trace.lackey.gz --warmup {text.Trim()}");
            }

            return percent is > 0 and < 100
                ? new Warmup(0, percent)
                : throw new CommandLineInputException($"--warmup {text.Trim()}: a share of the trace must be above 0% and under 100%, so that some accesses are counted");
        }

        return Parse(text) is { } count
            ? new Warmup(count, 0)
            : throw new CommandLineInputException(
                $"--warmup: expected a number of accesses such as 500000, 500k or 2M{(shares ? ", or a share of the trace such as 10%" : string.Empty)}, found '{text}'");
    }

    /// <summary>A count such as 500000, 500k, 2M or 1.5G, or null when <paramref name="text"/> is not one.</summary>
    public static long? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = CountPattern().Match(text.Trim());
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var scale = match.Groups[2].Value.ToUpperInvariant() switch { "K" => 1e3m, "M" => 1e6m, "G" => 1e9m, _ => 1m };
        var count = number * scale;
        return count == decimal.Truncate(count) && count <= long.MaxValue ? (long)count : null;
    }

    /// <summary>A share in per cent such as 10% or 2.5%, or null when <paramref name="text"/> is not one.</summary>
    public static decimal? ParseShare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SharePattern().Match(text.Trim());
        return match.Success && decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            ? percent
            : null;
    }

    /// <summary>
    /// The warm-up in accesses of a run whose trace, <paramref name="input"/>, is open already as <paramref name="reader"/>
    /// (mrc's, or replay's from <see cref="ReplayCommand.Open"/>), at its start. A share of the
    /// trace needs the trace's length: OPT's pre-pass, when it ran (<paramref name="prepass"/>),
    /// counted it; the size of an uncompressed oracleGeneral file gives it; otherwise a first
    /// pass over a reader of its own from <paramref name="open"/> counts it, with a progress bar
    /// on a terminal. A note in <paramref name="notes"/> says which, and that standard input was
    /// saved for it when <paramref name="saved"/> (which the caller must do before it opens the trace).
    /// </summary>
    public static long Resolve(Warmup warmup, TraceInput input, ITraceReader reader, bool prepass, Func<ITraceReader> open, bool saved, CliOutput output, bool json, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(notes);
        if (!warmup.IsShare)
        {
            return warmup.Count;
        }

        return Of(warmup, input, reader, prepass, () =>
        {
            using var counted = open();
            return Count(counted, output, json);
        }, saved, notes);
    }

    // The share of the trace that reader reads: its length known already, or counted.
    private static long Of(Warmup warmup, TraceInput input, ITraceReader reader, bool prepass, Func<long> count, bool saved, ICollection<string> notes)
    {
        var (total, how) = reader.Accesses is { } known
            ? (known, prepass ? "OPT's pre-pass over the trace counted its" : "the trace's size gives its")
            : (count(), "a first pass over the trace counted its");
        input.RequireAccesses(reader.Format, total);
        var share = warmup.Of(total);
        notes.Add($"--warmup {warmup.ShareText}: {how} {Words.Count(total, "access")}{(saved ? $" ({input.SavedWhat} was saved to a temporary file for it, deleted after)" : string.Empty)}.");
        return share;
    }

    private static long Count(ITraceReader reader, CliOutput output, bool json)
    {
        var meter = new TraceMeter(reader.Source, "counting the accesses of");
        return ProgressDisplay.Run(json ? null : output.ProgressConsole, meter.View, () =>
        {
            meter.Start(reader);
            return TraceWarmup.CountAccesses(reader, meter);
        });
    }

    /// <summary>
    /// Refuses a trace, <paramref name="input"/> read in <paramref name="format"/>, of
    /// <paramref name="accesses"/> accesses that leaves nothing to count: one with none at all
    /// (<see cref="TraceInput.RequireAccesses"/>), or none after the first <paramref name="warmup"/>
    /// (<see cref="RequireMeasured"/>).
    /// </summary>
    public static void RequireCounted(TraceInput input, string format, long warmup, long accesses)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.RequireAccesses(format, accesses);
        RequireMeasured(warmup, accesses);
    }

    /// <summary>
    /// Refuses a warm-up that leaves nothing to count: a trace of <paramref name="accesses"/>
    /// accesses must go on after the first <paramref name="warmup"/>.
    /// </summary>
    public static void RequireMeasured(long warmup, long accesses)
    {
        if (warmup > 0 && accesses <= warmup)
        {
            throw new CommandLineInputException(
                $"--warmup {Words.Number(warmup)}: the trace has {(accesses < warmup ? "only " : string.Empty)}{Words.Count(accesses, "access")}, so none would be counted; give a smaller warm-up");
        }
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([kKmMgG]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*%$", RegexOptions.CultureInvariant)]
    private static partial Regex SharePattern();
}
