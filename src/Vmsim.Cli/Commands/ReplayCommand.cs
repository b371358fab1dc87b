using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim replay TRACE</c>: a memory trace of a real program through the whole machine
/// (TLB, page-table walk, faults, reclaim, write-back), ending with the usual summary.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>How many steps <c>--steps</c> shows unless <c>--steps-limit</c> says otherwise.</summary>
    public const int DefaultStepsLimit = 1000;

    /// <summary>
    /// The most pages of each of the policy's lists that the step table's Policy column shows
    /// (the next candidates); a trace's memory may be thousands of frames, which JSON gives whole.
    /// </summary>
    public const int PolicyPagesShown = 8;

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var inputs = new TraceInputOptions();
        var machine = new MachineOptions();
        var costs = new CostOptions();
        var report = new ReportOptions();
        var stepsLimit = StepsLimitOption();
        var warmup = new WarmupOption();
        var log = new AccessLogOption();
        var force = OutputFile.ForceOption();
        force.Description = $"Write over the {AccessLogOption.Name} file if it already exists";
        var command = new Command("replay", "Replay a memory trace (lackey, addr, pages, csv, oracle-general) through the whole machine: TLB, page walk, faults, reclaim");
        inputs.AddTo(command);
        AddMachineOptions(command, machine, costs, report, stepsLimit, warmup);
        log.AddTo(command);
        command.Options.Add(force);
        command.SetAction(parsed =>
        {
            var config = report.Apply(parsed, costs.Apply(parsed, machine.Apply(parsed, new MachineConfig())));
            var limit = StepsLimit(parsed, report, stepsLimit);
            var warmupGiven = warmup.Value(parsed);
            var json = parsed.GetValue(report.Json);
            log.Check(parsed, parsed.GetValue(force), json, limit > 0, parsed.GetValue(inputs.Trace)!);
            using var input = inputs.Resolve(parsed, output);
            var notes = new List<string>();
            if (TraceSweep.NeedsFuture(config.Policy, config.PolicyOptions) && input.Format != TraceFormats.OracleGeneral)
            {
                // Saved only if the format turns out to lack the future (OPT's pre-pass reads the trace again).
                input.KeepHead();
            }

            // A share of the trace is resolved once the trace is open: from the count OPT's pre-pass made on
            // its way, from the trace's size, or else from a pass of its own, for which standard input is
            // saved first (the replay's reader opens it before).
            var savedForShare = warmupGiven.IsShare && input.SaveStandardInput();
            Func<ITraceReader> open = () => input.Open(config.Geometry.PageSize);
            using var trace = Open(output, json, config, open, input.Name);
            if (input.SavedOnReopen || (savedForShare && trace.Prepass))
            {
                // Standard input saved for OPT's pre-pass: when it opened the trace again, or before, for the
                // warm-up's share, which the pre-pass counted on its way (so the share needed no save of its own).
                savedForShare = false;
                notes.Add($"{config.Policy} needs the future, which the trace is read twice for: {input.SavedWhat} was saved to a temporary file first (deleted after).");
            }

            var warm = WarmupOption.Resolve(warmupGiven, input, trace.Reader, trace.Prepass, open, savedForShare, output, json, notes);
            // The replay, its warm-up then checked: within the log's writing when there is a log,
            // so that a refused warm-up leaves none.
            ReplayRun Counted(Func<TraceReplay, IMachineObserver>? observe, CancellationToken cancel)
            {
                var replayed = Replay(output, json, config, limit, warm, trace, observe, cancel);
                WarmupOption.RequireCounted(input, replayed.Format, warm, replayed.Result.Accesses);
                return replayed;
            }

            ReplayRun run;
            var logPath = log.Path(parsed);
            var logRows = 0L;
            if (logPath is not null)
            {
                var logged = AccessLogOption.Write(logPath, parsed.GetValue(force), output, output.Interruption, warm, Counted, log.WithPolicy(parsed));
                if (logged.Interrupted)
                {
                    output.ErrorWriter.WriteLine($"vmsim: replay: interrupted by {output.Interruption!.SignalName}: {AccessLogOption.Holds(logPath, logged.Rows)}");
                    return output.Interruption.ExitCode;
                }

                run = logged.Run!;
                logRows = logged.Rows;
            }
            else
            {
                run = Counted(null, default);
            }

            if (run.Prepass)
            {
                notes.Add($"{config.Policy} needs each access's next use, which {Words.WithArticle(run.Format)} trace does not carry: a pre-pass over the trace computed them into a temporary file (deleted after), then the trace was replayed.");
            }

            var summary = Summary(input.Name, run, warmupGiven);
            var heading = new List<(string, string)> { ("Trace: ", summary.Line) };
            var context = new JsonObject { ["trace"] = summary.Json() };
            AccessLogOption.Report(logPath, logRows, heading, context, log.WithPolicy(parsed));
            Write(output, "replay", context, heading, run, config, notes, json, limit, standardOutputTaken: log.ToStandardOutput(parsed));
            return Program.ExitSuccess;
        });
        return command;
    }

    /// <summary>
    /// The options of a trace run (replay, record): the machine, the costs, the report,
    /// --steps-limit and --warmup, with the descriptions a trace run gives them.
    /// </summary>
    internal static void AddMachineOptions(Command command, MachineOptions machine, CostOptions costs, ReportOptions report, Option<int?> stepsLimit, WarmupOption warmup)
    {
        machine.AddTo(command);
        costs.AddTo(command);
        report.AddTo(command);
        command.Options.Add(stepsLimit);
        warmup.AddTo(command);
        machine.Frames.Description = "Physical frames (default 16)";
        machine.Policy.Description = "Replacement policy (default clock): " + string.Join(", ", Vmsim.Core.Replacement.PolicyCatalog.All.Select(p => p.Name)) + " (see 'vmsim policies')";
        report.Steps.Description = $"Print the first accesses step by step, with what happened (the first {DefaultStepsLimit}; see --steps-limit)";
    }

    /// <summary>--steps-limit, shared with <c>record</c>.</summary>
    internal static Option<int?> StepsLimitOption() => new("--steps-limit")
    {
        Description = $"With --steps: how many accesses to show, from the first (default {DefaultStepsLimit}; a trace may be billions long)",
        HelpName = "N",
    };

    /// <summary>The number of accesses to record as steps: 0 without --steps (or --steps-limit).</summary>
    internal static int StepsLimit(ParseResult parsed, ReportOptions report, Option<int?> option)
    {
        var limit = parsed.GetValue(option);
        if (limit is < 1 or > 1_000_000)
        {
            throw new CommandLineInputException($"--steps-limit: expected a number of steps from 1 to 1000000, found {limit}");
        }

        return parsed.GetValue(report.Steps) || limit is not null ? limit ?? DefaultStepsLimit : 0;
    }

    /// <summary>
    /// Replays the trace that <paramref name="open"/> opens (<see cref="Open"/>, then <see cref="Replay"/>);
    /// the first <paramref name="warmup"/> accesses are not counted.
    /// </summary>
    internal static ReplayRun Run(CliOutput output, bool json, MachineConfig config, int stepsLimit, long warmup, Func<ITraceReader> open, string name, Func<TraceReplay, IMachineObserver>? observe = null)
    {
        using var trace = Open(output, json, config, open, name);
        return Replay(output, json, config, stepsLimit, warmup, trace, observe);
    }

    /// <summary>
    /// Opens the trace that <paramref name="open"/> opens for a replay on <paramref name="config"/>'s
    /// policy (<see cref="TraceRun.Open"/>): for OPT on a format without the future, after the
    /// next-use pre-pass, with a progress bar on a terminal meanwhile.
    /// </summary>
    internal static OpenedTrace Open(CliOutput output, bool json, MachineConfig config, Func<ITraceReader> open, string name)
    {
        var meter = new TraceMeter(name, "opening", TraceSweep.NeedsFuture(config.Policy, config.PolicyOptions));
        return ProgressDisplay.Run(json ? null : output.ProgressConsole, meter.View, () =>
        {
            var reader = TraceRun.Open(open, config, out var prepass);
            return new OpenedTrace(reader, prepass);
        });
    }

    /// <summary>
    /// Replays <paramref name="trace"/>, opened by <see cref="Open"/>, with a progress bar on a
    /// terminal; the first <paramref name="warmup"/> accesses are not counted. <paramref name="observe"/>
    /// makes an observer of the whole replay (the access log), and <paramref name="cancellation"/>
    /// stops it between two batches (<see cref="TraceRun.Replay"/>).
    /// </summary>
    internal static ReplayRun Replay(CliOutput output, bool json, MachineConfig config, int stepsLimit, long warmup, OpenedTrace trace, Func<TraceReplay, IMachineObserver>? observe = null, CancellationToken cancellation = default)
    {
        var meter = new TraceMeter(trace.Reader.Source, "replaying");
        return ProgressDisplay.Run(json ? null : output.ProgressConsole, meter.View, () =>
        {
            meter.Start(trace.Reader);
            PolicyStepLog? policy = null;
            var result = TraceRun.Replay(trace.Reader, config, stepsLimit, warmup, meter, observe, r => policy = new PolicyStepLog(r, whole: json, PolicyPagesShown, trace.Reader.RecordsPageNumbers), cancellation);
            return new ReplayRun(result, trace.Reader.Format, trace.Prepass) { Policy = policy };
        });
    }

    /// <summary>The trace a replay read: where it came from, its format, length and warm-up.</summary>
    internal static TraceSummary Summary(string source, ReplayRun run, Warmup warmup) =>
        new(source, run.Format, run.Result.Accesses, warmup, run.Result.Warmup);

    /// <summary>
    /// Writes what a replay found: the summary, as tables or JSON, with the steps and notes (those
    /// given, then <see cref="FilePagesNotes"/> for <paramref name="config"/>'s policy); with
    /// <paramref name="end"/>, how the processes still running at the trace's end really ended. When
    /// <paramref name="standardOutputTaken"/> (the access log is there), only the notes are written,
    /// on standard error as "vmsim: note: " lines, as with CSV on standard output.
    /// </summary>
    internal static void Write(CliOutput output, string command, JsonObject context, IReadOnlyList<(string Label, string Text)> heading, ReplayRun run, MachineConfig config, IReadOnlyList<string> given, bool json, int stepsLimit, ProcessEnd? end = null, bool standardOutputTaken = false)
    {
        var result = run.Result;
        List<string> notes = [.. given, .. FilePagesNotes.For([PolicyVariant.Plain(config.Policy, config.PolicyOptions)])];
        if (standardOutputTaken)
        {
            output.ErrorWriter.WriteNotes(notes);
            return;
        }

        if (json)
        {
            context["notes"] = JsonSummary.Notes(notes);
            context["cost"] = CostOptions.Json(config.Cost);
            var summary = JsonSummary.Build(command, context, result.Machine, end);
            if (stepsLimit > 0)
            {
                summary["stepsLimit"] = stepsLimit;
                summary["stepsTruncated"] = result.StepsTruncated;
                summary["steps"] = PolicyJson(result.Steps, StepTableRenderer.ScenarioJson(result.Steps, [], result.Machine.Kernel.Files), run.Policy?.StatesJson ?? []);
            }

            JsonSummary.Write(output.Writer, summary);
            return;
        }

        var console = output.Console;
        foreach (var (label, text) in heading)
        {
            console.WriteLabelled(label, text);
        }

        console.WriteNotes(notes);

        if (stepsLimit > 0)
        {
            StepTableRenderer.RenderScenario(console, result.Steps, numberAccesses: true, run.Policy?.Cells ?? []);
            var accesses = result.Steps.Count(s => s.Access is not null);
            console.WriteLine(result.StepsTruncated
                ? $"Steps: the first {Words.Number(accesses)} of {Words.Count(result.Accesses, "access")} (--steps-limit N shows more or fewer); the summary counts {(result.Warmup == 0 ? "them all" : $"those after the warm-up of {Words.Number(result.Warmup)}")}."
                : $"Steps: {(accesses == 1 ? "the only access" : $"all {Words.Count(accesses, "access")}")}{(result.Warmup == 0 ? string.Empty : $"; the summary counts those after the warm-up of {Words.Number(result.Warmup)}")}.");
            console.WriteLine("Each access is numbered in the Event column as in the trace (and the access log); # counts every event, the spawns, maps and switches too.");
            if (run.Policy is { Cells.Count: > 0 } policy)
            {
                var shown = policy.LeftOut
                    ? $" At most {PolicyPagesShown} pages of each list are shown, the next candidates, then how many more; --json gives the whole state ({AccessLogOption.LogPolicyName} adds it to the access log)."
                    : string.Empty;
                var pages = policy.DecimalPages
                    ? "its pages in decimal as the narration writes them"
                    : "its pages in hexadecimal as the narration writes them (the access log and JSON give them in decimal)";
                console.WriteLabelled("Policy: ", $"its state after the access, {pages}: {policy.Legend(config.Policy)}{shown}");
            }
        }

        SummaryRenderer.Render(console, result.Machine, end);
    }

    /// <summary>
    /// The JSON of <paramref name="steps"/>, <paramref name="json"/> (one object a step, in order),
    /// with <c>policy</c>, the policy's state, in each access step: the k-th access's is
    /// <paramref name="states"/>' k-th (<see cref="PolicyStepLog.StatesJson"/>).
    /// </summary>
    internal static JsonArray PolicyJson(IReadOnlyList<RecordedStep> steps, JsonArray json, IReadOnlyList<JsonNode> states)
    {
        var access = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Access is not null)
            {
                json[i]!["policy"] = states[access++];
            }
        }

        return json;
    }

    /// <summary>A replay's result, the trace's format and whether OPT's pre-pass ran.</summary>
    internal sealed record ReplayRun(TraceRunResult Result, string Format, bool Prepass)
    {
        /// <summary>
        /// The policy's state after each access recorded as a step, in order: whole for JSON, else as
        /// the step table's Policy cells (null without steps).
        /// </summary>
        public PolicyStepLog? Policy { get; init; }
    }

    /// <summary>
    /// A trace opened for a replay, at its start: the reader, and whether OPT's next-use pre-pass
    /// ran first (and so counted the trace's accesses, <see cref="ITraceReader.Accesses"/>).
    /// </summary>
    internal sealed record OpenedTrace(ITraceReader Reader, bool Prepass) : IDisposable
    {
        /// <summary>Closes the reader (and the pre-pass's temporary file with it).</summary>
        public void Dispose() => Reader.Dispose();
    }
}
