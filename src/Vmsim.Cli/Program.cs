using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Spectre.Console;
using Vmsim.Cli.Commands;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Cli;

/// <summary>
/// The <c>vmsim</c> command: builds the verbs, runs the one asked for, and turns every
/// error into one line on standard error and an exit code (0 success, 1 a bug in vmsim,
/// 2 bad input or usage, or a setup the run cannot work with).
/// </summary>
internal static class Program
{
    /// <summary>The run succeeded.</summary>
    public const int ExitSuccess = 0;

    /// <summary>Something unexpected happened: a bug in vmsim.</summary>
    public const int ExitInternalError = 1;

    /// <summary>
    /// The input or the command line was wrong, or the setup lacks what the run needs (Valgrind
    /// on the PATH, Node.js for a plot, a runtime option in the runtimeconfig).
    /// </summary>
    public const int ExitBadInput = 2;

    /// <summary>The width used when output goes to a file or a pipe, and in tests.</summary>
    public const int DefaultWidth = 80;

    /// <summary>Entry point: colour and terminal width only when standard output is a terminal.</summary>
    public static int Main(string[] args)
    {
        var redirected = Console.IsOutputRedirected;
        var colour = !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

        // Progress bars of long runs go to standard error, and only when it is a terminal.
        var progress = Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        using var interruption = Interruption.Listen(Console.Error);
        return Run(args, Console.Out, Console.Error, colour, redirected ? DefaultWidth : null, progress, Console.OpenStandardInput, interruption);
    }

    /// <summary>Runs the command line with plain output (no colour, 80 columns) into the given writers.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, colour: false, width: DefaultWidth);

    /// <summary>Runs the command line into the given writers.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="colour">True to let Spectre detect colour support; false for none.</param>
    /// <param name="width">The width to lay out for, or null for the terminal's.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool colour, int? width) =>
        Run(args, stdout, stderr, colour, width, progress: null, openInput: Console.OpenStandardInput);

    /// <summary>Runs the command line with plain output into the given writers, reading standard input (<c>-</c>) from <paramref name="stdin"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream stdin) =>
        Run(args, stdout, stderr, colour: false, width: DefaultWidth, progress: null, openInput: () => stdin);

