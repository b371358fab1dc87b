using System.CommandLine;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>The options that show the fault path of a scenario's steps: <c>--fault-path</c> and <c>--explain N</c>.</summary>
internal sealed class FaultPathOptions
{
    /// <summary>--fault-path: under each fault, its stages from the TLB lookup to the restart.</summary>
    public Option<bool> FaultPath { get; } = new("--fault-path")
    {
        Description = "Under each fault, its path stage by stage: TLB, walk, region check, page or swap cache, frame (free or reclaimed), fetch, page-table update, restart (run: with --steps; with --json, each step's faultPath[])",
    };

    /// <summary>--explain N: only step N, with its whole path.</summary>
    public Option<string> Explain { get; } = new("--explain")
    {
        Description = "Print only step N (as numbered by --steps and the narration), with its whole path through the machine: one fault for a slide",
        HelpName = "N",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(FaultPath);
        command.Options.Add(Explain);
    }

    /// <summary>
    /// What the options ask for: whether to build the fault paths, and the step --explain names
    /// (or null). <paramref name="narrated"/> is true where the output without --steps tells
    /// every step (the demo's narration), so that --fault-path has steps to go under. Throws
    /// for a combination that cannot be met: --explain with --steps (one step, or every step),
    /// --fault-path with neither --steps nor --explain where nothing else shows steps.
    /// </summary>
    public (bool FaultPaths, int? Explain) Read(ParseResult parsed, bool steps, bool json, bool narrated)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var explain = MachineOptions.Integer(parsed, Explain, 1, int.MaxValue, "a step number");
        if (explain is not null && steps)
        {
            throw new CommandLineInputException("--explain and --steps: --explain prints one step, --steps every step; give one of them");
        }

        var faultPath = parsed.GetValue(FaultPath);
        if (faultPath && !steps && explain is null && (json || !narrated))
        {
            throw new CommandLineInputException(json
                ? "--fault-path with --json adds each step's faultPath[] to steps[]: give --steps too (or --explain N for one step)"
                : "--fault-path: the path goes under each fault of --steps; give --steps too (or --explain N for one step)");
        }

        return (faultPath || explain is not null, explain);
    }

    /// <summary>The recorded step that --explain names (numbered from 1); an error naming the range when there is no such step.</summary>
    public static RecordedStep Step(IReadOnlyList<RecordedStep> steps, int number)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (number > steps.Count)
        {
            throw new CommandLineInputException($"--explain: expected a step from 1 to {steps.Count} (the run has {Words.Count(steps.Count, "step")}), found {number}");
        }

        return steps[number - 1];
    }
}
