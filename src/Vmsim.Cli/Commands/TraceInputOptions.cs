using System.CommandLine;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// The options that say how to read a trace, shared by <c>replay</c>, <c>mrc</c> and
/// <c>sweep</c>: its format (detected from the content when not given) and, for CSV, the
/// delimiter (inferred from the first line when not given) and which column holds what
/// (inferred from the header when not given).
/// </summary>
internal sealed class TraceInputOptions
{
    /// <summary>The trace argument: a file, or - for standard input.</summary>
    public Argument<string> Trace { get; } = new("trace")
    {
        Description = "The trace file (plain or gzip), or - for standard input",
    };

    /// <summary>--format: the trace format.</summary>
    public Option<string> Format { get; } = new("--format")
    {
        Description = "Trace format: " + string.Join(", ", TraceFormats.Names) + " (default: detected from the content; gzip is detected too)",
        HelpName = "name",
    };

    /// <summary>--csv-page: the CSV column of page numbers.</summary>
    public Option<string> CsvPage { get; } = new("--csv-page")
    {
        Description = "csv: the column of page numbers, by header name or 1-based number",
        HelpName = "column",
    };

    /// <summary>--csv-address: the CSV column of byte addresses.</summary>
    public Option<string> CsvAddress { get; } = new("--csv-address")
    {
        Description = "csv: the column of byte addresses (decimal or 0x hex), by header name or 1-based number",
        HelpName = "column",
    };

    /// <summary>--csv-op: the CSV column of access kinds.</summary>
    public Option<string> CsvOp { get; } = new("--csv-op")
    {
        Description = "csv: the column of access kinds (R/W/X, read/write/exec); every access a read without it",
        HelpName = "column",
    };

    /// <summary>--csv-pid: the CSV column of process ids.</summary>
    public Option<string> CsvPid { get; } = new("--csv-pid")
    {
        Description = "csv: the column of process ids; every access by process 0 without it",
        HelpName = "column",
    };

    /// <summary>--csv-no-header: the CSV trace starts with data.</summary>
    public Option<bool> CsvNoHeader { get; } = new("--csv-no-header")
    {
        Description = "csv: the first line is data, not a header (give the columns by number)",
    };

    /// <summary>--csv-delimiter: the character between CSV fields.</summary>
    public Option<string> CsvDelimiter { get; } = new("--csv-delimiter")
    {
        Description = "csv: the character between fields: , ; tab or another single character, not a letter, digit, space or quote (default: inferred from the header, the first of , ; tab that splits out a page or address column)",
        HelpName = "char",
    };

    /// <summary>Adds the trace argument and the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(Trace);
        command.Options.Add(Format);
        command.Options.Add(CsvPage);
        command.Options.Add(CsvAddress);
        command.Options.Add(CsvOp);
        command.Options.Add(CsvPid);
        command.Options.Add(CsvNoHeader);
        command.Options.Add(CsvDelimiter);
    }

    /// <summary>Checks the options and returns the trace given (<c>-</c> for standard input) ready to open.</summary>
    public TraceInput Resolve(ParseResult parsed, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(output);
        var path = parsed.GetValue(Trace)!;
        string? format = null;
        if (parsed.GetValue(Format) is { } name)
        {
            format = TraceFormats.TryNormalize(name) ?? throw new CommandLineInputException($"--format: {TraceFormats.Unknown(name)}");
        }

        var csv = Layout(parsed);
        if (csv is not null)
        {
            if (format is not null && format != TraceFormats.Csv)
            {
                throw new CommandLineInputException($"--csv-page, --csv-address, --csv-op, --csv-pid, --csv-no-header and --csv-delimiter are for csv traces, but --format says {format}");
            }

            format = TraceFormats.Csv;
        }

        if (path != "-" && !File.Exists(path))
        {
            throw new InputFormatException(path, 0, 0, Directory.Exists(path) ? "is a directory; expected a trace file" : "no such file");
        }

        // A scenario given where a trace is expected would otherwise be read as a CSV or text trace
        // and refused for its first line; say what it is instead.
        if (format is null && Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml")
        {
            throw new InputFormatException(path, 0, 0,
                $"is a scenario, not a memory trace: run it with 'vmsim run {path}' (traces are {string.Join(", ", TraceFormats.Names)}; give --format to read the file as one anyway)");
        }

        return new TraceInput(path, format, csv, output);
    }

    /// <summary>The CSV layout the options give, or null when they give none.</summary>
    private CsvLayout? Layout(ParseResult parsed)
    {
        var columns = Columns(parsed);
        var noHeader = parsed.GetValue(CsvNoHeader);
        var delimiter = parsed.GetValue(CsvDelimiter);
        if (columns is null && !noHeader && delimiter is null)
        {
            return null;
        }

        return new CsvLayout { Columns = columns, HasHeader = !noHeader, Delimiter = delimiter is null ? null : Delimiter(delimiter) };
    }

    /// <summary>
    /// Reads a --csv-delimiter: tab by name (or as \t), any other by itself, one ASCII character
    /// that a value cannot hold: not a letter, a digit, a space, a quote or a line end.
    /// </summary>
    private static byte Delimiter(string text)
    {
        if (text.Equals("tab", StringComparison.OrdinalIgnoreCase) || text == "\\t")
        {
            return (byte)'\t';
        }

        if (text is not [var c] || !char.IsAscii(c))
        {
            throw new CommandLineInputException($"--csv-delimiter: expected one character such as , ; | or tab, found '{text}'");
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
            throw new CommandLineInputException(
                $"--csv-delimiter: expected a character that no value holds, such as , ; | or tab, found {found} (letters, digits, spaces, quotes and line ends are parts of values or of the CSV syntax)");
        }

        return (byte)c;
    }

    private CsvColumns? Columns(ParseResult parsed)
    {
        var page = parsed.GetValue(CsvPage);
        var address = parsed.GetValue(CsvAddress);
        var op = parsed.GetValue(CsvOp);
        var pid = parsed.GetValue(CsvPid);
        var noHeader = parsed.GetValue(CsvNoHeader);
        if (page is not null && address is not null)
        {
            throw new CommandLineInputException("--csv-page and --csv-address: give one of them, the column of page numbers or the column of addresses");
        }

        var location = page ?? address;
        if (location is null)
        {
            if (op is not null || pid is not null || noHeader)
            {
                throw new CommandLineInputException("--csv-op, --csv-pid, --csv-no-header: give the location column too (--csv-page or --csv-address), or no column at all to infer them from the header");
            }

            return null;
        }

        var map = new CsvColumns(Column(location, page is not null ? "--csv-page" : "--csv-address"), page is not null,
            op is null ? null : Column(op, "--csv-op"), pid is null ? null : Column(pid, "--csv-pid"));
        if (noHeader && new[] { map.Location, map.Operation, map.Pid }.Any(c => c is { Name: not null }))
        {
            throw new CommandLineInputException("--csv-no-header: a trace without a header has no column names; give the columns by number (--csv-page 2)");
        }

        return map;
    }

    private static CsvColumn Column(string text, string option) =>
        string.IsNullOrWhiteSpace(text)
            ? throw new CommandLineInputException($"{option}: expected a column name or a 1-based number, found an empty value")
            : CsvColumn.Parse(text);
}
