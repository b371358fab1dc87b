using System.Text;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>The narrator's words for a policy's sweep (second chances) and for why the TLB missed.</summary>
public sealed partial class StepNarrator
{
    /// <summary>
    /// The frames a policy gave a second chance before its victim, to lead to "evicted": "gave
    /// frames 2 and 3 a second chance (reference bits cleared; their TLB entries dropped) and ";
    /// empty when there were none.
    /// </summary>
    internal string SecondChanceText(IReadOnlyList<SecondChanceFrame> chances)
    {
        if (chances.Count == 0)
        {
            return string.Empty;
        }

        var one = chances.Count == 1;
        var inTlb = chances.Where(c => c.TlbDropped.Count > 0).ToList();
        var entries = inTlb.Sum(c => c.TlbDropped.Count);
        var tlb = inTlb.Count switch
        {
            0 => one ? "; the TLB held no entry for it" : "; the TLB held none of their entries",
            _ when inTlb.Count == chances.Count => one ? $"; its TLB {(entries == 1 ? "entry" : "entries")} dropped" : "; their TLB entries dropped",
            _ => $"; the TLB {(entries == 1 ? "entry" : "entries")} of {FramesAsAsked([.. inTlb.Select(c => c.Frame.Value)])} dropped",
        };
        return $"gave {FramesAsAsked([.. chances.Select(c => c.Frame.Value)])}{HeldPagesText(chances)} a second chance (reference {(one ? "bit" : "bits")} found set and cleared{tlb}) and ";
    }

    // The pages in a few spared frames, when one process holds them all, so that the sentence
    // can be read against the policy's pages: " (pages 0 and 1)"; empty otherwise.
    private string HeldPagesText(IReadOnlyList<SecondChanceFrame> chances)
    {
        const int MostNamed = 4;
        var frames = _machine.Kernel.Frames;
        if (chances.Count > MostNamed || chances.Select(c => frames[c.Frame].Owner).Distinct().Skip(1).Any())
        {
            return string.Empty;
        }

        var pages = chances.Select(c => PageText(frames[c.Frame].OwnerPage)).ToList();
        return $" ({Plural.Noun(pages.Count, "page")} {JoinWords(pages)})";
    }

    /// <summary>
    /// After the victim, when the search had cleared its bit too before it came back to it (a
    /// clock that found every bit set): why the sweep's cleared bits outnumber its second chances.
    /// </summary>
    public const string VictimBitClearedText = ", whose own reference bit it had found set and cleared too before it came back to it";

    // VictimBitClearedText for an eviction, with the TLB entries that clearing dropped.
    private static string VictimBitText(in EvictionEvent e) => !e.VictimBitCleared ? string.Empty
        : e.VictimTlbDropped.Count == 0 ? VictimBitClearedText
        : $"{VictimBitClearedText} (and dropped {(e.VictimTlbDropped.Count == 1 ? "its TLB entry" : "its TLB entries")} then)";

    // A copy-on-write fault on a page the TLB had held: why the walk was needed (fork's
    // write-protect flushed the entry, say), which the fault's own sentence does not tell.
    private void AppendCowTlbMiss(StringBuilder text, in AccessEvent access)
    {
        if (access.Fault is FaultKind.CowCopy or FaultKind.CowReuse
            && TlbMissText.Of(_machine, access) is { Cause: not TlbMissCause.FirstUse } miss)
        {
            text.Append($" The TLB had no entry for the page ({TlbMissText.Describe(miss, _machine.Kernel.Policy.Name)}), so the MMU walked the page table and found it read-only.");
        }
    }

    // Why a walk was needed, in the narration's parentheses: "TLB miss", with why the entry was
    // not there when the TLB keeps a history.
    private string TlbMissClause(in AccessEvent access) =>
        TlbMissText.Of(_machine, access) is { } miss ? $"TLB miss: {TlbMissText.Describe(miss, _machine.Kernel.Policy.Name)}" : "TLB miss";
}
