using System.CommandLine;
using System.Text.Json.Nodes;
using Vmsim.Cli.Recording;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim record [OPTIONS] [--] PROGRAM ARGS...</c>: runs a program under Valgrind's lackey tool
/// and replays its memory trace as it is written, with no trace file in between. Only the program
/// itself is traced, not programs it starts (see <see cref="LackeyRecording"/>). Options before
/// the program are vmsim's; everything from the program's name on is the program's
/// (<see cref="SeparateProgram"/>).
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
            Description = "The program to run and its arguments: everything from the program's name on is the program's, and -- before it is optional (vmsim record --frames 64 ls -l /)",
            Arity = ArgumentArity.OneOrMore,
        };
        var save = new Option<string>("--save")
        {
            Description = "Also keep the trace, gzip-compressed, in this file ending in .gz (written as the trace streams by), for a later vmsim replay",
            HelpName = "file",
        };
        var force = OutputFile.ForceOption();
        force.Description = $"Write over the --save or {AccessLogOption.Name} file if it already exists";
        var machine = new MachineOptions();
        var costs = new CostOptions();
        var report = new ReportOptions();
        var stepsLimit = ReplayCommand.StepsLimitOption();
        var warmup = new WarmupOption(shares: false);
        var log = new AccessLogOption();
        var command = new Command("record", "Run a program under valgrind --tool=lackey and replay its memory trace as it runs (needs valgrind)");
        command.Arguments.Add(program);
        command.Options.Add(save);
        command.Options.Add(force);
        ReplayCommand.AddMachineOptions(command, machine, costs, report, stepsLimit, warmup);
        log.AddTo(command);
        command.SetAction(parsed =>
        {
            var words = parsed.GetValue(program) ?? [];
            CheckProgram(words[0]);
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
                if (!savePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CommandLineInputException($"--save {savePath}: the copy is written gzip-compressed, so its name must end in .gz, as in --save {Path.GetFileName(savePath)}.gz");
                }

                OutputFile.Check(savePath, "--save", parsed.GetValue(force));
            }

            var json = parsed.GetValue(report.Json);
            log.Check(parsed, parsed.GetValue(force), json, limit > 0, null);
            var logPath = log.Path(parsed);
            OutputFile.Distinct(savePath, "--save", log.ToStandardOutput(parsed) ? null : logPath, AccessLogOption.Name);
            var standardOutputTaken = json || log.ToStandardOutput(parsed);

            var valgrind = LackeyRecording.FindValgrind(Environment.GetEnvironmentVariable("PATH"))
                ?? throw new CommandLineInputException($"record: valgrind is not on PATH; {LackeyRecording.InstallHint}");

            // An interrupt stops Valgrind and the program; the trace then ends, and what was read is reported.
            var interruption = output.Interruption;
            LackeyRecording? started = null;
            using var takeOver = interruption?.TakeOver(() => Volatile.Read(ref started)?.Stop());

            // With --json or the access log on standard output, standard output is vmsim's: the program's own output goes to standard error.
            using var copy = savePath is null ? null : new RecordingCopy(savePath, "--save", parsed.GetValue(force));
            using var recording = LackeyRecording.Start(valgrind, words, copy?.Stream, standardOutputTaken ? output.ErrorWriter : null, output.ErrorWriter);
            Volatile.Write(ref started, recording);
            if (interruption?.Signal is not null)
            {
                recording.Stop();
            }

            // Lackey's output as it comes, never gzip: an empty trace (a program that never ran, an
            // interrupt before its first access) reads as no accesses, which the lines below explain,
            // where Open would refuse it as an input that holds nothing.
            Func<ITraceReader> open = () => TraceFormats.Create(TraceFormats.Lackey, recording.Trace, config.Geometry.PageSize, source: Source, leaveOpen: true);

            // The log needs no interrupt of its own: the one above ends the trace, and so the replay.
            // The warm-up is checked as soon as the trace has ended, within the log's writing when
            // there is a log, so that a refused one leaves none; not after an interrupt, which is
            // reported instead, nor for an empty trace, which is an error of its own below.
            ReplayCommand.ReplayRun Replay(Func<TraceReplay, IMachineObserver>? observe)
            {
                var replayed = ReplayCommand.Run(output, json, config, limit, warm, open, Source, observe);
                if (interruption?.Signal is null && replayed.Result.Accesses > 0)
                {
                    try
                    {
                        WarmupOption.RequireMeasured(warm, replayed.Result.Accesses);
                    }
                    catch (CommandLineInputException refused) when (copy is not null)
                    {
                        // The program ran to its end and the whole trace is in the copy: kept, it
                        // replays with a shorter warm-up without running the program again.
                        recording.WaitForExit();
                        recording.Dispose();
                        copy.Keep();
                        throw new CommandLineInputException($"{refused.Message}; the whole recording was saved to {savePath}, to replay with a smaller one", refused);
                    }
                }

                return replayed;
            }

            var run = logPath is null ? Replay(null) : AccessLogOption.Write(logPath, parsed.GetValue(force), output, null, warm, (observe, _) => Replay(observe), log.WithPolicy(parsed)).Run!;
            var exitCode = recording.WaitForExit();
            var signal = recording.Signal;

            // The trace has ended: a signal from now on ends vmsim as it ends any verb.
            takeOver?.Dispose();
            recording.Dispose();

            // The copy, closed: put in place when it holds accesses; nothing was traced otherwise, and
            // an empty trace is no copy.
            if (run.Result.Accesses > 0)
            {
                copy?.Keep();
            }
            else
            {
                copy?.Discard();
            }

            if (interruption?.Signal is not null)
            {
                var logHolds = logPath is null ? string.Empty : "; " + AccessLogOption.Holds(logPath, run.Result.Accesses);
                output.ErrorWriter.WriteLine($"vmsim: record: interrupted by {interruption.SignalName}: valgrind and {ShellWord(words[0])} were stopped{Saved(savePath, run.Result.Accesses)}{logHolds}");
                return interruption.ExitCode;
            }

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

            var ended = Ended(exitCode, signal);
            var heading = new List<(string, string)>
            {
                ("Program: ", $"{ShellWords(words)}, {ended}"),
                ("Trace: ", $"{Source}, {Words.Count(run.Result.Accesses, "access")}, streamed{warmupGiven.Describe(warm)}" + (savePath is null ? string.Empty : $"; a gzip copy saved to {savePath}")),
            };
            var context = new JsonObject
            {
                ["program"] = new JsonObject
                {
                    ["command"] = new JsonArray([.. words.Select(w => (JsonNode)w)]),
                    ["exitCode"] = signal is null ? exitCode : null,
                    ["signal"] = signal is { } killed ? new JsonObject { ["number"] = killed.Number, ["name"] = killed.Name } : null,
                    ["ended"] = ended,
                },
                ["trace"] = ReplayCommand.Summary(Source, run, warmupGiven).Json(),
                ["saved"] = savePath,
            };
            AccessLogOption.Report(logPath, run.Result.Accesses, heading, context, log.WithPolicy(parsed));

            ReplayCommand.Write(output, "record", context, heading, run, config, LauncherNote(words[0]), json, limit, new ProcessEnd(signal is null ? "exit" : "killed", ended), log.ToStandardOutput(parsed));
            return Program.ExitSuccess;
        });
        return command;
    }

    /// <summary>
    /// Splits a <c>record</c> command line where the program starts, so that the program's words
    /// are never taken for vmsim's: after <c>record</c>, words that start with - are vmsim's options
    /// (with their values) up to the first word that is not, or up to <c>--</c>; from there on,
    /// everything is the program's. Returns the arguments with <c>--</c> put before the program, or
    /// an error for an option before it that <c>record</c> does not have. Other command lines are
    /// returned as they are.
    /// </summary>
    internal static (string[] Args, string? Error) SeparateProgram(Command root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var recursive = root.Options.Where(o => o.Recursive).ToList();
        var verb = 0;
        while (verb < args.Length && recursive.Any(o => Program.OptionNames(o).Contains(args[verb])))
        {
            verb++;
        }

        if (verb == args.Length || args[verb] != "record" || root.Subcommands.FirstOrDefault(c => c.Name == "record") is not { } record)
        {
            return (args, null);
        }

        var options = record.Options.Concat(recursive).ToList();
        var at = verb + 1;
        while (at < args.Length && args[at] != "--" && args[at].Length > 1 && args[at][0] == '-')
        {
            var token = args[at];
            var name = token.Split('=', ':')[0];
            var option = options.FirstOrDefault(o => Program.OptionNames(o).Contains(name));
            if (option is null)
            {
                return (args, $"record: unknown option '{token}'{Program.OptionSuggestion(record, name)}; options before the program are vmsim's, and the program's own come after its name, as in vmsim record --frames 64 -- ./prog --its-option");
            }

            var takesValue = option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);
            at += takesValue && name.Length == token.Length ? 2 : 1;
        }

        at = Math.Min(at, args.Length);
        if (at < args.Length && args[at].StartsWith('@'))
        {
            return (args, $"record: '{args[at]}' stands where the program goes; record reads no response file after its verb: give its options on the command line, or put the whole command line, verb included, in the file (vmsim @FILE)");
        }

        var programAt = at < args.Length && args[at] == "--" ? at + 1 : at;
        return programAt == args.Length
            ? (args, null)
            : ([.. args[..at], "--", .. args[programAt..]], null);
    }

    /// <summary>How the program ended, in words: "exited with code 0", "killed by SIGSEGV (signal 11)".</summary>
    internal static string Ended(int exitCode, (int Number, string Name)? signal) =>
        signal is { } killed ? $"killed by {killed.Name} (signal {killed.Number})"
        : exitCode > 128 ? $"exit status {exitCode}, as after a kill by signal {exitCode - 128}"
        : $"exited with code {exitCode}";

    /// <summary>The words of a command line as a shell would need them typed: quoted where a word is empty or holds anything but letters, digits and <c>_@%+=:,./-</c>.</summary>
    internal static string ShellWords(IEnumerable<string> words) => string.Join(' ', words.Select(ShellWord));

    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_@%+=:,./-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", @"'\''", StringComparison.Ordinal) + "'";

    // Valgrind is run by vmsim with the options a lackey recording needs, so options for it and
    // Valgrind itself as the program are refused rather than passed on to break the recording.
    private static void CheckProgram(string program)
    {
        if (program == "-")
        {
            throw new CommandLineInputException("record: '-' is not a program; record runs a program under Valgrind and traces it as it runs, and a trace on standard input is for replay (vmsim replay - < trace.lackey)");
        }

        if (program.StartsWith('-'))
        {
            throw new CommandLineInputException($"record: '{program}' is an option where the program to record was expected: vmsim's options come before the program, and Valgrind's are not taken (vmsim runs valgrind --tool=lackey --trace-mem=yes with the options the recording needs)");
        }

        if (Path.GetFileName(program) is "valgrind" or "valgrind.bin")
        {
            throw new CommandLineInputException($"record: '{program}' is Valgrind, which vmsim runs itself: name the program to record, as in vmsim record -- ./prog");
        }
    }

    // What an interrupted record says of its --save copy (not put in place above when it held nothing).
    private static string Saved(string? savePath, long accesses)
    {
        if (savePath is null)
        {
            return string.Empty;
        }

        if (accesses == 0)
        {
            return $"; nothing was traced before the interrupt, so nothing was saved to {savePath}";
        }

        return $"; saved the first {Words.Count(accesses, "access")} to {savePath} before the interrupt";
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
