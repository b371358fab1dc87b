using System.Globalization;
using System.Text.RegularExpressions;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Memory sizes in frames, as <c>mrc --sizes</c> and <c>--frames</c> of <c>mrc</c>, <c>sweep</c> and
/// <c>refs --compare</c> read them: a number (<c>64</c>, or with a binary multiple <c>64K</c>, 65,536
/// frames: see <see cref="Count"/>), a range of every size (<c>1-64</c>), a
/// range with a step (<c>16-1024/16</c>), <c>log</c> (about 32 sizes spaced evenly on a log scale
/// from 1 to the footprint: the trace's distinct pages) or <c>log:N</c> (N of them), or a
/// comma-separated list of these.
/// </summary>
internal static partial class SizeList
{
    /// <summary>How many sizes <c>log</c> aims for.</summary>
    public const int DefaultPoints = 32;

    /// <summary>The sizes, ascending and without repeats.</summary>
    /// <param name="text">The list as given.</param>
    /// <param name="option">The option's name, for messages.</param>
    /// <param name="footprint">The trace's distinct pages, the top of <c>log</c>.</param>
    /// <param name="maxSize">The largest size allowed.</param>
    /// <param name="maxCount">The most sizes allowed.</param>
    public static IReadOnlyList<long> Parse(string text, string option, long footprint, long maxSize, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sizes = new SortedSet<long>();
        foreach (var item in CommaList.Split(text, option, "sizes in frames", "1,2,4,8-16"))
        {
            if (item.Equals("log", StringComparison.OrdinalIgnoreCase) || item.StartsWith("log:", StringComparison.OrdinalIgnoreCase))
            {
                var points = DefaultPoints;
                if (item.Length > 3 && (!int.TryParse(item[4..], NumberStyles.None, CultureInfo.InvariantCulture, out points) || points < 2 || points > 10_000))
                {
                    throw new CommandLineInputException($"{option}: expected log:N with N from 2 to 10000 sizes, found '{item}'");
                }

                sizes.UnionWith(Log(Math.Min(Math.Max(1, footprint), maxSize), points));
                continue;
            }

            var slash = item.Split('/', StringSplitOptions.TrimEntries);
            var bounds = slash[0].Split('-', StringSplitOptions.TrimEntries);
            if (slash.Length > 2 || bounds.Length > 2 || (slash.Length == 2 && bounds.Length != 2))
            {
                throw Bad(option, text);
            }

            var low = Size(bounds[0], option, text, maxSize);
            var high = bounds.Length == 2 ? Size(bounds[1], option, text, maxSize) : low;
            var step = slash.Length == 2 ? Size(slash[1], option, text, maxSize) : 1;
            if (high < low)
            {
                throw new CommandLineInputException($"{option}: the range {item} runs backwards; expected the smaller size first, such as {high}-{low}");
            }

            if ((high - low) / step >= maxCount)
            {
                throw new CommandLineInputException($"{option}: {item} has more than {maxCount} sizes; give a step ({low}-{high}/{Math.Max(1, (high - low) / 64)}) or use log");
            }

            for (var n = low; n <= high; n += step)
            {
                sizes.Add(n);
            }
        }

        if (sizes.Count > maxCount)
        {
            throw new CommandLineInputException($"{option}: {sizes.Count} sizes, more than the {maxCount} allowed; give fewer");
        }

        return [.. sizes];
    }

    /// <summary>
    /// Refuses <paramref name="text"/>, when given, for what is wrong with it whatever the trace (its
    /// forms, a size above <paramref name="maxSize"/>, a range of more than <paramref name="maxCount"/>
    /// sizes), before the trace is read: a pipe may wait for its writer, a long trace takes its time.
    /// </summary>
    public static void Check(string? text, string option, long maxSize, int maxCount)
    {
        if (text is not null)
        {
            Parse(text, option, footprint: 1, maxSize, maxCount);
        }
    }

    /// <summary>
    /// About <paramref name="points"/> sizes from 1 to <paramref name="max"/>, spaced evenly on a
    /// log scale and rounded to whole frames (so fewer at the low end, where they coincide).
    /// </summary>
    public static IReadOnlyList<long> Log(long max, int points)
    {
        max = Math.Max(1, max);
        var sizes = new SortedSet<long> { 1, max };
        var top = Math.Log(max);
        for (var i = 1; i < points - 1; i++)
        {
            sizes.Add(Math.Clamp((long)Math.Round(Math.Exp(top * i / (points - 1))), 1, max));
        }

        return [.. sizes];
    }

    /// <summary>
    /// Reads a number of frames: digits, optionally followed by a binary multiple of frames,
    /// <c>K</c> or <c>Ki</c> (1,024), <c>M</c> or <c>Mi</c> (1,048,576) or <c>G</c> or <c>Gi</c>, as
    /// research writes memory sizes in pages (<c>64K</c> frames). Null when it is not one.
    /// </summary>
    /// <exception cref="CommandLineInputException">A size in bytes (<c>64KiB</c>, <c>4MB</c>): frames are counted, not measured.</exception>
    public static long? Count(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = CountPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (match.Groups[3].Length > 0)
        {
            throw new CommandLineInputException($"{option}: counts frames, not bytes: found '{text}'; give a number of frames, such as 64K for 65,536 frames");
        }

        return Scaled(match.Groups[1].Value, match.Groups[2].Value);
    }

    /// <summary>
    /// <paramref name="digits"/> times the binary multiple <paramref name="multiple"/> names
    /// (K, M or G, any case; none for 1), as frame counts and sizes in bytes both write them;
    /// null when it does not fit a long.
    /// </summary>
    public static long? Scaled(string digits, string multiple)
    {
        var shift = multiple.ToUpperInvariant() switch { "K" => 10, "M" => 20, "G" => 30, _ => 0 };
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= (long.MaxValue >> shift)
            ? n << shift
            : null;
    }

    private static long Size(string text, string option, string whole, long maxSize)
    {
        if (Count(text, option) is not { } n || n < 1 || n > maxSize)
        {
            throw new CommandLineInputException(text == whole
                ? $"{option}: expected a number of frames from 1 to {Rendering.Words.Number(maxSize)}, found '{text}'"
                : $"{option}: expected sizes from 1 to {Rendering.Words.Number(maxSize)} frames, found '{text}' in '{whole}'");
        }

        return n;
    }

    [GeneratedRegex("^([0-9]+)(?:([KkMmGg])i?([Bb])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    private static CommandLineInputException Bad(string option, string text) =>
        new($"{option}: expected sizes in frames: a number (64), a range (1-64), a range with a step (16-1024/16), log, log:N, or a list of these (1,2,4,8-16), found '{text}'");
}
