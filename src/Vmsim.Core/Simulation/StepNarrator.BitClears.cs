using System.Text;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The narrator's words for the bits a policy cleared other than as second chances in its victim
/// search (<see cref="BitClear"/>), each in the step that cleared them.
/// </summary>
public sealed partial class StepNarrator
{
    /// <summary>
    /// The clears made while the policy looked for a victim (deactivations, write-backs that kept
    /// the page), as sentences: " While it looked for a victim, the linux policy also deactivated
    /// frames 3 and 5 (pages 4 and 9), ..."; empty when there were none.
    /// </summary>
    internal string SearchClearsText(IReadOnlyList<BitClear> clears)
    {
        var text = new StringBuilder();
        var policy = _machine.Kernel.Policy.Name;
        if (Of(clears, BitClearKind.Deactivated) is { Count: > 0 } deactivated)
        {
            var one = deactivated.Count == 1;
            text.Append($" While it looked for a victim, the {policy} policy also deactivated {ClearedFramesText(deactivated)}, moving {(one ? "it" : "them")} to its inactive list and clearing {(one ? "its reference bit" : "their reference bits")} (aged, not spared; {DroppedText(deactivated)}).");
        }

        if (Of(clears, BitClearKind.Cleaned) is { Count: > 0 } cleaned)
        {
            var one = cleaned.Count == 1;
            text.Append($" While it looked for a victim, the {policy} policy also had {ClearedFramesText(cleaned)} written back, keeping {(one ? "it" : "them")} resident and clean ({(one ? "its dirty bit" : "their dirty bits")} cleared; {DroppedText(cleaned)}).");
        }

        return text.ToString();
    }

    /// <summary>
    /// The clears the policy made as it took the new page in (its own bit, a hand that ran after
    /// the load), as sentences; empty when there were none.
    /// </summary>
    internal string AfterLoadClearsText(IReadOnlyList<BitClear> clears)
    {
        var text = new StringBuilder();
        var policy = _machine.Kernel.Policy.Name;
        if (Of(clears, BitClearKind.NewPage) is { Count: > 0 } fresh)
        {
            var one = fresh.Count == 1;
            text.Append($" The {policy} policy then cleared {(one ? "the new page's reference bit" : "the new pages' reference bits")} in {NumberedText("frame", fresh.Select(c => c.Frame.Value))}, which the restarted access had set, so that only a later reference counts ({DroppedText(fresh)}).");
        }

        if (Of(clears, BitClearKind.HandPassed) is { Count: > 0 } passed)
        {
            var one = passed.Count == 1;
            text.Append($" After the load, the {policy} policy's hand passed {ClearedFramesText(passed)}, clearing {(one ? "its reference bit" : "their reference bits")}, found set ({DroppedText(passed)}).");
        }

        return text.ToString();
    }

    /// <summary>The clears of the policy's periodic tick at the end of the access, as a sentence; empty when there were none.</summary>
    internal string TickClearsText(IReadOnlyList<BitClear> clears)
    {
        if (Of(clears, BitClearKind.Tick) is not { Count: > 0 } ticked)
        {
            return string.Empty;
        }

        var interval = _machine.Kernel.Config.TickInterval;
        var every = interval == 1 ? "access" : Plural.Count(interval, "access");
        return $" At the tick that followed (one every {every}), the {_machine.Kernel.Policy.Name} policy read every page's reference bit and cleared {(ticked.Count == 1 ? "the one" : "those")} found set: {ClearedFramesText(ticked)}, {DroppedText(ticked)}.";
    }

    /// <summary>Every clear of <paramref name="clears"/>, in the order made, as the sentences of the step's narration where each comes.</summary>
    internal void AppendBitClears(StringBuilder text, IReadOnlyList<BitClear> clears) =>
        text.Append(SearchClearsText(clears)).Append(AfterLoadClearsText(clears)).Append(TickClearsText(clears));

    private static List<(FrameNumber Frame, IReadOnlyList<MappedPage> TlbDropped, MappedPage Page)>? Of(IReadOnlyList<BitClear> clears, BitClearKind kind)
    {
        List<(FrameNumber, IReadOnlyList<MappedPage>, MappedPage)>? found = null;
        foreach (var clear in clears)
        {
            if (clear.Kind == kind)
            {
                (found ??= []).Add((clear.Frame, clear.TlbDropped, clear.Page));
            }
        }

        return found;
    }

    // "frames 3 and 5 (pages 4 and 9)": the frames in the order cleared, and their pages when one process holds them all.
    private string ClearedFramesText(List<(FrameNumber Frame, IReadOnlyList<MappedPage> TlbDropped, MappedPage Page)> cleared) =>
        $"{FramesAsAsked([.. cleared.Select(c => c.Frame.Value)])}{HeldPagesText([.. cleared.Select(c => c.Page)])}";

    private string DroppedText(List<(FrameNumber Frame, IReadOnlyList<MappedPage> TlbDropped, MappedPage Page)> cleared) =>
        DroppedText([.. cleared.Select(c => (c.Frame, c.TlbDropped))]);
}
