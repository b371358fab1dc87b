using Spectre.Console;
using Vmsim.Core.Kernel;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The few styles vmsim uses. Colour only ever repeats what the words already say
/// (a fault is also written "fault", a killed process "segv"), and a console with no
/// colour (output redirected, NO_COLOR, tests) prints the same text without it.
/// </summary>
internal static class Styles
{
    /// <summary>A table's title.</summary>
    public static Style Title { get; } = new(decoration: Decoration.Bold);

    /// <summary>A label before a value.</summary>
    public static Style Label { get; } = new(decoration: Decoration.Bold);

    /// <summary>A hit.</summary>
    public static Style Hit { get; } = new(Color.Green);

    /// <summary>A fault the kernel resolved.</summary>
    public static Style Fault { get; } = new(Color.Yellow);

    /// <summary>Something fatal: SIGSEGV, OOM, Belady's anomaly.</summary>
    public static Style Bad { get; } = new(Color.Red);

    /// <summary>A process's final state.</summary>
    public static Style State(ProcessState state) => state is ProcessState.Segv or ProcessState.Oom ? Bad : Style.Plain;
}