    /// <summary>Runs the command line into the given writers.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="colour">True to let Spectre detect colour support; false for none.</param>
    /// <param name="width">The width to lay out for, or null for the terminal's.</param>
    /// <param name="progress">Where progress bars of long runs go (a terminal), or null for none.</param>
    /// <param name="openInput">Opens standard input, for a trace named <c>-</c>.</param>
    /// <param name="interruption">What Ctrl-C and SIGTERM do, or null when they are not listened for (tests).</param>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool colour, int? width, IAnsiConsole? progress, Func<Stream> openInput, Interruption? interruption = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var output = new CliOutput(stdout, CreateConsole(stdout, colour, width), stderr, progress, openInput, interruption);
        var debug = new Option<bool>("--debug")
        {
            Description = "On an internal error, print the stack trace",
            Recursive = true,
        };
        return Invoke(BuildRoot(output, debug), debug, args, stdout, stderr);
    }

    /// <summary>" (did you mean '--policy'?)" for an option <paramref name="token"/> that is a slip away from one of <paramref name="command"/>'s that help lists, or nothing.</summary>
    internal static string OptionSuggestion(Command command, string token)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Vmsim.Core.Spelling.Suggestion(token, command.Options.Where(o => !o.Hidden).SelectMany(OptionNames).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
    }

    /// <summary>The names <paramref name="option"/> is given by on a command line: its name, then its aliases.</summary>
    internal static IEnumerable<string> OptionNames(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return option.Aliases.Prepend(option.Name);
    }

    /// <summary>
    /// Refuses the first of <paramref name="arguments"/> that starts with '-' as an unknown option of
    /// <paramref name="command"/>, with <see cref="OptionSuggestion"/>: for a verb whose arguments are
    /// never negative (addresses, page numbers), such a word is an option System.CommandLine did not know.
    /// </summary>
    internal static void RefuseUnknownOption(Command command, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.FirstOrDefault(t => t.StartsWith('-')) is { } unknown)
        {
            throw new CommandLineInputException($"unknown option '{unknown}'{OptionSuggestion(command, unknown)} (see 'vmsim {command.Name} --help')");
        }
    }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="root"/> and runs the verb,
    /// mapping usage errors, bad input and a runtime option not in effect to exit code 2 and anything else to 1, each as
    /// one line on <paramref name="stderr"/> (with <paramref name="debug"/>, the whole exception). With no verb at all,
    /// the help goes to <paramref name="stdout"/> instead, and the exit code is 2 as for any other usage error.
    /// </summary>
    internal static int Invoke(RootCommand root, Option<bool> debug, string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(stderr);
        (args, var recordError) = RecordCommand.SeparateProgram(root, args);
        if (recordError is not null)
        {
            stderr.WriteLine($"vmsim: {recordError} (see 'vmsim record --help')");
            return ExitBadInput;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            var verb = parsed.CommandResult.Command is RootCommand ? "vmsim" : $"vmsim {parsed.CommandResult.Command.Name}";
            var command = parsed.CommandResult.Command;
            if (UsageProblem(root, args, parsed) is { } problem)
            {
                stderr.WriteLine($"vmsim: {problem} (see '{verb} --help')");
                return ExitBadInput;
            }

            if (command is RootCommand && parsed.UnmatchedTokens.Count == 0)
            {
                // No verb at all: what to type is the answer, as with a verb left out in git or dotnet.
                root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
                return ExitBadInput;
            }

            var messages = parsed.Errors.Select(e => e.Message.TrimEnd('.')).ToList();
            if (messages.Count > 1)
            {
                // "vmsim --frams 3" reports both a missing verb and the unknown words; the second says it all.
                messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
            }

            // A mistyped option is one mistake: said as an unknown option with the nearest name,
            // and its value, the word after it, not reported as unrecognized as well.
            // A word after "--" is an argument whatever it starts with.
            var unmatched = parsed.UnmatchedTokens;
            var optionsEnd = Array.IndexOf(args, "--") is var dashes and >= 0 ? dashes : args.Length;
            for (var i = 0; i < optionsEnd; i++)
            {
                if (!args[i].StartsWith('-') || !unmatched.Contains(args[i]))
                {
                    continue;
                }

                var at = messages.FindIndex(m => m.EndsWith($"'{args[i]}'", StringComparison.Ordinal));
                if (at >= 0)
                {
                    messages[at] = UnknownOption(command, args[i]);
                }

                DropValue(args, i, unmatched, messages);
            }

            // One mistyped before the verb's argument was taken as that argument: the words after it
            // (its value, then the argument it displaced) are then unrecognized.
            var displaced = 0;
            foreach (var word in parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value))
            {
                if (word.Length > 1 && word.StartsWith('-') && Array.IndexOf(args, word, 0, optionsEnd) is var i and >= 0)
                {
                    messages.Insert(displaced, UnknownOption(command, word));
                    displaced++;
                    DropValue(args, i, unmatched, messages);
                    if (messages.FindIndex(displaced, m => m.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal)
                        && unmatched.Any(u => (!u.StartsWith('-') || Array.IndexOf(args, u, optionsEnd) >= 0) && m.EndsWith($"'{u}'", StringComparison.Ordinal))) is var argument and >= 0)
                    {
                        messages.RemoveAt(argument);
                    }
                }
            }

            stderr.WriteLine($"vmsim: {OneLine(string.Join("; ", messages))} (see '{verb} --help')");
            return ExitBadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is InputFormatException or SimulationException or CommandLineInputException or RuntimeOptionException)
        {
            stderr.WriteLine($"vmsim: {OneLine(e.Message)}");
            return ExitBadInput;
        }
        catch (Exception e) when (!parsed.GetValue(debug))
        {
            stderr.WriteLine($"vmsim: internal error ({e.GetType().Name}): {OneLine(e.Message)}. This is a bug in vmsim; rerun with --debug for the stack trace.");
            return ExitInternalError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"vmsim: internal error: {e}");
            return ExitInternalError;
        }
    }

    // "unknown option '--seeed'" with the nearest name, for token as given (with any "=value" cut off).
    private static string UnknownOption(Command command, string token)
    {
        var name = token.Split('=', 2)[0];
        return $"unknown option '{name}'{OptionSuggestion(command, name)}";
    }

    // Drops the message for the word after the mistyped option args[at], its value: a word that is
    // not an option itself, left unmatched, after an option not given as --name=value.
    private static void DropValue(string[] args, int at, IReadOnlyList<string> unmatched, List<string> messages)
    {
        if (at + 1 < args.Length && !args[at].Contains('=', StringComparison.Ordinal) && !args[at + 1].StartsWith('-') && unmatched.Contains(args[at + 1])
            && messages.FindIndex(m => m.EndsWith($"'{args[at + 1]}'", StringComparison.Ordinal)) is var value and >= 0)
        {
            messages.RemoveAt(value);
        }
    }

    // A mistake that System.CommandLine reports as several errors, said once: a response file
    // (@FILE) that is not there, whose missing words then leave an argument missing too; or a
    // mistyped verb, whose arguments are then each unrecognized.
    private static string? UsageProblem(RootCommand root, string[] args, ParseResult parsed)
    {
        if (args.FirstOrDefault(a => a.Length > 1 && a[0] == '@' && !File.Exists(a[1..])) is { } missing
            && parsed.Errors.Any(e => e.Message.Contains($"'{missing[1..]}'", StringComparison.Ordinal)))
        {
            return $"{missing}: no such file; an argument that starts with @ names a response file, whose words become the arguments";
        }

        if (parsed.CommandResult.Command is RootCommand && parsed.UnmatchedTokens is [var word, ..] && !word.StartsWith('-'))
        {
            var verbs = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            return $"unknown command '{word}'{Vmsim.Core.Spelling.Suggestion(word, verbs)}; the commands are {string.Join(", ", verbs)}";
        }

        return null;
    }

    /// <summary>Builds the root command and its verbs.</summary>
    internal static RootCommand BuildRoot(CliOutput output, Option<bool> debug)
    {
        var root = new RootCommand("vmsim: a virtual-memory simulator. Page faults, TLB, swapping, copy-on-write and page replacement, explained.");
        root.Options.Add(debug);
        root.Subcommands.Add(RefsCommand.Create(output));
        root.Subcommands.Add(RunCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output));
        root.Subcommands.Add(PoliciesCommand.Create(output));
        root.Subcommands.Add(TranslateCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(output));
        root.Subcommands.Add(ReplayCommand.Create(output));
        root.Subcommands.Add(RecordCommand.Create(output));
        root.Subcommands.Add(MrcCommand.Create(output));
        root.Subcommands.Add(SweepCommand.Create(output));
        return root;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IAnsiConsole CreateConsole(TextWriter writer, bool colour, int? width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,

            // The default enrichers recognise CI systems and change the profile; output must
            // depend on the arguments only.
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        if (width is { } columns)
        {
            console.Profile.Width = columns;
        }

        return console;
    }
}

