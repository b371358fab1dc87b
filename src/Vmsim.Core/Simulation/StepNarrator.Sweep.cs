using System.Text;
using Vmsim.Core.Addressing;
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

        var cleared = chances.Select(c => (c.Frame, c.TlbDropped)).ToList();
        var frames = _machine.Kernel.Frames;
        var pages = chances.Select(c => new MappedPage(frames[c.Frame].Owner, frames[c.Frame].OwnerPage)).ToList();
        return $"gave {FramesAsAsked([.. chances.Select(c => c.Frame.Value)])}{HeldPagesText(pages)} a second chance (reference {(chances.Count == 1 ? "bit" : "bits")} found set and cleared; {DroppedText(cleared)}) and ";
    }

    // What became of the TLB entries of frames whose bits were cleared: "their TLB entries
    // dropped", "the TLB held none of their entries", "the TLB entry of frame 2 dropped".
    private string DroppedText(List<(FrameNumber Frame, IReadOnlyList<MappedPage> TlbDropped)> cleared)
    {
        var inTlb = cleared.Where(c => c.TlbDropped.Count > 0).ToList();
        var entries = inTlb.Sum(c => c.TlbDropped.Count);
        return inTlb.Count switch
        {
            0 => TlbEntriesText.NoneHeld(cleared.Count),
            _ when inTlb.Count == cleared.Count => $"{TlbEntriesText.Entries(cleared.Count, entries)} dropped",
            _ => $"the TLB {(entries == 1 ? "entry" : "entries")} of {FramesAsAsked([.. inTlb.Select(c => c.Frame.Value)])} dropped",
        };
    }

    // The pages in a few frames, when one process holds them all, so that the sentence can be
    // read against the policy's pages: " (pages 0 and 1)"; empty otherwise.
    private string HeldPagesText(List<MappedPage> pages)
    {
        const int MostNamed = 4;
        if (pages.Count > MostNamed || pages.Select(p => p.Pid).Distinct().Skip(1).Any())
        {
            return string.Empty;
        }

        return $" ({Plural.Noun(pages.Count, "page")} {JoinWords(pages.Select(p => PageText(p.Page)))})";
    }

    /// <summary>
    /// After the victim, when the search had cleared its bit too before it came back to it (a
    /// clock that found every bit set): why the sweep's cleared bits outnumber its second chances.
    /// </summary>
    public const string VictimBitClearedText = ", whose own reference bit it had found set and cleared too before it came back to it";

    // VictimBitClearedText for an eviction, with the TLB entries that clearing dropped.
    private static string VictimBitText(in EvictionEvent e) => !e.VictimBitCleared ? string.Empty
        : e.VictimTlbDropped.Count == 0 ? VictimBitClearedText
        : $"{VictimBitClearedText} (and dropped {TlbEntriesText.Entries(1, e.VictimTlbDropped.Count)} then)";

    // A copy-on-write fault on a page the TLB had held: why the walk was needed (fork's
    // write-protect flushed the entry, say), which the fault's own sentence does not tell.
    private static void AppendCowTlbMiss(StringBuilder text, in AccessEvent access, StepEvents events)
    {
        if (access.Fault is FaultKind.CowCopy or FaultKind.CowReuse
            && events.Miss is { Cause: not TlbMissCause.FirstUse })
        {
            text.Append($" The TLB had no entry for the page ({events.MissText}), so the MMU walked the page table and found it read-only.");
        }
    }

    // Why a walk was needed, in the narration's parentheses: "TLB miss", with why the entry was
    // not there when the TLB keeps a history.
    private static string TlbMissClause(StepEvents events) =>
        events.MissText is { } why ? $"TLB miss: {why}" : "TLB miss";

    /// <summary>Why an access missed the TLB, in words (<see cref="TlbMissText.Describe"/>), naming the policy and the steps as the narration does.</summary>
    internal string MissText(TlbMiss miss) => TlbMissText.Describe(miss, _machine.Kernel.Policy.Name, Names);
}
