using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Warnings for a run too short for a policy's own clock: aging learns page ages only at its
/// ticks, and the working-set policies only drop pages older than their window; and for a
/// working set measured over a window as long as the run. On a textbook
/// string of twenty references with the defaults (a tick every 100 accesses, a window of
/// 1000), neither ever acts, and the policy's row says nothing of the policy.
/// </summary>
internal static class ShortRunNotes
{
    /// <summary>The notes for <paramref name="variants"/> run for <paramref name="accesses"/> accesses on <paramref name="config"/>.</summary>
    public static List<string> For(IEnumerable<PolicyVariant> variants, MachineConfig config, long accesses)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(config);
        var notes = new List<string>();
        foreach (var variant in variants)
        {
            var window = variant.Options.WorkingSetWindow;
            // A tick comes after every TickInterval-th access, so one after the last changes no eviction.
            var info = PolicyCatalog.Find(variant.Policy);
            if (info?.Reads(PolicySetting.Tick) == true && accesses <= config.TickInterval)
            {
                notes.Add($"{variant.Policy} shifts its counters once a tick, every {Words.Number(config.TickInterval)} accesses (--tick); these {Words.Number(accesses)} accesses end before a tick can tell the pages apart: give a shorter tick, such as --tick 1.");
            }
            // A page leaves the working set tau references after its last use: in N <= tau + 1
            // accesses, no sooner than after the last, when it changes no fault (ws evicts it
            // then; wsclock never finds it old).
            else if (info?.Reads(PolicySetting.Window) == true && accesses <= window + 1)
            {
                // A window the variant sets itself (ws:window=10) is changed there, not by --window.
                var own = window != config.PolicyOptions.WorkingSetWindow;
                var shorter = Math.Max(1, Math.Min(4, accesses / 2));
                notes.Add($"{variant.Policy}'s window of {Words.Number(window)} accesses ({(own ? $"{variant.Policy}:window" : "--window")}) spans the {Words.Number(accesses)} accesses, so no page leaves the working set in time to change a fault: give a shorter window, such as {(own ? $"{variant.Policy}:window={shorter}" : $"--window {shorter}")}.");
            }
        }

        // W(t, tau) of a run no longer than tau is every page referenced so far: the window measures nothing.
        if (config.WorkingSetWindow > 0 && accesses <= config.WorkingSetWindow)
        {
            notes.Add($"the working-set window of {Words.Count(config.WorkingSetWindow, "reference")} (--working-set) spans the {Words.Count(accesses, "reference")}, so each working set is every page referenced so far: give a shorter window, such as --working-set {Words.Number(Math.Max(1, accesses / 2))}.");
        }

        // Two variants of one policy (aging:aging-bits=4 and =8) are told of once.
        return [.. notes.Distinct()];
    }
}
