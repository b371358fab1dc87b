namespace Vmsim.Cli.Rendering;

/// <summary>
/// How the processes still running when a trace ended really ended, when the run knows it: a
/// recorded program exits or is killed after its last access, which the trace does not say.
/// Shown in the Processes table's Ended and Why columns and in the JSON's state and reason.
/// </summary>
/// <param name="State">The state word: "exit", or "killed" for a kill by a signal.</param>
/// <param name="Reason">How, in words: "exited with code 0", "killed by SIGSEGV (signal 11)".</param>
internal sealed record ProcessEnd(string State, string Reason)
{
    /// <summary>True for an end by a signal, shown as something fatal.</summary>
    public bool Fatal => State == "killed";
}
