using System.CommandLine;

namespace Vmsim.Cli.Commands;

/// <summary>The options that choose how a run is reported: <c>--json</c> and <c>--steps</c>.</summary>
internal sealed class ReportOptions
{
    /// <summary>--json: the summary as JSON on standard output.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the summary as JSON (with --steps, the steps too)",
    };

    /// <summary>--steps: one row per step.</summary>
    public Option<bool> Steps { get; } = new("--steps")
    {
        Description = "Print every step: one row per reference or event, with what happened",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Json);
        command.Options.Add(Steps);
    }
}
