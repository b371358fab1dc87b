using System.CommandLine;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>The options that choose how a run is reported: <c>--json</c>, <c>--steps</c> and <c>--working-set</c>.</summary>
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

    /// <summary>--working-set: measure each process's working set over a window of tau references.</summary>
    public Option<string> WorkingSet { get; } = new("--working-set")
    {
        Description = "Measure each process's working set W(t, tau), the distinct pages of its own last tau references, and their total against memory, with any policy (0: not at all)",
        HelpName = "tau",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Json);
        command.Options.Add(Steps);
        command.Options.Add(WorkingSet);
    }

    /// <summary><paramref name="config"/> with the working-set window that --working-set gives, if given.</summary>
    public MachineConfig Apply(ParseResult parsed, MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return MachineOptions.Integer(parsed, WorkingSet, 0, int.MaxValue, "a number of references (0: not measured)") is { } window
            ? config with { WorkingSetWindow = window }
            : config;
    }
}
