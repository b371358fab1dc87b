namespace Vmsim.Cli.Commands;

/// <summary>
/// The items of an option's comma-separated list (<c>--compare fifo,lru</c>,
/// <c>--frames 1,2,4</c>, <c>--cost minor=10us,major=5ms</c>), trimmed; an empty item
/// (<c>fifo,</c>, <c>1,,3</c>) is a slip, refused with the option's name, never skipped.
/// </summary>
internal static class CommaList
{
    /// <summary>The items of <paramref name="text"/>, each trimmed of white space.</summary>
    /// <param name="text">The list as given.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <param name="what">What the items are, for the message: "policy names".</param>
    /// <param name="example">A list of them as it should be written: "fifo,lru,opt".</param>
    /// <exception cref="CommandLineInputException">An item is empty; the message says where it is.</exception>
    public static string[] Split(string text, string option, string what, string example)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var empty = Array.IndexOf(items, string.Empty);
        if (empty < 0)
        {
            return items;
        }

        var where = items.Length == 1 ? "nothing"
            : empty == 0 ? "nothing before the first comma"
            : empty == items.Length - 1 ? "nothing after the last comma"
            : "nothing between two commas";
        throw new CommandLineInputException($"{option}: expected {what} separated by commas, such as {example}, found {where} in '{text}'");
    }
}
