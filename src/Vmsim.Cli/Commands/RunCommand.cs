using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim run examples/fork-cow.yaml</c> (or a bundled example's name): plays a
/// scenario; machine options override the scenario's own machine.
/// </summary>
internal static class RunCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "A scenario file (.yaml), or the name of a bundled example: " + string.Join(", ", BundledExamples.Names),
        };
        var machine = new MachineOptions();
        var report = new ReportOptions();
        var paths = new FaultPathOptions();
        var command = new Command("run", "Run a scenario: processes, their regions, and a script of accesses and operations");
        command.Arguments.Add(scenario);
        machine.AddTo(command);
        report.AddTo(command);
        paths.AddTo(command);
        command.SetAction(parsed =>
        {
            var steps = parsed.GetValue(report.Steps);
            var json = parsed.GetValue(report.Json);
            var (faultPaths, explain) = paths.Read(parsed, steps, json, narrated: false);
            var loaded = ScenarioExecution.Load(parsed.GetValue(scenario)!, m => report.Apply(parsed, machine.Apply(parsed, m)), output.ErrorWriter);
            var execution = ScenarioExecution.Execute(loaded, record: steps || explain is not null, faultPaths);
            if (explain is { } number)
            {
                WriteExplained(output, "run", loaded, execution, number, json);
                return Program.ExitSuccess;
            }

            if (json)
            {
                WriteJson(output, "run", execution, steps);
                return Program.ExitSuccess;
            }

            WriteHeading(output.Console, loaded);
            if (steps)
            {
                StepTableRenderer.RenderScenario(output.Console, execution.Steps);
            }

            WriteSkipped(output.Console, execution);
            SummaryRenderer.Render(output.Console, execution.Result.Machine);
            return Program.ExitSuccess;
        });
        return command;
    }

    /// <summary>
    /// Writes the one step --explain names, with its path: in words, or as the JSON summary whose
    /// <c>steps[]</c> holds that step alone.
    /// </summary>
    internal static void WriteExplained(CliOutput output, string command, Scenario loaded, ScenarioExecution execution, int number, bool json)
    {
        var step = FaultPathOptions.Step(execution.Steps, number);
        if (json)
        {
            WriteJson(output, command, execution, steps: true, only: step);
            return;
        }

        NarrationRenderer.RenderStep(output.Console, loaded, step, step.Index < execution.Origins.Count ? execution.Origins[step.Index] : null);
    }

    /// <summary>Writes the JSON summary of a scenario run, with its steps when recorded (or only the step <paramref name="only"/>).</summary>
    internal static void WriteJson(CliOutput output, string command, ScenarioExecution execution, bool steps, RecordedStep? only = null)
    {
        var result = execution.Result;
        var context = new JsonObject
        {
            ["scenario"] = new JsonObject
            {
                ["source"] = result.Scenario.Source,
                ["title"] = result.Scenario.Title,
            },
            ["notes"] = JsonSummary.Notes(ScenarioNotes.For(result.Scenario)),
            ["skippedAccesses"] = result.SkippedAccesses,
            ["skippedSteps"] = result.SkippedSteps,
        };
        var json = JsonSummary.Build(command, context, result.Machine);
        if (steps)
        {
            json["steps"] = StepTableRenderer.ScenarioJson(only is null ? execution.Steps : [only], execution.Origins, result.Machine.Kernel.Files);
        }

        JsonSummary.Write(output.Writer, json);
    }

    /// <summary>Writes the scenario's title, source and description.</summary>
    internal static void WriteHeading(IAnsiConsole console, Scenario scenario)
    {
        console.Write(new Paragraph(scenario.Title ?? scenario.Source, Styles.Title).Append(scenario.Title is null ? string.Empty : $" ({scenario.Source})"));
        console.WriteLine();
        if (!string.IsNullOrWhiteSpace(scenario.Description))
        {
            var text = string.Join(' ', scenario.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            foreach (var line in NarrationRenderer.Wrap(text, console.Profile.Width))
            {
                console.WriteLine(line);
            }
        }

        console.WriteNotes(ScenarioNotes.For(scenario));
        console.WriteLine();
    }

    /// <summary>Says how many accesses and steps were skipped because their process had ended, if any.</summary>
    internal static void WriteSkipped(IAnsiConsole console, ScenarioExecution execution)
    {
        var result = execution.Result;
        if (result.SkippedAccesses + result.SkippedSteps > 0)
        {
            console.WriteLine($"Skipped because their process had ended: {Words.Count(result.SkippedAccesses, "access")}, {Words.Count(result.SkippedSteps, "other step")}.");
        }
    }
}
