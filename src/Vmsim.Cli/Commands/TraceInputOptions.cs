using System.CommandLine;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// The options that say how to read a trace, shared by <c>replay</c>, <c>mrc</c> and
/// <c>sweep</c>: its format (detected from the content when not given) and, for CSV, the
/// delimiter (inferred from the first line when not given) and which column holds what
/// (inferred from the header when not given). Core's <see cref="CsvLayoutOptions"/> checks the
/// CSV options and builds their layout, as it does for the visualizer's trace form.
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

        var options = new CsvLayoutOptions
        {
            Page = parsed.GetValue(CsvPage),
            Address = parsed.GetValue(CsvAddress),
            Op = parsed.GetValue(CsvOp),
            Pid = parsed.GetValue(CsvPid),
            NoHeader = parsed.GetValue(CsvNoHeader),
            Delimiter = parsed.GetValue(CsvDelimiter),
        };
        if (!options.TryBuild(ref format, out var csv, out var problem))
        {
            throw new CommandLineInputException(problem!);
        }

        if (path != "-" && !File.Exists(path))
        {
            if (Directory.Exists(path))
            {
                throw new InputFormatException(path, 0, 0, "is a directory; expected a trace file");
            }

            // Not there, or in a folder that cannot be entered, which File.Exists does not tell
            // apart; opening it does.
            try
            {
                File.OpenHandle(path).Dispose();
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InputFormatException(path, 0, 0, "no such file");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw TraceFormats.Unreadable(path, e);
            }
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
}
