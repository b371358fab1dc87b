using System.CommandLine;
using Vmsim.Web;

namespace Vmsim.Cli.Commands;

/// <summary><c>vmsim serve</c>: the interactive visualizer in the browser, until Ctrl+C.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, separated by ';' (only loopback unless you give another address)",
            DefaultValueFactory = _ => VisualizerOptions.DefaultUrl,
        };
        var maxSteps = new Option<int>("--max-steps")
        {
            Description = "The most steps a workload may have to be stepped through",
            DefaultValueFactory = _ => new VisualizerOptions().MaxSteps,
        };
        var command = new Command("serve", "Open the interactive visualizer: step through page faults in the browser");
        command.Options.Add(urls);
        command.Options.Add(maxSteps);
        command.SetAction((parsed, cancellation) =>
        {
            // Ctrl-C and SIGTERM stop the server through the cancellation token, which shuts it down
            // in order, rather than ending vmsim at once; kept to the end, as the shutdown may
            // finish before the signal's other handlers run.
            _ = output.Interruption?.TakeOver(() => { });
            var list = parsed.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var steps = parsed.GetValue(maxSteps);
            if (list.Length == 0)
            {
                throw new CommandLineInputException("--urls: expected at least one address such as http://127.0.0.1:5000");
            }

            if (steps < 1)
            {
                throw new CommandLineInputException($"--max-steps: expected a positive whole number, found {steps}");
            }

            return VisualizerServer.RunAsync(new VisualizerOptions { Urls = list, MaxSteps = steps, Output = output.Writer, Error = output.ErrorWriter }, cancellation);
        });
        return command;
    }
}
