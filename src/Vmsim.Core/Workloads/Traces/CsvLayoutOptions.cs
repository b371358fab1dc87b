namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A CSV trace's layout as a person gives it, in the words of vmsim's trace options
/// (<c>--csv-page</c>, <c>--csv-address</c>, <c>--csv-op</c>, <c>--csv-pid</c>,
/// <c>--csv-no-header</c>, <c>--csv-delimiter</c>). The command line's options and the
/// visualizer's trace form both give it, and <see cref="TryBuild"/> checks it and builds the
/// <see cref="CsvLayout"/> for both alike, its messages naming those options. A choice left
/// null (or false) is inferred, as without the option.
/// </summary>
public sealed record CsvLayoutOptions
{
    /// <summary><c>--csv-page</c>: the column of page numbers, by header name or 1-based number.</summary>
    public string? Page { get; init; }

    /// <summary><c>--csv-address</c>: the column of byte addresses, by header name or 1-based number.</summary>
    public string? Address { get; init; }

    /// <summary><c>--csv-op</c>: the column of access kinds.</summary>
    public string? Op { get; init; }

    /// <summary><c>--csv-pid</c>: the column of process ids.</summary>
    public string? Pid { get; init; }

    /// <summary><c>--csv-no-header</c>: the first line is data, not a header.</summary>
    public bool NoHeader { get; init; }

    /// <summary><c>--csv-delimiter</c>: the character between fields, <c>tab</c> (or <c>\t</c>) for a tab.</summary>
    public string? Delimiter { get; init; }

    /// <summary>
    /// Checks the choices and builds the layout they give for a trace of
    /// <paramref name="format"/> (a format's name as <see cref="TraceFormats.TryNormalize"/>
    /// gives it, or null when it is detected): <paramref name="layout"/> is null when they give
    /// nothing, and a layout given makes the trace a CSV one, which <paramref name="format"/>
    /// then says. False, with <paramref name="problem"/> in words naming the options, when a
    /// choice cannot be read, when they contradict each other, or when <paramref name="format"/>
    /// is another format.
    /// </summary>
    public bool TryBuild(ref string? format, out CsvLayout? layout, out string? problem)
    {
        layout = null;
        var columnsProblem = Columns(out var columns);
        var delimiterProblem = ReadDelimiter(out var delimiter);
        problem = columnsProblem ?? delimiterProblem;
        if (problem is not null)
        {
            return false;
        }

        if (columns is null && !NoHeader && delimiter is null)
        {
            return true;
        }

        if (format is not null && format != TraceFormats.Csv)
        {
            problem = $"--csv-page, --csv-address, --csv-op, --csv-pid, --csv-no-header and --csv-delimiter are for csv traces, but --format says {format}";
            return false;
        }

        layout = new CsvLayout { Columns = columns, HasHeader = !NoHeader, Delimiter = delimiter };
        format = TraceFormats.Csv;
        return true;
    }

    /// <summary>
    /// Reads <see cref="Delimiter"/>: tab by name (or as \t), any other by itself, one ASCII
    /// character that a value cannot hold: not a letter, a digit, a space, a quote or a line end.
    /// </summary>
    private string? ReadDelimiter(out byte? delimiter)
    {
        delimiter = null;
        var text = Delimiter;
        if (text is null)
        {
            return null;
        }

        if (text.Equals("tab", StringComparison.OrdinalIgnoreCase) || text == "\\t")
        {
            delimiter = (byte)'\t';
            return null;
        }

        if (text is not [var c] || !char.IsAscii(c))
        {
            return $"--csv-delimiter: expected one character such as , ; | or tab, found '{text}'";
        }

        if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '"' or '\n' or '\r' or '\0')
        {
            var found = c switch
            {
                ' ' => "a space",
                '"' => "a quote",
                '\n' or '\r' => "a line end",
                '\0' => "a NUL character",
                _ => $"'{c}'",
            };
            return $"--csv-delimiter: expected a character that no value holds, such as , ; | or tab, found {found} (letters, digits, spaces, quotes and line ends are parts of values or of the CSV syntax)";
        }

        delimiter = (byte)c;
        return null;
    }

    private string? Columns(out CsvColumns? columns)
    {
        columns = null;
        if (Page is not null && Address is not null)
        {
            return "--csv-page and --csv-address: give one of them, the column of page numbers or the column of addresses";
        }

        var location = Page ?? Address;
        if (location is null)
        {
            return Op is not null || Pid is not null || NoHeader
                ? "--csv-op, --csv-pid, --csv-no-header: give the location column too (--csv-page or --csv-address), or no column at all to infer them from the header"
                : null;
        }

        CsvColumn? op = null, pid = null;
        var problem = Column(location, Page is not null ? "--csv-page" : "--csv-address", out var at)
            ?? (Op is null ? null : Column(Op, "--csv-op", out op))
            ?? (Pid is null ? null : Column(Pid, "--csv-pid", out pid));
        if (problem is not null)
        {
            return problem;
        }

        var map = new CsvColumns(at!.Value, Page is not null, op, pid);
        if (NoHeader && new[] { map.Location, map.Operation, map.Pid }.Any(c => c is { Name: not null }))
        {
            return "--csv-no-header: a trace without a header has no column names; give the columns by number (--csv-page 2)";
        }

        columns = map;
        return null;
    }

    private static string? Column(string text, string option, out CsvColumn? column)
    {
        column = string.IsNullOrWhiteSpace(text) ? null : CsvColumn.Parse(text);
        return column is null ? $"{option}: expected a column name or a 1-based number, found an empty value" : null;
    }
}
