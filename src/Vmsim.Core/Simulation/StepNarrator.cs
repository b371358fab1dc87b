using System.Globalization;
using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Storage;

namespace Vmsim.Core.Simulation;

/// <summary>
/// Explains a step in plain words, the way a teacher would: who accessed what, why it
/// faulted, what the kernel did (and what it evicted to do it), and how the page table
/// changed. It reads the machine's state right after the step.
/// </summary>
public sealed class StepNarrator
{
    private readonly Machine _machine;

    /// <summary>Creates a narrator for <paramref name="machine"/>.</summary>
    public StepNarrator(Machine machine) => _machine = machine;

    /// <summary>
    /// Writes page numbers in decimal, as a reference string writes them (<c>page 10</c>), where
    /// they are otherwise hexadecimal as addresses are (<c>page 0xa</c>).
    /// </summary>
    public bool DecimalPages { get; init; }

    /// <summary>Explains an access and the evictions and OOM kills it caused: the victims reclaim took to free a frame, and the pages the policy let go after it (departures).</summary>
    public string Explain(in AccessEvent access, IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills)
    {
        ArgumentNullException.ThrowIfNull(evictions);
        ArgumentNullException.ThrowIfNull(kills);
        var who = Name(access.Pid);
        var verb = access.Kind switch { AccessKind.Write => "wrote", AccessKind.Execute => "executed", _ => "read" };
        var page = $"page {PageText(access.Page)}";
        var where = RegionText(access.Pid, access.Page);
        var text = new StringBuilder();
        var made = EvictionText([.. evictions.Where(e => !e.Departure)]);
        switch (access.Fault)
        {
            case FaultKind.None:
                text.Append($"{who} {verb} {page}{where}: present in frame {access.Frame}, {(access.TlbHit ? "translated by the TLB" : "found by a page-table walk (TLB miss)")}; no fault.");
                break;
            case FaultKind.ZeroFill when SharedMemory(access) is { } memory:
                text.Append($"{who} {verb} {page}{where}: not present, so a page fault. It is shared anonymous memory with nothing written to this page yet, so the kernel {made}gave it frame {access.Frame} filled with zeros, added it to the page cache of {memory.Name}, where the other processes that share the memory will find it, and mapped it (minor fault).");
                break;
            case FaultKind.ZeroFill:
                text.Append($"{who} {verb} {page}{where}: not present, so a page fault. It is anonymous memory with nothing written to it yet, so the kernel {made}gave it frame {access.Frame} filled with zeros and mapped it (minor fault).");
                break;
            case FaultKind.FileRead:
                text.Append($"{who} {verb} {page}{where}: not present and not in the page cache, so the kernel {made}read it from {FileText(access)} into frame {BroughtInto(access)} (major fault).");
                AppendPrivateCopy(text, access);
                break;
            case FaultKind.PageCache:
                text.Append($"{who} {verb} {page}{where}: not mapped here, but {FileText(access)} already had that page in the page cache in frame {BroughtInto(access)}, so the kernel just mapped it (minor fault).");
                AppendPrivateCopy(text, access);
                break;
            case FaultKind.SwapIn:
                text.Append($"{who} {verb} {page}{where}, which had been swapped out, so a page fault; the kernel {made}read it back from swap slot {access.Slot} into frame {BroughtInto(access)} (major fault).");
                AppendPrivateCopy(text, access);
                break;
            case FaultKind.SwapCache:
                text.Append($"{who} {verb} {page}{where}, whose entry pointed to swap slot {access.Slot}; the page was still in memory in the swap cache (frame {BroughtInto(access)}), so the kernel mapped it without a disk read (minor fault).");
                AppendPrivateCopy(text, access);
                break;
            case FaultKind.CowCopy:
                text.Append($"{who} {verb} {page}{where}: it was shared copy-on-write{SharersText(access.SourceFrame, access.Pid)}, so the kernel {made}copied frame {access.SourceFrame} into frame {access.Frame} and pointed the entry of {who} there, writable (minor fault).");
                break;
            case FaultKind.CowReuse:
                text.Append($"{who} {verb} {page}{where}: the entry was read-only copy-on-write, but no other process shares frame {access.Frame} any more, so the kernel made it writable in place, without a copy (minor fault).");
                break;
            case FaultKind.SegvUnmapped when access.Segv == SegvReason.OutsideAddressSpace:
                text.Append($"{who} {verb} address {access.Address}: {SegvReasonText.Describe(access.Segv, _machine.Geometry)} (the page table translates addresses below {_machine.Geometry.AddressOf(new PageNumber(_machine.Geometry.PageCount))}), so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.SegvUnmapped:
                text.Append($"{who} {verb} address {access.Address}: no region maps it, so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.SegvProtection:
                text.Append($"{who} {verb} address {access.Address}{where}: {SegvReasonText.Describe(access.Segv)}, so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.Oom:
                text.Append($"{who} {verb} {page}{where}: a page fault needed a frame, none was free, and nothing could be evicted (swap is full and no clean page was left).");
                break;
            default:
                text.Append($"{who} {verb} {page}: {access.Fault}.");
                break;
        }

        foreach (var kill in kills)
        {
            text.Append($" The OOM killer killed {Name(kill.Pid)}, which had the most resident pages ({kill.ResidentPages}).");
        }

        AppendDepartures(text, evictions);

        AppendWorkingSet(text, access.Pid);
        return text.ToString();
    }

    // When working sets are measured: the size of this process's, and the demand of all
    // against memory, marking where it first exceeds memory and where it fits again; under
    // local replacement, the size against the process's own quota instead.
    private void AppendWorkingSet(StringBuilder text, int pid)
    {
        if (_machine.WorkingSets is not { } meter || meter.Of(pid) is not { } set)
        {
            return;
        }

        var process = set.Process;
        text.Append(process.IsRunning
            ? $" Working set of {Name(pid)}: {Plural.Count(set.Size, "page")}"
            : $" {Name(pid)} has ended, so its working set is gone");
        if (meter.ByQuota)
        {
            if (process.IsRunning)
            {
                var quota = _machine.Kernel.QuotaOf(process);
                text.Append(set.Size > quota
                    ? $", more than its quota of {Plural.Count(quota, "frame")}: under local replacement it cannot keep its working set resident, and thrashes."
                    : $", within its quota of {Plural.Count(quota, "frame")}.");
            }
            else
            {
                text.Append('.');
            }

            return;
        }

        text.Append(meter.Processes.Count <= 1 ? string.Empty : $"; demand D, all the working sets together: {Plural.Count(meter.Demand, "page")}");
        AppendAgainstMemory(text, meter);
    }

    // The demand against memory, marking the step that moves it across.
    private static void AppendAgainstMemory(StringBuilder text, WorkingSetMeter meter)
    {
        var frames = Plural.Count(meter.Frames, "frame");
        var one = meter.Processes.Count <= 1;
        var who = one ? "the process needs" : "the processes need";
        text.Append((meter.Demand > meter.Frames, meter.LastCrossing) switch
        {
            (true, > 0) => $", more than the {frames}: from here {who} more frames than memory has, and {(one ? "thrashes" : "thrash")}.",
            (true, _) => $", more than the {frames}.",
            (false, < 0) => $", within the {frames} again.",
            _ => $", within the {frames}.",
        });
    }

    /// <summary>Explains an operation (its own description, already in words; for an exit while working sets are measured, what it did to the demand).</summary>
    public string Explain(OperationEvent operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var text = new StringBuilder(char.ToUpperInvariant(operation.Description[0]) + operation.Description[1..] + (operation.Description.EndsWith('.') ? string.Empty : "."));
        if (operation.Operation == "exit" && _machine.WorkingSets is { ByQuota: false } meter && meter.Of(operation.Pid) is not null)
        {
            text.Append($" Its working set has left the demand: D is now {Plural.Count(meter.Demand, "page")}");
            AppendAgainstMemory(text, meter);
        }

        return text.ToString();
    }

    private string PageText(PageNumber page) => page.Written(DecimalPages);

    private string Name(int pid) => _machine.Kernel.FindProcess(pid)?.ToString() ?? $"P{pid}";

    // The region of the process that holds the page, or null.
    private Vma? RegionOf(int pid, PageNumber page) => _machine.Kernel.FindProcess(pid)?.AddressSpace.FindVma(page);

    private string RegionText(int pid, PageNumber page)
    {
        var vma = RegionOf(pid, page);
        return vma is null ? string.Empty : $" ({vma.Name}, {ProtectionText.Format(vma.Protection)})";
    }

    private string EvictionText(IReadOnlyList<EvictionEvent> evictions)
    {
        if (evictions.Count == 0)
        {
            return string.Empty;
        }

        var parts = evictions.Select(e => $"{EvictedPageText(e)}, {FateText(e)}{AlsoUnmappedText(e)}");
        return $"freed a frame first (none was free: the {_machine.Kernel.Policy.Name} policy evicted {JoinEvictions(parts)}), then ";
    }

    // The pages the policy let go once the access was done, with frames to spare: they had
    // left the working set, a cause of their own, not reclaim for a frame.
    private void AppendDepartures(StringBuilder text, IReadOnlyList<EvictionEvent> evictions)
    {
        var parts = evictions.Where(e => e.Departure).Select(e => $"{EvictedPageText(e)}, which had left the working set, {FateText(e)}{AlsoUnmappedText(e)}").ToList();
        if (parts.Count > 0)
        {
            text.Append($" Then the {_machine.Kernel.Policy.Name} policy evicted {JoinEvictions(parts)}.");
        }
    }

    /// <summary>Pages evicted in one step, each described, as one clause: "page 1 ...; and page 2 ...".</summary>
    public static string JoinEvictions(IEnumerable<string> pages) => string.Join("; and ", pages);

    // What eviction did with the page's contents.
    private static string FateText(in EvictionEvent e) => e.Use == FrameUse.File
        ? e.Dirty ? "writing it back to its file first because it was dirty" : "dropping it since its file has a clean copy"
        : e.Dirty ? $"writing it to swap slot {e.Slot} because it was dirty" : e.Slot.IsValid ? $"without writing, since swap slot {e.Slot} still holds a clean copy" : "dropping it since it was never written (it will be zero-filled again)";

    // The page an eviction took, as the process that brought it in sees it while it still
    // maps it; else as another process that maps it; a page-cache page that no process
    // maps any more, as its file's page; an anonymous page that no process maps any more,
    // kept in the swap cache for the entries that still hold its slot, as that slot's page.
    private string EvictedPageText(in EvictionEvent e)
    {
        if (e.Unmapped.Count == 0 && e.FileId >= 0)
        {
            return $"page {e.FilePage} of {ObjectName(_machine.Kernel.Files[e.FileId])} from frame {e.Frame}, which no process mapped any more";
        }

        if (e.Unmapped.Count == 0 && e.Slot.IsValid)
        {
            return $"the swap cache's page of slot {e.Slot} from frame {e.Frame} (no process mapped it any more)";
        }

        var seen = SeenAs(e);
        return $"page {PageText(seen.Page)} of {Name(seen.Pid)} from frame {e.Frame}";
    }

    // The other page-table entries reclaim cleared: the reverse map names every process that
    // shares the frame, and each loses its mapping.
    private string AlsoUnmappedText(in EvictionEvent e)
    {
        if (e.Unmapped.Count < 2)
        {
            return string.Empty;
        }

        var seen = SeenAs(e);
        var others = e.Unmapped.Where(m => m != seen).Select(m => m.Page == seen.Page ? Name(m.Pid) : $"{Name(m.Pid)} (its page {PageText(m.Page)})");
        return $", and through the reverse map also unmapped it from {JoinWords(others)}";
    }

    private static MappedPage SeenAs(in EvictionEvent e)
    {
        var owner = new MappedPage(e.Owner, e.Page);
        return e.Unmapped.Count == 0 || e.Unmapped.Contains(owner) ? owner : e.Unmapped[0];
    }

    private static string JoinWords(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static string ObjectName(BackingFile file) => file.IsShmem ? file.Name : $"file '{file.Name}'";

    private string FileText(in AccessEvent access) =>
        MappedObject(access) is ({ } vma, { } file) ? $"{ObjectName(file)} (page {vma.FilePageOf(access.Page)})" : "its file";

    // The shared anonymous memory object the access's region maps, or null.
    private BackingFile? SharedMemory(in AccessEvent access) =>
        MappedObject(access).Object is { IsShmem: true } memory ? memory : null;

    // The access's region and the file or shared memory object it maps; no object for anonymous memory.
    private (Vma? Region, BackingFile? Object) MappedObject(in AccessEvent access)
    {
        var vma = RegionOf(access.Pid, access.Page);
        return vma is { Backing.IsAnonymous: false } ? (vma, _machine.Kernel.Files[vma.Backing.FileId]) : (vma, null);
    }

    // The frame the page was brought into: the source of the private copy when one was made.
    private static FrameNumber BroughtInto(in AccessEvent access) => access.SourceFrame.IsValid ? access.SourceFrame : access.Frame;

    private static void AppendPrivateCopy(StringBuilder text, in AccessEvent access)
    {
        if (access.SourceFrame.IsValid)
        {
            text.Append($" The write was to a private mapping, so the kernel then copied it into frame {access.Frame} for this process alone (copy-on-write).");
        }
    }

    private string SharersText(FrameNumber frame, int except)
    {
        if (!frame.IsValid)
        {
            return string.Empty;
        }

        var others = _machine.Kernel.ReverseMap.MappingsOf(frame).Select(m => m.Asid).Where(a => a != except).Distinct().Select(Name).ToArray();
        return others.Length == 0 ? string.Empty : $" with {string.Join(", ", others)}";
    }
}
