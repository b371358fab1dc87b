using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>--warmup N</c>, shared by the verbs that read a trace (<c>replay</c>, <c>record</c>,
/// <c>mrc</c>, <c>sweep</c>): the first N accesses fill memory (or the LRU stack) and are left
/// out of every figure, so that the figures describe the rest of the trace on a warm memory
/// rather than one that starts empty. N is a count of accesses, with an optional decimal
/// multiplier (k, M, G: thousands, millions, billions).
/// </summary>
internal sealed partial class WarmupOption
{
    /// <summary>The option.</summary>
    public Option<string> Option { get; } = new("--warmup")
    {
        Description = "Leave the first N accesses out of the figures: they fill memory first, so the counts describe a warm machine, not one that starts empty (N such as 500000, 500k or 2M)",
        HelpName = "N",
    };

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Option);
    }

    /// <summary>The accesses of the warm-up: 0 without the option.</summary>
    public long Accesses(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(Option) is not { } text)
        {
            return 0;
        }

        return Parse(text) ?? throw new CommandLineInputException(
            $"--warmup: expected a number of accesses such as 500000, 500k or 2M, found '{text}'");
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

    /// <summary>
    /// Refuses a warm-up that leaves nothing to count: a trace of <paramref name="accesses"/>
    /// accesses must go on after the first <paramref name="warmup"/>.
    /// </summary>
    public static void RequireMeasured(long warmup, long accesses)
    {
        if (warmup > 0 && accesses <= warmup)
        {
            throw new CommandLineInputException(
                $"--warmup {Words.Number(warmup)}: the trace has {(accesses < warmup ? "only " : string.Empty)}{Words.Number(accesses)} accesses, so none would be counted; give a smaller warm-up");
        }
    }

    /// <summary>What the trace's line says of the warm-up: nothing without one.</summary>
    public static string Describe(long warmup) =>
        warmup == 0 ? string.Empty : $"; the first {Words.Number(warmup)} warm memory up and are not counted";

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([kKmMgG]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();
}
