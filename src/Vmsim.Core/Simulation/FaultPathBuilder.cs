using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>
/// Builds the <see cref="FaultPath"/> of an access from what the machine reported for it: the
/// access's event (its TLB lookup, the walk it made, the region, the fault's case and frames,
/// the entry after the restart) and the evictions and OOM kills it caused. It reads the machine
/// only for names (processes, files, the policy, the geometry), right after the step, as
/// <see cref="StepNarrator"/> does, whose phrases it shares.
/// </summary>
public sealed class FaultPathBuilder
{
    private readonly Machine _machine;
    private readonly StepNarrator _narrator;

    /// <summary>Creates a builder for the steps of <paramref name="machine"/>, phrased as <paramref name="narrator"/> phrases them.</summary>
    public FaultPathBuilder(Machine machine, StepNarrator narrator)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(narrator);
        _machine = machine;
        _narrator = narrator;
    }

    /// <summary>The path of <paramref name="access"/>, with what the machine reported during its step (<paramref name="events"/>).</summary>
    internal FaultPath Build(in AccessEvent access, StepEvents events)
    {
        var stages = new List<FaultStage>();
        if (Translation(access, events.MissText, stages) && Kernel(access, stages))
        {
            Resolution(access, events.First, events.Second, stages);
        }

        BitClears(events.Clears, stages);
        return new FaultPath(stages);
    }

    // The bits the policy cleared other than as second chances, each in the stage it came in: a
    // deactivation or write-back in the Frame stage of the search it came in (the second, of a
    // fault that searched for the page and then for its private copy), a clear after the load
    // with the restart, a tick's at the end of the path.
    private static void BitClears(BitClearSentences clears, List<FaultStage> stages)
    {
        var frames = stages.Select((s, i) => (s.Kind, i)).Where(s => s.Kind == FaultStageKind.Frame).Select(s => s.i).ToList();
        foreach (var (secondFrame, text) in clears.Searches)
        {
            var search = secondFrame ? 1 : 0;
            AddTo(stages, search < frames.Count ? frames[search] : null, FaultStageKind.Frame, text);
        }

        AddTo(stages, FaultStageKind.Restart, clears.AfterLoad);
        AddTo(stages, null, clears.Tick);
    }

    // Adds sentences to the last stage of a kind (the last stage if there is none, or for no kind).
    private static void AddTo(List<FaultStage> stages, FaultStageKind? kind, string sentences) => AddTo(stages, null, kind, sentences);

    // Adds sentences to the stage at index at, or when null as above.
    private static void AddTo(List<FaultStage> stages, int? at, FaultStageKind? kind, string sentences)
    {
        if (sentences.Length == 0 || stages.Count == 0)
        {
            return;
        }

        at ??= kind is { } k ? stages.FindLastIndex(s => s.Kind == k) : -1;
        at = at < 0 ? stages.Count - 1 : at;
        stages[at.Value] = stages[at.Value] with { Body = stages[at.Value].Body + sentences };
    }

    private static void Add(List<FaultStage> stages, FaultStageKind kind, string body) => stages.Add(new FaultStage(kind, body));

    // The TLB lookup and the walk; false when the access ends there (a hit). why: the miss's
    // cause in words, null when not known.
    private bool Translation(in AccessEvent access, string? why, List<FaultStage> stages)
    {
        var geometry = _machine.Geometry;
        var verb = Noun(access.Kind);
        var fault = $"page fault ({verb}, user mode)";
        if (access.Segv == SegvReason.OutsideAddressSpace)
        {
            // x86-64 refuses a non-canonical address before any walk with a general-protection
            // fault, not a page fault (RISC-V raises a page fault); the kernel's half is mapped for
            // the kernel alone, so a user access there is a protection page fault. Linux sends
            // SIGSEGV for all of them.
            var raised = geometry.InKernelHalf(access.Address) ? $"{fault} at once: the kernel's half is mapped for the kernel alone"
                : geometry.NonCanonicalIsGeneralProtection ? "general-protection fault (#GP) at once, not a page fault: the address is not canonical"
                : geometry.SignExtended ? $"{fault} at once: the address is not canonical"
                : $"{fault} at once";
            Add(stages, FaultStageKind.Walk, $"none: address {access.Address} is beyond the {geometry.AddressBits}-bit addresses the page table translates, so the MMU raises a {raised}.");
            return true;
        }

        var page = $"page {_narrator.PageText(access.Page)} of ASID {access.Pid}";
        if (!_machine.Tlb.Enabled)
        {
            Add(stages, FaultStageKind.Tlb, "the machine has none, so the MMU walks the page table.");
        }
        else if (access.TlbHit && access.Fault == FaultKind.None)
        {
            Add(stages, FaultStageKind.Tlb, $"{page} is in the TLB (hit): frame {access.Frame}, and the entry allows the {verb}. No fault, no walk.");
            return false;
        }
        else if (access.TlbHit)
        {
            Add(stages, FaultStageKind.Tlb, $"{page} is in the TLB (hit), but the entry does not allow the {verb} → {fault}, without a walk.");
            return true;
        }
        else
        {
            var cause = why is null ? string.Empty : $": {why}";
            Add(stages, FaultStageKind.Tlb, $"{page} is not in the TLB (miss){cause}.");
        }

        if (access.Walk is not { } walk)
        {
            return access.Fault != FaultKind.None;
        }

        var levels = geometry.Split(access.Address).Levels;
        var path = string.Join(" → ", levels.Take(walk.TablesRead).Select(l => $"{l.Name}[{l.Index}]"));
        var entry = walk.Entry;
        string found;
        if (!walk.ReachedEntry(levels.Count))
        {
            found = $"that entry points to no {levels[walk.TablesRead].Name} yet, so the walk stops at the {levels[walk.TablesRead - 1].Name} → {fault}";
        }
        else if (access.Fault == FaultKind.None)
        {
            Add(stages, FaultStageKind.Walk, $"{path}: the entry maps frame {entry.Frame} and allows the {verb}{(_machine.Tlb.Enabled ? "; the TLB is filled with it" : string.Empty)}. No fault.");
            return false;
        }
        else if (entry.IsNone)
        {
            found = $"the entry is empty, not present → {fault}";
        }
        else if (entry.IsSwapped)
        {
            found = $"the entry is not present; it holds swap slot {entry.Slot} → {fault}";
        }
        else
        {
            found = $"the entry maps frame {entry.Frame} but does not allow the {verb} ({EntryText(entry)}) → {fault}";
        }

        Add(stages, FaultStageKind.Walk, $"{path}: {found}.");
        return true;
    }

    // The kernel's check of the region; false when it refuses (SIGSEGV) and the path ends.
    private bool Kernel(in AccessEvent access, List<FaultStage> stages)
    {
        var who = _narrator.Name(access.Pid);
        var killed = $"{who} is killed and its pages released";
        var verb = Noun(access.Kind);
        switch (access.Fault)
        {
            case FaultKind.SegvUnmapped when access.Segv == SegvReason.OutsideAddressSpace:
                Add(stages, FaultStageKind.Kernel, $"{SegvReasonText.Describe(access.Segv, _machine.Geometry, access.Address)}, so no region can cover it → SIGSEGV; {killed}.");
                return false;
            case FaultKind.SegvUnmapped:
                Add(stages, FaultStageKind.Kernel, $"no region of {who} covers {access.Address} → SIGSEGV (address not mapped); {killed}.");
                return false;
            case FaultKind.SegvProtection:
                Add(stages, FaultStageKind.Kernel, $"region {RegionText(access.Region)} covers {access.Address} but refuses the {verb} ({SegvReasonText.Describe(access.Segv)}) → SIGSEGV; {killed}.");
                return false;
            default:
                Add(stages, FaultStageKind.Kernel, $"region {RegionText(access.Region)} covers the address and allows the {verb}{CaseText(access)}.");
                return true;
        }
    }

    // The handler's case, as the entry and the region show it.
    private string CaseText(in AccessEvent access)
    {
        var entry = access.Walk?.Entry ?? default;
        return access.Fault switch
        {
            FaultKind.ZeroFill or FaultKind.SwapIn when _narrator.SharedMemory(access) is { } memory => $"; it is shared anonymous memory ({memory.Name}), so the kernel looks in its page cache",
            FaultKind.ZeroFill => "; the page is anonymous memory never touched, so it needs a frame of zeros",
            FaultKind.FileRead or FaultKind.PageCache => $"; the page is {_narrator.FileText(access)}, so the kernel looks in the page cache",
            FaultKind.SwapIn or FaultKind.SwapCache when entry.IsSwapped || access.Slot.IsValid => $"; the entry holds swap slot {(entry.IsSwapped ? entry.Slot : access.Slot)}, so the kernel looks in the swap cache",
            FaultKind.CowCopy or FaultKind.CowReuse => "; a write to a copy-on-write page",
            _ => string.Empty,
        };
    }

    // From the page-cache or swap-cache lookup to the restart.
    private void Resolution(in AccessEvent access, in StepNarrator.Reclaim first, in StepNarrator.Reclaim second, List<FaultStage> stages)
    {
        var frame = access.Frame;
        var loaded = StepNarrator.BroughtInto(access);
        switch (access.Fault)
        {
            case FaultKind.Oom:
                Add(stages, FaultStageKind.Frame, $"{OomText(access, first, second)}");
                return;
            case FaultKind.ZeroFill when _narrator.SharedMemory(access) is { } memory:
                Add(stages, FaultStageKind.Lookup, $"Page cache: page {access.Region!.FilePageOf(access.Page)} of {memory.Name} is not cached, and nothing was ever written to it → zero-fill (minor fault).");
                Add(stages, FaultStageKind.Frame, FrameText(first, loaded));
                Add(stages, FaultStageKind.Fetch, $"frame {loaded} filled with zeros and added to the page cache of {memory.Name}, where the other processes that share it find it.");
                break;
            case FaultKind.ZeroFill:
                Add(stages, FaultStageKind.Frame, FrameText(first, loaded));
                Add(stages, FaultStageKind.Fetch, $"zero-fill: frame {loaded} filled with zeros (minor fault).");
                break;
            case FaultKind.FileRead:
                Add(stages, FaultStageKind.Lookup, $"Page cache: {_narrator.FileText(access)} is not in the page cache → read it from the file (major fault).");
                Add(stages, FaultStageKind.Frame, FrameText(first, loaded));
                Add(stages, FaultStageKind.Fetch, $"read {_narrator.FileText(access)} into frame {loaded} (a disk read); the page joins the page cache.");
                PrivateCopy(access, second, "the write is to a private mapping", stages);
                break;
            case FaultKind.PageCache:
                Add(stages, FaultStageKind.Lookup, $"Page cache: {_narrator.FileText(access)} is in the page cache, in frame {loaded} → just map it (minor fault).");
                PrivateCopy(access, first, "the write is to a private mapping", stages);
                break;
            case FaultKind.SwapIn when _narrator.SharedMemory(access) is { } memory:
                Add(stages, FaultStageKind.Lookup, $"Page cache: page {access.Region!.FilePageOf(access.Page)} of {memory.Name} is not cached; {memory.Name} keeps it in swap slot {access.Slot} → swap it in (major fault).");
                Add(stages, FaultStageKind.Frame, FrameText(first, loaded));
                Add(stages, FaultStageKind.Fetch, $"swap-in: slot {access.Slot} read into frame {loaded} (a disk read); the page joins the page cache of {memory.Name}.");
                PrivateCopy(access, second, "the write is to a private mapping", stages);
                break;
            case FaultKind.SwapIn:
                Add(stages, FaultStageKind.Lookup, $"Swap cache: the page of slot {access.Slot} is not in memory → swap it in (major fault).");
                Add(stages, FaultStageKind.Frame, FrameText(first, loaded));
                Add(stages, FaultStageKind.Fetch, $"swap-in: slot {access.Slot} read into frame {loaded} (a disk read); the frame keeps the slot as its swap cache.");
                PrivateCopy(access, second, "the page is still shared copy-on-write with another process", stages);
                break;
            case FaultKind.SwapCache:
                Add(stages, FaultStageKind.Lookup, $"Swap cache: the page of slot {access.Slot} is still in memory, in frame {loaded} → just map it, no disk read (minor fault).");
                PrivateCopy(access, first, "the page is still shared copy-on-write with another process", stages);
                break;
            case FaultKind.CowCopy:
                Add(stages, FaultStageKind.Lookup, $"Copy-on-write: frame {access.SourceFrame} is shared{_narrator.SharersText(access.SourceFrame, access.Pid, first.Kills)} → copy it (minor fault).");
                Add(stages, FaultStageKind.Frame, FrameText(first, frame));
                Add(stages, FaultStageKind.Fetch, $"copy of frame {access.SourceFrame} into frame {frame}.");
                break;
            case FaultKind.CowReuse:
                Add(stages, FaultStageKind.Lookup, $"Copy-on-write: no other process shares frame {frame} any more → reuse it: no copy, no new frame (minor fault).");
                break;
            default:
                break;
        }

        Add(stages, FaultStageKind.PageTable, PageTableText(access));
        Add(stages, FaultStageKind.Restart, RestartText(access));
    }

    // The private copy a write took of the page the fault had just found or brought in.
    private void PrivateCopy(in AccessEvent access, in StepNarrator.Reclaim reclaim, string why, List<FaultStage> stages)
    {
        if (!access.SourceFrame.IsValid)
        {
            return;
        }

        Add(stages, FaultStageKind.Lookup, $"Copy-on-write: {why} → a private copy of frame {access.SourceFrame}.");
        Add(stages, FaultStageKind.Frame, FrameText(reclaim, access.Frame));
        Add(stages, FaultStageKind.Fetch, $"copy of frame {access.SourceFrame} into frame {access.Frame}, for this process alone.");
    }

    // How the kernel found the frame the fault took: the free list, or reclaim's victims, or the OOM killer.
    private string FrameText(in StepNarrator.Reclaim reclaim, FrameNumber taken)
    {
        if (reclaim.IsEmpty)
        {
            return $"frame {taken} from the free list.";
        }

        var text = reclaim.Kills.Count > 0
            ? $"{_narrator.KillsText(reclaim)}"
            : $"{RoomText(reclaim)}{_narrator.PolicyEvictedText(reclaim, alsoUnmapped: false)}.";
        foreach (var eviction in reclaim.Evictions)
        {
            text += $" {UnmappedText(eviction)}";
        }

        return $"{text} The fault takes frame {taken}.";
    }

    // Why reclaim ran: memory full, or a scope of local replacement, as the narration says it.
    private string RoomText(in StepNarrator.Reclaim reclaim)
    {
        var last = reclaim.Evictions[^1];
        return last.Cause == EvictionCause.MemoryFull ? "none free, so reclaim: " : Sentence.Capitalised(_narrator.RoomText(last, reclaim.Pid));
    }

    // The entries reclaim cleared through the reverse map, and the TLB entries dropped with them.
    private string UnmappedText(in EvictionEvent eviction)
    {
        var entries = eviction.Unmapped.Select(MappedText).ToList();
        var dropped = eviction.TlbDropped.Select(MappedText).ToList();
        var cleared = entries.Count == 0
            ? $"No entry mapped frame {eviction.Frame} any more"
            : $"Frame {eviction.Frame}: the reverse map cleared the {Plural.Noun(entries.Count, "entry")} of {StepNarrator.JoinWords(entries)}";
        var tlb = dropped.Count == 0
            ? entries.Count == 0 ? string.Empty : $"; the TLB held {(entries.Count == 1 ? "no translation of it" : "none of them")}"
            : $"; the TLB dropped {(dropped.Count == entries.Count && entries.Count == 1 ? "its translation" : $"the translation of {StepNarrator.JoinWords(dropped)}")}";
        return $"{cleared}{tlb}.";
    }

    private string MappedText(MappedPage m) => $"{_narrator.Name(m.Pid)} page {_narrator.PageText(m.Page)}";

    // An OOM kill that left the fault unresolved: the faulting process was killed.
    private string OomText(in AccessEvent access, in StepNarrator.Reclaim first, in StepNarrator.Reclaim second)
    {
        var who = _narrator.Name(access.Pid);
        var kills = second.Kills.Count > 0
            ? $"the page was brought in ({(first.IsEmpty ? "a frame from the free list" : _narrator.PolicyEvictedText(first))}), and a private copy needed a second frame. {_narrator.KillsText(second)}"
            : first.Kills.Count > 0 ? _narrator.KillsText(first) : "none could be found.";
        return $"{kills} The fault is not resolved: {who} is gone, and the access is never restarted.";
    }

    // The entry the kernel wrote, and the page-table pages it allocated on the way.
    private string PageTableText(in AccessEvent access)
    {
        var levels = _machine.Geometry.Split(access.Address).Levels;
        var leaf = levels[^1];
        var entry = access.EntryAfter;
        var set = entry with { Flags = entry.Flags & ~(PteFlags.Accessed | PteFlags.Dirty) };
        var text = access.Fault == FaultKind.CowReuse
            ? $"{leaf.Name}[{leaf.Index}] still maps frame {entry.Frame}, now {EntryText(set)}: copy-on-write cleared."
            : $"{leaf.Name}[{leaf.Index}] now maps frame {entry.Frame}, {EntryText(set)}.";

        if (access.TablesAllocated > 0 && access.Walk is { } walk)
        {
            var made = levels.Skip(walk.TablesRead).Take(access.TablesAllocated).Select(l => l.Name);
            text += $" On the way the kernel allocated {Plural.Count(access.TablesAllocated, "page-table page")}: {StepNarrator.JoinWords(made)}.";
        }

        if (StepNarrator.MappedPrivateFilePageReadOnly(access))
        {
            text += $" {StepNarrator.PrivateFileReadOnlyText}";
        }

        return text;
    }

    // The faulting instruction executed again.
    private string RestartText(in AccessEvent access)
    {
        var verb = Noun(access.Kind);
        var translated = access.RetryTlbHit
            ? "the TLB holds the translation (hit)"
            : _machine.Tlb.Enabled
                ? $"TLB miss, the walk now finds frame {access.Frame}, and the TLB is filled"
                : $"the walk now finds frame {access.Frame}";
        var bits = (access.EntryAfter.Flags & PteFlags.Dirty) != 0 && access.Kind == AccessKind.Write ? "accessed and dirty bits" : "accessed bit";
        return $"the faulting instruction is executed again: {translated}; the {verb} sets the entry's {bits}.";
    }

    // An entry's state: "present, r-x, user", with copy-on-write when marked.
    private static string EntryText(Pte entry)
    {
        var parts = new List<string> { entry.IsPresent ? "present" : "not present", ProtectionText.Format(entry.Protection) };
        if ((entry.Flags & PteFlags.User) != 0)
        {
            parts.Add("user");
        }

        if ((entry.Flags & PteFlags.Cow) != 0)
        {
            parts.Add("copy-on-write");
        }

        if ((entry.Flags & PteFlags.Accessed) != 0)
        {
            parts.Add("accessed");
        }

        if ((entry.Flags & PteFlags.Dirty) != 0)
        {
            parts.Add("dirty");
        }

        return string.Join(", ", parts);
    }

    private string RegionText(Vma? region) => region is null
        ? "(none)"
        : $"{region.Name} ({_machine.Geometry.AddressOf(region.Start)}-{_machine.Geometry.AddressOf(region.End)}, {ProtectionText.Format(region.Protection)})";

    private static string Noun(AccessKind kind) => kind switch { AccessKind.Write => "write", AccessKind.Execute => "instruction fetch", _ => "read" };
}