/// <summary>Where a verb writes: the raw writer (JSON) and a Spectre console over it (tables, text).</summary>
/// <param name="Writer">Standard output.</param>
/// <param name="Console">A console over <paramref name="Writer"/>.</param>
/// <param name="ErrorWriter">Standard error, for messages of long-running verbs such as serve.</param>
/// <param name="ProgressConsole">A console on standard error for progress bars when it is a terminal; null for none (redirected, tests).</param>
/// <param name="OpenInput">Opens standard input, for a trace named <c>-</c>; null for the process's own.</param>
/// <param name="Interruption">What Ctrl-C and SIGTERM do, for a verb that takes them over; null when they are not listened for.</param>
internal sealed record CliOutput(TextWriter Writer, IAnsiConsole Console, TextWriter ErrorWriter, IAnsiConsole? ProgressConsole = null, Func<Stream>? OpenInput = null, Interruption? Interruption = null)
{
    /// <summary>Standard input as a stream.</summary>
    public Stream OpenStandardInput() => OpenInput?.Invoke() ?? System.Console.OpenStandardInput();
}

/// <summary>A bad value on the command line (an option out of range, a malformed size): exit code 2.</summary>
internal sealed class CommandLineInputException : Exception
{
    /// <summary>Creates the error with a message naming the option, what was expected and what was found.</summary>
    public CommandLineInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with no message.</summary>
    public CommandLineInputException()
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public CommandLineInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
