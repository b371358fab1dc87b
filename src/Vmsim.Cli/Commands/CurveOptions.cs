using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Plotting;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Commands;

/// <summary>
/// The options of the verbs that produce miss-ratio curves (<c>mrc</c>, <c>sweep</c>): where the
/// results go (a table, CSV, JSON, a chart in the terminal, a chart file) and how the runs are
/// spread over the cores and how much of the trace may be held in memory.
/// </summary>
internal sealed class CurveOptions
{
    /// <summary>The memory budget for holding a trace when none is given: 1 GiB (about 44 M accesses).</summary>
    public const long DefaultMemoryBudget = 1L << 30;

    /// <summary>--csv: the results as CSV, on standard output or into a file.</summary>
    public Option<string> Csv { get; } = new("--csv")
    {
        Description = "Write the results as CSV: to standard output (--csv or --csv -), or to a file (--csv results.csv) besides the table",
        HelpName = "file",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>--json: the results as JSON.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the results as JSON instead of tables",
    };

    /// <summary>--plot: a chart file.</summary>
    public Option<string> Plot { get; } = new("--plot")
    {
        Description = "Draw the curves into a file: .svg or .png (Vega, needs node), or .html (Chart.js, self-contained)",
        HelpName = "file",
    };

    /// <summary>--chart: a chart in the terminal.</summary>
    public Option<bool> Chart { get; } = new("--chart")
    {
        Description = "Also draw the curves in the terminal, under the table",
    };

    /// <summary>--y-scale: the charts' miss-ratio axis.</summary>
    public Option<string> YScale { get; } = new("--y-scale")
    {
        Description = "The charts' miss-ratio axis: linear, log, or auto (the default): log when the ratios above 0 span more than two decades, as the axis title then says",
        HelpName = "auto|linear|log",
    };

    /// <summary>--jobs: runs at once.</summary>
    public Option<string> Jobs { get; } = new("--jobs")
    {
        Description = "Simulations run at once (default: one per core); the results are the same whatever the number",
        HelpName = "N",
    };

    /// <summary>--memory-budget: how much memory the trace may take.</summary>
    public Option<string> MemoryBudget { get; } = new("--memory-budget")
    {
        Description = "Hold the trace in memory (24 bytes an access) when it takes at most this much, and read it once; otherwise every run reads it (default 1G; 0 always reads)",
        HelpName = "bytes",
    };

