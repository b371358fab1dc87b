using Vmsim.Core;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Cli.Commands;

/// <summary>A scenario run and, when recorded, its steps with the scenario step each came from.</summary>
/// <param name="Result">What the run left behind.</param>
/// <param name="Steps">The recorded steps (empty when not recorded).</param>
/// <param name="Origins">For each recorded step, the scenario step that made it; null for the processes spawned at the start.</param>
internal sealed record ScenarioExecution(ScenarioResult Result, IReadOnlyList<RecordedStep> Steps, IReadOnlyList<ScenarioStep?> Origins)
{
    /// <summary>
    /// Finds a scenario: a file if one exists at <paramref name="nameOrPath"/>, otherwise
    /// the bundled example its file name names (with or without .yaml or .yml, and whatever
    /// folder it is in, so that <c>examples/fork-cow.yaml</c> as the README writes it runs from
    /// any folder); when a path or a file name was given, <paramref name="notices"/> hears
    /// that the bundled example runs instead. A file that exists is never shadowed.
    /// <paramref name="adjustMachine"/> applies the command line's machine options before the
    /// regions are read, so that a page size given there shapes how the scenario's addresses
    /// become pages.
    /// </summary>
    public static Scenario Load(string nameOrPath, Func<MachineConfig, MachineConfig> adjustMachine, TextWriter notices)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        ArgumentNullException.ThrowIfNull(notices);
        if (File.Exists(nameOrPath))
        {
            return ScenarioReader.ReadFile(nameOrPath, adjustMachine);
        }

        if (Directory.Exists(nameOrPath))
        {
            throw new InputFormatException(nameOrPath, 0, 0, "is a directory; expected a scenario file (.yaml) or the name of a bundled example");
        }

        // A bare name, or one under examples/ as the docs write them; a path into any other
        // folder is the user's own file, which a bundled one must not stand in for.
        var name = BundledName(nameOrPath);
        var folder = Path.GetDirectoryName(nameOrPath.Replace('\\', '/'));
        var bundledHere = string.IsNullOrEmpty(folder) || Path.GetFileName(folder) == "examples";
        if (!bundledHere && BundledExamples.Names.Contains(name))
        {
            throw new InputFormatException(nameOrPath, 0, 0, $"no such file; the bundled example of that name runs when given by its name alone: {name}");
        }

        if (bundledHere && BundledExamples.Read(name, adjustMachine) is { } bundled)
        {
            if (name != nameOrPath)
            {
                notices.WriteLine($"vmsim: {nameOrPath} is not here; running the bundled example {name}");
            }

            return bundled;
        }

        throw new InputFormatException(nameOrPath, 0, 0,
            $"no such file, and no bundled example has that name{Spelling.Suggestion(name, BundledExamples.Names)}; bundled examples: {string.Join(", ", BundledExamples.Names)}");
    }

    // The bundled example a name or path would be: its file name without .yaml or .yml.
    private static string BundledName(string nameOrPath)
    {
        var name = Path.GetFileName(nameOrPath.Replace('\\', '/'));
        foreach (var extension in (string[])[".yaml", ".yml"])
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^extension.Length];
            }
        }

        return name;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> on its machine (with the command line's options
    /// already applied by <see cref="Load"/>); with <paramref name="record"/>, a
    /// <see cref="StepRecorder"/> records every step, and with <paramref name="faultPaths"/>
    /// each access step's path through the machine.
    /// </summary>
    public static ScenarioExecution Execute(Scenario scenario, bool record, bool faultPaths = false)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var run = new ScenarioRun(scenario);
        if (!record)
        {
            return new ScenarioExecution(run.RunToEnd(), [], []);
        }

        var recorder = new StepRecorder { FaultPaths = faultPaths };
        recorder.Attach(run.Machine);
        var origins = new List<ScenarioStep?>();
        ScenarioStep? current = null;
        recorder.StepRecorded += _ => origins.Add(current);
        do
        {
            current = run.NextEvent?.Step;
        }
        while (run.Step());

        return new ScenarioExecution(run.RunToEnd(), recorder.Steps, origins);
    }
}
