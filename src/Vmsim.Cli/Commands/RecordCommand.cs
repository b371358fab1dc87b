using System.CommandLine;
using System.Text.Json.Nodes;
using Vmsim.Cli.Recording;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim record -- PROGRAM ARGS...</c>: runs a program under Valgrind's lackey tool and
/// replays its memory trace as it is written, with no trace file in between. Only the program
/// itself is traced, not programs it starts (see <see cref="LackeyRecording"/>).
/// </summary>
internal static class RecordCommand
{
    /// <summary>The name the streamed trace goes by in messages.</summary>
    public const string Source = "valgrind lackey";

    // Programs whose work is done by programs they start, which Valgrind does not follow.
    private static readonly HashSet<string> Launchers = new(StringComparer.Ordinal)
    {
        "sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox",
        "env", "nice", "nohup", "time", "timeout", "xargs", "make", "sudo", "stdbuf", "taskset", "setsid", "ionice", "chrt",
    };

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var program = new Argument<string[]>("command")
        {
            Description = "The program to run and its arguments, after -- (vmsim record -- ls -l /)",
            Arity = ArgumentArity.OneOrMore,
        };
        var save = new Option<string>("--save")
        {
            Description = "Also keep the trace, gzip-compressed, in this file (written as the trace streams by), for a later vmsim replay",
            HelpName = "file",
        };
        var force = OutputFile.ForceOption();
        force.Description = "Write over the --save file if it already exists";
        var machine = new MachineOptions();
        var costs = new CostOptions();
        var report = new ReportOptions();
        var stepsLimit = ReplayCommand.StepsLimitOption();
        var warmup = new WarmupOption(shares: false);
        var command = new Command("record", "Run a program under valgrind --tool=lackey and replay its memory trace as it runs (needs valgrind)");
        command.Arguments.Add(program);
        command.Options.Add(save);
        command.Options.Add(force);
        ReplayCommand.AddMachineOptions(command, machine, costs, report, stepsLimit, warmup);
        command.SetAction(parsed =>
        {
            var words = parsed.GetValue(program) ?? [];
            var config = report.Apply(parsed, costs.Apply(parsed, machine.Apply(parsed, new MachineConfig())));
            var limit = ReplayCommand.StepsLimit(parsed, report, stepsLimit);
            var warmupGiven = warmup.Value(parsed);
            var warm = warmupGiven.Count;
            if (TraceSweep.NeedsFuture(config.Policy, config.PolicyOptions))
            {
                throw new CommandLineInputException($"--policy {config.Policy}: needs the future, which a trace streamed from a running program does not have; record with --save trace.lackey.gz, then run vmsim replay trace.lackey.gz --policy {config.Policy}");
            }

            var savePath = parsed.GetValue(save);
            if (savePath is not null)
            {
                OutputFile.Check(savePath, "--save", parsed.GetValue(force));
            }

            var valgrind = LackeyRecording.FindValgrind(Environment.GetEnvironmentVariable("PATH"))
                ?? throw new CommandLineInputException($"record: valgrind is not on PATH; {LackeyRecording.InstallHint}");
            var json = parsed.GetValue(report.Json);

            // With --json, standard output is the JSON: the program's own output goes to standard error.
            using var recording = LackeyRecording.Start(valgrind, words, savePath, json ? output.ErrorWriter : null);
            var run = ReplayCommand.Run(output, json, config, limit, warm, () => TraceFormats.Open(recording.Trace, Source, TraceFormats.Lackey, config.Geometry.PageSize, leaveOpen: true), Source);
            var exitCode = recording.WaitForExit();
            recording.Dispose();
            if (run.Result.Accesses == 0)
            {
                var why = exitCode switch
                {
                    127 => "the program was not found",
                    126 => "the program could not be executed",
                    _ => $"valgrind exited with code {exitCode}",
                };
                throw new CommandLineInputException($"record: valgrind traced nothing of '{words[0]}': {why} (valgrind's message, if any, is above)");
            }

            WarmupOption.RequireMeasured(warm, run.Result.Accesses);
            var commandLine = string.Join(' ', words);
            var heading = new List<(string, string)>
            {
                ("Program: ", $"{commandLine} (exit code {exitCode})"),
                ("Trace: ", $"{Source}, {Words.Count(run.Result.Accesses, "access")}, streamed{warmupGiven.Describe(warm)}" + (savePath is null ? string.Empty : $"; a gzip copy saved to {savePath}")),
            };
            var context = new JsonObject
            {
                ["program"] = new JsonObject
                {
                    ["command"] = new JsonArray([.. words.Select(w => (JsonNode)w)]),
                    ["exitCode"] = exitCode,
                },
                ["trace"] = ReplayCommand.Summary(Source, run, warmupGiven).Json(),
                ["saved"] = savePath,
            };
            ReplayCommand.Write(output, "record", context, heading, run, config, [.. LauncherNote(words[0]), .. FilePagesNotes.For([PolicyVariant.Plain(config.Policy, config.PolicyOptions)])], json, limit);
            return Program.ExitSuccess;
        });
        return command;
    }

    /// <summary>
    /// A note when <paramref name="program"/> is a shell or a launcher (sh, env, make, ...): only
    /// it was traced, not the programs it ran, which is rarely what was meant. Otherwise none.
    /// </summary>
    internal static IReadOnlyList<string> LauncherNote(string program)
    {
        var name = Path.GetFileName(program);
        return Launchers.Contains(name)
            ? [$"only {name} itself was traced: the programs it runs are processes of their own, or execute in its place, and Valgrind follows neither (a lackey trace has no process ids); to trace a program, record it directly, as in vmsim record -- ls /usr."]
            : [];
    }
}
