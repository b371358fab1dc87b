using System.CommandLine;
using Spectre.Console;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim demo</c>: plays the bundled demo scenario (a tour of every kind of page
/// fault) and explains each step in plain words, then the summary.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The scenario the demo plays unless another is named.</summary>
    public const string DefaultScenario = "demo";

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "The scenario to narrate: a bundled example's name or a file",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => DefaultScenario,
        };
        var machine = new MachineOptions();
        var report = new ReportOptions();
        var paths = new FaultPathOptions();
        var command = new Command("demo", "Narrate a scenario step by step in plain words (by default the tour of every kind of page fault)");
        command.Arguments.Add(scenario);
        machine.AddTo(command);
        report.AddTo(command);
        paths.AddTo(command);
        command.SetAction(parsed =>
        {
            var steps = parsed.GetValue(report.Steps);
            var json = parsed.GetValue(report.Json);
            var (faultPaths, explain) = paths.Read(parsed, steps, json, narrated: true);
            var loaded = ScenarioExecution.Load(parsed.GetValue(scenario) ?? DefaultScenario, m => report.Apply(parsed, machine.Apply(parsed, m)), output.ErrorWriter);
            // The narration shows the first fault's path even unasked: the textbook's stages, once.
            var narrated = !json && !steps && explain is null;
            var execution = ScenarioExecution.Execute(loaded, record: !json || steps || explain is not null, faultPaths || narrated);
            if (explain is { } number)
            {
                RunCommand.WriteExplained(output, "demo", loaded, execution, number, json);
                return Program.ExitSuccess;
            }

            if (json)
            {
                RunCommand.WriteJson(output, "demo", execution, steps);
                return Program.ExitSuccess;
            }

            RunCommand.WriteHeading(output.Console, loaded);
            if (steps)
            {
                StepTableRenderer.RenderScenario(output.Console, execution.Steps);
            }
            else
            {
                NarrationRenderer.Render(output.Console, loaded, execution.Steps, execution.Origins, firstPathOnly: !faultPaths);
                output.Console.WriteLine();
            }

            RunCommand.WriteSkipped(output.Console, execution);
            SummaryRenderer.Render(output.Console, execution.Result.Machine);
            return Program.ExitSuccess;
        });
        return command;
    }
}
