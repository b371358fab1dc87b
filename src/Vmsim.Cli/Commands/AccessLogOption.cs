using System.CommandLine;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>--access-log FILE</c> of <c>replay</c> and <c>record</c>: one CSV row per access of the trace
/// (<see cref="AccessLogWriter"/>), written as the replay runs; gzip-compressed when the name ends
/// in <c>.gz</c>; on standard output alone for <c>-</c>. A file is checked before any work as every
/// output file is (<see cref="OutputFile"/>) and written through <see cref="StagedFile"/>; an
/// interrupt ends the replay between two batches of the trace and leaves a log of whole rows.
/// </summary>
internal sealed class AccessLogOption
{
    /// <summary>The option's name, in messages.</summary>
    public const string Name = "--access-log";

    /// <summary>The option.</summary>
    public Option<string> Option { get; } = new(Name)
    {
        Description = "Write one CSV row per access (its index, pid, address, page, op, TLB, outcome, frame, the pages evicted and whether each was written back) as the trace replays: into a file (.gz: gzip-compressed), or alone on standard output (-)",
        HelpName = "file",
    };

    /// <summary>The name of the option that adds the policy's state to the log, in messages.</summary>
    public const string LogPolicyName = "--log-policy";

    /// <summary>--log-policy: a <c>policy</c> column, the policy's state after each access.</summary>
    public Option<bool> LogPolicy { get; } = new(LogPolicyName)
    {
        Description = $"With {Name}: add a policy column, the replacement policy's state after each access in the words of replay --steps' Policy column, with every page and the pages in decimal (next candidate first; slower, a walk of the policy's frames per access)",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Option);
        command.Options.Add(LogPolicy);
    }

    /// <summary>True when the log is to hold the policy's state (<see cref="LogPolicy"/>).</summary>
    public bool WithPolicy(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue(LogPolicy);
    }

    /// <summary>The log's file, <c>-</c> for standard output, or null without the option.</summary>
    public string? Path(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue(Option);
    }

    /// <summary>True when the log goes to standard output (then nothing else does).</summary>
    public bool ToStandardOutput(ParseResult parsed) => Path(parsed) == "-";

    /// <summary>
    /// Checks the log's destination before any work: <c>--log-policy</c> only with a log; on standard output, neither <c>--json</c>
    /// nor <c>--steps</c>, which go there too; a file, as <see cref="OutputFile.Check"/> does
    /// (its folder exists, it is not <paramref name="trace"/>, it is new unless <paramref name="force"/>).
    /// </summary>
    public void Check(ParseResult parsed, bool force, bool json, bool steps, string? trace)
    {
        if (WithPolicy(parsed) && Path(parsed) is null)
        {
            throw new CommandLineInputException($"{LogPolicyName}: adds the policy's state to the access log, so it needs {Name} ({Name} accesses.csv {LogPolicyName})");
        }

        switch (Path(parsed))
        {
            case null:
                return;
            case "-" when json || steps:
                throw new CommandLineInputException($"{Name} - and {(json ? "--json" : "--steps")}: both would go to standard output; give {Name} a file ({Name} accesses.csv)");
            case "-":
                return;
            case var path:
                OutputFile.Check(path, Name, force, trace);
                return;
        }
    }

    /// <summary>
    /// Names a log written to the file <paramref name="path"/>, with its <paramref name="rows"/>, in
    /// the summary's <paramref name="heading"/> ("Access log: ...", which says when it holds the
    /// <paramref name="policy"/>'s state) and its JSON <paramref name="context"/> (<c>accessLog</c>);
    /// nothing for no log or one on standard output.
    /// </summary>
    public static void Report(string? path, long rows, List<(string Label, string Text)> heading, JsonObject context, bool policy = false)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(context);
        if (path is null or "-")
        {
            return;
        }

        heading.Add(("Access log: ", $"{path}, {Words.Count(rows, "row")} (one per access, CSV{(IsCompressed(path) ? ", gzip-compressed" : string.Empty)}{(policy ? ", with the policy's state" : string.Empty)})"));
        context["accessLog"] = path;
    }

    /// <summary>What an interrupted run's message says of its access log at <paramref name="path"/>, which holds <paramref name="rows"/> accesses.</summary>
    public static string Holds(string path, long rows) =>
        $"the access log {(path == "-" ? "on standard output" : path)} holds {(rows == 0 ? "no access" : $"the first {Words.Count(rows, "access")}")}, in whole rows";

    /// <summary>True when the log at <paramref name="path"/> is written gzip-compressed: its name ends in .gz.</summary>
    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs <paramref name="replay"/> with the log at <paramref name="path"/> (a file, or <c>-</c>
    /// for <paramref name="output"/>'s standard output): it is given what makes the log's observer
    /// for <see cref="TraceRun.Replay"/> and a token that an interrupt cancels (when
    /// <paramref name="interruption"/> is given; <c>record</c> handles its own). The log is flushed
    /// whole and put in place whether the replay ends or is interrupted; an error while replaying
    /// leaves no file, as does an error <paramref name="replay"/> throws after it (a warm-up it refuses). <paramref name="warmup"/>: the accesses of the warm-up, marked in the log;
    /// <paramref name="policy"/>: true to add the policy's state after each access (<c>--log-policy</c>).
    /// </summary>
    public static AccessLogResult<T> Write<T>(string path, bool force, CliOutput output, Interruption? interruption, long warmup, Func<Func<TraceReplay, IMachineObserver>, CancellationToken, T> replay, bool policy = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(replay);
        using var cancel = new CancellationTokenSource();
        using var takeOver = interruption?.TakeOver(cancel.Cancel);
        AccessLogWriter? log = null;
        T? result = null;

        void Replay(CsvHelper.CsvWriter csv)
        {
            try
            {
                result = replay(r => log = new AccessLogWriter(csv, r, warmup, policy), cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Interrupted between two batches: the rows so far are whole, and stay (written when the CSV writer is disposed).
            }
        }

        if (path == "-")
        {
            using var csv = CsvHelper.CsvWriter.Create(output.Writer, AccessLogWriter.Options, leaveOpen: true);
            Replay(csv);
        }
        else
        {
            // The staged file is put in place interrupted or not (its rows whole), so the interrupt is this method's, not StagedFile's.
            StagedFile.Write(path, Name, force, null, stream =>
            {
                using var gzip = IsCompressed(path) ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : null;
                using var csv = CsvHelper.CsvWriter.Create(gzip ?? stream, AccessLogWriter.Options, leaveOpen: true);
                Replay(csv);
            });
        }

        return new AccessLogResult<T>(result, log?.Rows ?? 0, interruption?.Signal is not null);
    }
}