    /// <summary>--force: write over existing output files.</summary>
    public Option<bool> Force { get; } = OutputFile.ForceOption();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Csv);
        command.Options.Add(Json);
        command.Options.Add(Plot);
        command.Options.Add(Force);
        command.Options.Add(Chart);
        command.Options.Add(YScale);
        command.Options.Add(Jobs);
        command.Options.Add(MemoryBudget);
    }

    /// <summary>True when CSV goes to standard output (then nothing else does).</summary>
    public bool CsvToStdout(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetResult(Csv) is { Implicit: false } && parsed.GetValue(Csv) is null or "-";
    }

    /// <summary>The CSV file asked for, or null.</summary>
    public string? CsvFile(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetResult(Csv) is { Implicit: false } && parsed.GetValue(Csv) is { } path && path != "-" ? path : null;
    }

    /// <summary>
    /// Checks the options before any work (before the trace is opened, which on a FIFO waits for its
    /// writer): --jobs and --memory-budget are well formed (the exact LRU curve, one pass,
    /// reads neither, and mrc refuses them there after this check); --y-scale is known; --json and CSV on standard
    /// output exclude each other; the files can be written, are not <paramref name="trace"/> (the file read), and are
    /// new unless --force.
    /// </summary>
    public void Check(ParseResult parsed, string trace)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(Json) && CsvToStdout(parsed))
        {
            throw new CommandLineInputException("--csv and --json: both would go to standard output; give --csv a file (--csv results.csv)");
        }

        _ = Parallelism(parsed);
        _ = Budget(parsed);
        _ = Scale(parsed);
        var force = parsed.GetValue(Force);
        var csv = CsvFile(parsed);
        var plot = parsed.GetValue(Plot);
        if (csv is not null)
        {
            OutputFile.Check(csv, "--csv", force, trace);
        }

        if (plot is not null)
        {
            PlotWriter.Check(plot);
            OutputFile.Check(plot, "--plot", force, trace);
        }

        OutputFile.Distinct(csv, "--csv", plot, "--plot");
    }

    /// <summary>--y-scale, or <see cref="Plotting.YScale.Auto"/>.</summary>
    public Plotting.YScale Scale(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue(YScale)?.Trim().ToLowerInvariant() switch
        {
            null or "auto" => Plotting.YScale.Auto,
            "linear" => Plotting.YScale.Linear,
            "log" => Plotting.YScale.Log,
            _ => throw new CommandLineInputException($"--y-scale: expected auto, linear or log, found '{parsed.GetValue(YScale)}'"),
        };
    }

    /// <summary>--jobs, or one per core.</summary>
    public int Parallelism(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(Jobs) is not { } text)
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var jobs) && jobs is >= 1 and <= 1024
            ? jobs
            : throw new CommandLineInputException($"--jobs: expected a number of simultaneous runs from 1 to 1024, found '{text}'");
    }

    /// <summary>--memory-budget in bytes, or <see cref="DefaultMemoryBudget"/>.</summary>
    public long Budget(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.GetValue(MemoryBudget) is not { } text)
        {
            return DefaultMemoryBudget;
        }

        return MachineOptions.ParseBytes(text)
            ?? throw new CommandLineInputException($"--memory-budget: expected a size in bytes such as 512M or 2G (0 to always read the trace), found '{text}'");
    }

    /// <summary>
    /// Writes a curve verb's results where they were asked for: the CSV and chart files first,
    /// then on standard output the JSON (<paramref name="json"/>, built only then, the notes in it), or the CSV
    /// alone (the notes then on standard error, "vmsim: note: " lines), or the tables: the trace's line and the notes, <paramref name="method"/>, the table
    /// <paramref name="table"/> draws with the <paramref name="under"/> lines under it (the verb's
    /// own, if any, then the machine's), the chart in the terminal with --chart, and what was
    /// written where. The charts' miss-ratio axis is as --y-scale says.
    /// </summary>
    public int Emit(CliOutput output, ParseResult parsed, PlotData data, IReadOnlyList<IReadOnlyList<string>> rows, Func<JsonObject> json, string traceLine, IReadOnlyList<string> notes, Paragraph method, Action<IAnsiConsole> table, IReadOnlyList<(string Label, string Text)> under)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(under);
        data = data with { Scale = Scale(parsed) };
        var written = new List<string>();
        var force = parsed.GetValue(Force);
        if (CsvFile(parsed) is { } csv)
        {
            if (!StagedFile.Write(csv, "--csv", force, output.Interruption, stream => WriteCsv(stream, rows)))
            {
                return output.Interruption!.Report();
            }

            written.Add($"Wrote the results as CSV to {csv}.");
        }

        if (parsed.GetValue(Plot) is { } plot)
        {
            var chart = PlotWriter.Render(plot, data);
            if (!StagedFile.Write(plot, "--plot", force, output.Interruption, stream => stream.Write(chart)))
            {
                return output.Interruption!.Report();
            }

            written.Add($"Wrote the chart to {plot}.");
        }

        if (parsed.GetValue(Json))
        {
            JsonSummary.Write(output.Writer, json());
            return Program.ExitSuccess;
        }

        if (CsvToStdout(parsed))
        {
            // Standard output is the CSV alone, which has no place for notes: they go to standard error.
            output.ErrorWriter.WriteNotes(notes);
            WriteCsv(output.Writer, rows);
            return Program.ExitSuccess;
        }

        var console = output.Console;
        console.WriteLabelled("Trace: ", traceLine);
        console.WriteNotes(notes);

        console.Write(method);
        console.WriteLine();
        table(console);
        foreach (var (label, text) in under)
        {
            console.WriteLabelled(label, text);
        }

        if (parsed.GetValue(Chart))
        {
            CurveRenderer.RenderChart(console, data);
        }

        foreach (var line in written)
        {
            console.WriteLine(line);
        }

        return Program.ExitSuccess;
    }

    /// <summary>Writes CSV rows (the first the header), quoting fields that need it.</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            writer.Write(string.Join(',', row.Select(Field)));
            writer.Write('\n');
        }
    }

    /// <summary>Writes CSV rows to <paramref name="stream"/> in UTF-8 (without a byte-order mark), leaving it open.</summary>
    public static void WriteCsv(Stream stream, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        WriteCsv(writer, rows);
    }

    /// <summary>
    /// A miss ratio as CSV gives it: in full, the shortest text that reads back as the same
    /// number, so that a ratio of a few misses in millions of accesses keeps its digits.
    /// </summary>
    public static string Ratio(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
