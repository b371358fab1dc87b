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
public sealed partial class StepNarrator
{
    private readonly Machine _machine;

    /// <summary>Creates a narrator for <paramref name="machine"/>.</summary>
    public StepNarrator(Machine machine) => _machine = machine;

    /// <summary>
    /// Writes page numbers in decimal, as a reference string writes them (<c>page 10</c>), where
    /// they are otherwise hexadecimal as addresses are (<c>page 0xa</c>).
    /// </summary>
    public bool DecimalPages { get; init; }

    /// <summary>
    /// For a trace's replay, names the step a TLB entry left at by the trace's access
    /// (<see cref="IStepNames"/>); null names it by the step table's #.
    /// </summary>
    internal IStepNames? Names { get; init; }

    /// <summary>
    /// Explains an access and the evictions and OOM kills it caused, in the order they happened:
    /// the fault; how the kernel found a frame (the victims reclaim took, or why nothing could
    /// be evicted and whom the OOM killer killed for it, and what that freed); what it brought
    /// into the frame; the private copy a write needed, and how it found a frame for that; and
    /// the pages the policy let go after the access (departures); and the bits the policy cleared
    /// other than as second chances, each where it came (<see cref="BitClear"/>).
    /// </summary>
    internal string Explain(in AccessEvent access, StepEvents events)
    {
        var who = Name(access.Pid);
        var verb = access.Kind switch { AccessKind.Write => "wrote", AccessKind.Execute => "executed", _ => "read" };
        var page = $"page {PageText(access.Page)}";
        var where = RegionText(access);
        var text = new StringBuilder();
        var (first, second) = (events.First, events.Second);
        var made = MadeRoom(first);

        var it = first.It;
        switch (access.Fault)
        {
            case FaultKind.None:
                text.Append($"{who} {verb} {page}{where}: present in frame {access.Frame}, {(access.TlbHit ? "translated by the TLB" : $"found by a page-table walk ({TlbMissClause(events)})")}; no fault.");
                break;
            case FaultKind.ZeroFill when SharedMemory(access) is { } memory:
                text.Append($"{who} {verb} {page}{where}: not present, so a page fault. It is shared anonymous memory with nothing written to this page yet, so the kernel {made}gave {it} frame {access.Frame} filled with zeros, added it to the page cache of {memory.Name}, where the other processes that share the memory will find it, and mapped it (minor fault).");
                break;
            case FaultKind.ZeroFill:
                text.Append($"{who} {verb} {page}{where}: not present, so a page fault. It is anonymous memory with nothing written to it yet, so the kernel {made}gave {it} frame {access.Frame} filled with zeros and mapped it (minor fault).");
                break;
            case FaultKind.FileRead:
                text.Append($"{who} {verb} {page}{where}: not present and not in the page cache, so the kernel {made}read {it} from {FileText(access)} into frame {BroughtInto(access)} (major fault).");
                AppendPrivateCopy(text, access, second, "The write was to a private mapping");
                break;
            case FaultKind.PageCache:
                text.Append($"{who} {verb} {page}{where}: not mapped here, but {FileText(access)} already had that page in the page cache in frame {BroughtInto(access)}, so the kernel just mapped it (minor fault).");
                AppendPrivateCopy(text, access, first, "The write was to a private mapping");
                break;
            case FaultKind.SwapIn:
                text.Append($"{who} {verb} {page}{where}, which had been swapped out, so a page fault; the kernel {made}read {it} back from swap slot {access.Slot} into frame {BroughtInto(access)} (major fault).");
                AppendSharerKilled(text, access, first.Kills);
                AppendPrivateCopy(text, access, second, "The page was still shared copy-on-write with another process");
                break;
            case FaultKind.SwapCache:
                text.Append($"{who} {verb} {page}{where}, whose entry pointed to swap slot {access.Slot}; the page was still in memory in the swap cache (frame {BroughtInto(access)}), so the kernel mapped it without a disk read (minor fault).");
                AppendPrivateCopy(text, access, first, "The page was still shared copy-on-write with another process");
                break;
            case FaultKind.CowCopy:
                text.Append($"{who} {verb} {page}{where}: it was shared copy-on-write{SharersText(access.SourceFrame, access.Pid, first.Kills)}, so the kernel {made}copied frame {access.SourceFrame} into frame {access.Frame} and pointed the entry of {who} there, writable (minor fault).");
                AppendSourceFreed(text, access, first.Kills);
                break;
            case FaultKind.CowReuse:
                text.Append($"{who} {verb} {page}{where}: the entry was read-only copy-on-write, but no other process shares frame {access.Frame} any more, so the kernel made it writable in place, without a copy (minor fault).");
                break;
            case FaultKind.SegvUnmapped when access.Segv == SegvReason.OutsideAddressSpace:
                var outside = SegvReasonText.Describe(access.Segv, _machine.Geometry, access.Address);

                // Where addresses sign-extend, the kernel half and a non-canonical address say the range themselves.
                var below = _machine.Geometry.SignExtended ? string.Empty : $" (the page table translates addresses below {_machine.Geometry.AddressOf(new PageNumber(_machine.Geometry.PageCount))})";
                text.Append($"{who} {verb} address {access.Address}: {outside}{below}, so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.SegvUnmapped:
                text.Append($"{who} {verb} address {access.Address}: no region maps it, so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.SegvProtection:
                text.Append($"{who} {verb} address {access.Address}{where}: {SegvReasonText.Describe(access.Segv)}, so the kernel sent SIGSEGV and {who} was killed; its pages were released.");
                break;
            case FaultKind.Oom:
                text.Append($"{who} {verb} {page}{where}: a page fault, so the kernel ");
                text.Append(second.IsEmpty
                    ? $"needed a frame. {KillsText(first)}"
                    : $"{made}brought {it} in, and needed a second frame for a private copy. {KillsText(second)}");
                break;
            default:
                text.Append($"{who} {verb} {page}: {access.Fault}.");
                break;
        }

        AppendCowTlbMiss(text, access, events);
        AppendPrivateFileReadOnly(text, access);
        text.Append(events.Clears.Search).Append(events.Clears.AfterLoad);
        AppendDepartures(text, events.Evictions);
        text.Append(events.Clears.Tick);

        AppendWorkingSet(text, access.Pid);
        return text.ToString();
    }

    // What reclaim did to find one frame the fault of process Pid needed: the OOM kills, in order,
    // and the eviction that freed the frame. The kernel kills only when it can evict nothing, and
    // takes the frame an eviction frees at once (Reclaimer.AllocateFrame), so any kills came
    // before the eviction. Deactivated holds the pages its search deactivated on the way to that
    // eviction (after its last kill), in order, the victim too if it was one of them: Linux
    // deactivates before it looks at its inactive list for the victim. TakenAcross holds, alike
    // for both searches of a fault that searched twice, the pages the search for the page
    // deactivated and the search for the private copy then took as its victims: the first
    // search names them by their pages (their frames hold the copy now), and the second's victims
    // say which search had deactivated them.
    internal readonly record struct Reclaim(int Pid, IReadOnlyList<EvictionEvent> Evictions, IReadOnlyList<OomKillEvent> Kills, IReadOnlyList<BitClear> Deactivated, IReadOnlyList<BitClear> TakenAcross)
    {
        // A step's that reclaimed nothing: an operation's, whose clears came in no search.
        public static readonly Reclaim None = new(0, [], [], [], []);

        public bool IsEmpty => Evictions.Count == 0 && Kills.Count == 0;

        // A fault that brought a page in and then copied it asked for two frames; one that found
        // the page in memory (the page cache, the swap cache, a present copy-on-write page) only
        // one. The reclaim for each, departures left out, with the pages its search deactivated
        // before its victim; the clears come each with the search it came in (Searched).
        public static (Reclaim First, Reclaim Second) Split(int pid, IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills, IReadOnlyList<(BitClear Clear, int? Search)> clears)
        {
            List<(BitClear Clear, int? Search)> deactivations = [.. clears.Where(c => c.Clear.Kind == BitClearKind.Deactivated)];
            List<EvictionEvent> second = [.. evictions.Where(e => !e.Departure && e.SecondFrame)];
            List<BitClear> across = second.Count == 0 ? [] : [.. deactivations.Where(d => d.Search == 1 && Took(second, d.Clear)).Select(d => d.Clear)];
            return (Of(pid, [.. evictions.Where(e => !e.Departure && !e.SecondFrame)], kills, deactivations, across, search: 1),
                Of(pid, second, kills, deactivations, across, search: 2));
        }

        private static Reclaim Of(int pid, List<EvictionEvent> victims, IReadOnlyList<OomKillEvent> kills, List<(BitClear Clear, int? Search)> deactivations, List<BitClear> across, int search) =>
            new(pid, victims, [.. kills.Where(k => k.SecondFrame == (search == 2))],
                [.. deactivations.Where(d => d.Search == search && d.Clear.ToldWithVictim(d.Search, victims.Count > 0, kills)).Select(d => d.Clear)],
                across);

        // The page, after the sentences of a kill, where "it" could be the process killed.
        public string It => Kills.Count > 0 ? "the page" : "it";
    }

    // How the kernel found a frame, to follow "so the kernel " and lead to what it then did:
    // nothing when one was free; the victims that freed one; or, when the OOM killer had to run,
    // the sentences of why and whom it killed, ending with "Then the kernel ".
    private string MadeRoom(in Reclaim reclaim, string need = "a frame") =>
        reclaim.Kills.Count == 0 ? EvictionText(reclaim) : $"needed {need}. {KillsText(reclaim)} Then the kernel ";

    // Why no frame could be found, and the kills that followed, each with what it freed; then the
    // eviction a kill made possible, if any.
    internal string KillsText(in Reclaim reclaim)
    {
        var text = new StringBuilder(NothingEvictableText(reclaim.Kills[0]));
        for (var i = 0; i < reclaim.Kills.Count; i++)
        {
            var kill = reclaim.Kills[i];
            text.Append(i == 0 ? " So the OOM killer killed " : " Still no frame could be found, so the OOM killer killed ");
            text.Append(Name(kill.Pid));
            text.Append(kill.Pid == kill.FaultingPid ? ", the faulting process itself, " : ", ");
            text.Append($"which had the most resident pages ({kill.ResidentPages}){KillFreedText(kill)}.");
        }

        if (reclaim.Evictions.Count > 0)
        {
            text.Append($" After that a page could be evicted: {PolicyEvictedText(reclaim)}.");
        }

        return text.ToString();
    }

    // Why reclaim found no victim when the killer ran. Reclaim may evict any frame in use but one
    // the fault holds, or a dirty page of anonymous memory with no copy in swap while swap has no
    // room for one (Reclaimer.CanEvict); no frame was free, so every frame the fault did not hold
    // was such a page, and swap was full.
    private string NothingEvictableText(in OomKillEvent kill)
    {
        var slots = _machine.Kernel.Swap.Slots;
        var pinned = kill.PinnedFrames;
        var held = pinned.Count == 0 ? null : $"{NumberedText("frame", pinned.Select(f => f.Value))} held the page the fault was copying";
        var swap = slots == 0 ? "there is no swap to write it to" : $"swap was full ({slots} of {Plural.Count(slots, "slot")} in use)";
        var dirty = _machine.Kernel.Frames.Count == pinned.Count ? null
            : $"every {(pinned.Count == 0 ? string.Empty : "other ")}page in memory was dirty anonymous memory with no copy in swap, and {swap}";
        return $"None was free, and none could be evicted: {string.Join("; ", new[] { held, dirty }.OfType<string>())}.";
    }

    // What a kill freed: its frames and swap slots, or why it freed no frame.
    private static string KillFreedText(in OomKillEvent kill)
    {
        var frames = kill.FreedFrames.Count == 0 ? null : NumberedText("frame", kill.FreedFrames.Select(f => f.Value));
        var slots = kill.FreedSlots.Count == 0 ? null : NumberedText("swap slot", kill.FreedSlots.Select(s => s.Value));
        var freed = JoinWords(new[] { frames, slots }.OfType<string>());
        var pinned = kill.PinnedFrames;
        var kept = kill.KeptFrames.Count > 0 && kill.KeptFrames.All(pinned.Contains)
            ? "the page it mapped was the one the fault was copying from, which the fault held"
            : "its pages were still mapped by other processes or kept in the page cache";
        return (frames, slots) switch
        {
            (null, null) => $"; that freed no frame: {kept}",
            (null, _) => $"; that freed {freed} but no frame: {kept}",
            _ => $"; its {freed} {(kill.FreedFrames.Count + kill.FreedSlots.Count == 1 ? "was" : "were")} freed",
        };
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

    /// <summary>
    /// Explains an operation (its own description, already in words; for an exit while working
    /// sets are measured, what it did to the demand), with the bits a policy cleared during it
    /// (<paramref name="clears"/>, if any).
    /// </summary>
    public string Explain(OperationEvent operation, IReadOnlyList<BitClear>? clears = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var text = new StringBuilder(Sentence.Capitalised(operation.Description) + (operation.Description.EndsWith('.') ? string.Empty : "."));
        if (operation.Operation == "exit" && _machine.WorkingSets is { ByQuota: false } meter && meter.Of(operation.Pid) is not null)
        {
            text.Append($" Its working set has left the demand: D is now {Plural.Count(meter.Demand, "page")}");
            AppendAgainstMemory(text, meter);
        }

        var sentences = Sentences(Searched(clears ?? [], [], []), [], Reclaim.None, Reclaim.None);
        text.Append(sentences.Search).Append(sentences.AfterLoad).Append(sentences.Tick);
        return text.ToString();
    }

    internal string PageText(PageNumber page) => page.Written(DecimalPages);

    internal string Name(int pid) => _machine.Kernel.FindProcess(pid)?.ToString() ?? $"P{pid}";

    // The region that mapped the page when the access was made (the process may have ended since).
    private static string RegionText(in AccessEvent access) =>
        access.Region is { } vma ? $" ({vma.Name}, {ProtectionText.Format(vma.Protection)})" : string.Empty;

    private string EvictionText(in Reclaim reclaim)
    {
        var evictions = reclaim.Evictions;
        if (evictions.Count == 0)
        {
            return string.Empty;
        }

        return $"freed a frame first ({RoomText(evictions[^1], reclaim.Pid)}{PolicyEvictedText(reclaim)}), then ";
    }

    // Why reclaim had to make room, by the scope it took the victim from (Reclaimer.Allocate), to
    // lead to "the {policy} policy evicted": under local replacement a process at its quota gives
    // up a page even while other frames are free. Frames of processes that have ended are in
    // every scope.
    internal string RoomText(in EvictionEvent e, int pid)
    {
        var quota = Plural.Count(e.Quota, "frame");
        var below = $"none was free, and {Name(pid)} was below its quota of {quota}";
        return e.Cause switch
        {
            EvictionCause.AtQuota => $"{Name(pid)} held its quota of {quota}, so under local replacement ",
            EvictionCause.OverQuota => $"{below}, so the page came from {(_machine.Kernel.FindProcess(e.Owner) is { IsRunning: false } ? "a process that has ended" : "a process holding more than its own quota")}: ",
            EvictionCause.OwnPage => $"{below} and no process held more than its own (the quotas add up to more than memory), so it gave up a page of its own: ",
            _ => "none was free: ",
        };
    }

    // "the {policy} policy evicted" and each page evicted to free a frame, with what became of it;
    // where the policy passed over frames reclaim could not take, which and why, before each.
    // The fault path tells the entries cleared a stage of its own (alsoUnmapped false).
    internal string PolicyEvictedText(in Reclaim reclaim, bool alsoUnmapped = true)
    {
        var own = reclaim;
        string Each(EvictionEvent e) => $"{EvictedPageText(e)}{VictimBitText(e)}{JustDeactivatedText(own, e)}, {FateText(e)}{(alsoUnmapped ? AlsoUnmappedText(e) : string.Empty)}";
        var evictions = reclaim.Evictions;
        var deactivated = SearchDeactivationsText(reclaim);
        return evictions.Any(e => e.PassedOver.Count > 0 || e.SecondChances.Count > 0)
            ? $"the {_machine.Kernel.Policy.Name} policy {deactivated}{JoinEvictions(evictions.Select(e => $"{PassedOverText(e.PassedOver)}{SecondChanceText(e.SecondChances)}evicted {Each(e)}"))}"
            : $"the {_machine.Kernel.Policy.Name} policy {deactivated}evicted {JoinEvictions(evictions.Select(Each))}";
    }

    /// <summary>
    /// The frames a policy asked about and reclaim could not take, grouped by why, to lead to
    /// "evicted": "passed over frames 5 and 0-3 (dirty anonymous pages, and no swap slot free)
    /// and "; empty when there were none.
    /// </summary>
    internal string PassedOverText(IReadOnlyList<PassedOverFrame> passed)
    {
        if (passed.Count == 0)
        {
            return string.Empty;
        }

        var groups = passed.GroupBy(p => p.Reason)
            .Select(g => $"{FramesAsAsked(g.Select(p => p.Frame.Value).ToList())} ({PassOverReasonText.Describe(g.Key, g.Count(), _machine.Kernel.Swap.Slots == 0)})");
        return $"passed over {string.Join(", ", groups)} and ";
    }

    // Frames in the order the policy asked about them, a run of four or more in a row as a range
    // ("frames 5 and 0-3"); when that order makes many pieces (a policy that looks at every
    // frame in an order of its own), in ascending order instead.
    private static string FramesAsAsked(List<int> frames)
    {
        const int MostPieces = 6;
        var pieces = RunPieces(frames);
        return pieces.Count > MostPieces ? NumberedText("frame", frames) : $"{Plural.Noun(frames.Count, "frame")} {JoinWords(pieces)}";
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

    /// <summary>Items in a sentence: "a", "a and b", "a, b and c".</summary>
    public static string JoinWords(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static string ObjectName(BackingFile file) => file.IsShmem ? file.Name : $"file '{file.Name}'";

    internal string FileText(in AccessEvent access) =>
        MappedObject(access) is ({ } vma, { } file) ? $"{ObjectName(file)} (page {vma.FilePageOf(access.Page)})" : "its file";

    // The shared anonymous memory object the access's region maps, or null.
    internal BackingFile? SharedMemory(in AccessEvent access) =>
        MappedObject(access).Object is { IsShmem: true } memory ? memory : null;

    // The access's region and the file or shared memory object it maps; no object for anonymous memory.
    private (Vma? Region, BackingFile? Object) MappedObject(in AccessEvent access)
    {
        var vma = access.Region;
        return vma is { Backing.IsAnonymous: false } ? (vma, _machine.Kernel.Files[vma.Backing.FileId]) : (vma, null);
    }

    // The frame the page was brought into: the source of the private copy when one was made.
    internal static FrameNumber BroughtInto(in AccessEvent access) => access.SourceFrame.IsValid ? access.SourceFrame : access.Frame;

    // The private copy a write took of the page the fault had just found or brought in, and how
    // the kernel found the frame for it.
    private void AppendPrivateCopy(StringBuilder text, in AccessEvent access, in Reclaim reclaim, string why)
    {
        if (access.SourceFrame.IsValid)
        {
            text.Append($" {why}, so the kernel {MadeRoom(reclaim, "a frame for the copy")}copied {reclaim.It} into frame {access.Frame} for this process alone (copy-on-write).");
        }
    }

    // A write to a swapped page that had been shared copy-on-write with a process the OOM killer
    // killed for this fault: the kill dropped that process's hold on the slot, so the writer held it
    // alone, and the page was mapped writable without a copy (FaultHandler.DoSwapPage).
    private void AppendSharerKilled(StringBuilder text, in AccessEvent access, IReadOnlyList<OomKillEvent> kills)
    {
        if (access.Kind != AccessKind.Write || (access.Result & FaultResult.Cow) != 0 || !access.Slot.IsValid)
        {
            return;
        }

        var slot = access.Slot;
        var sharers = kills.Where(k => k.KeptSlots.Contains(slot)).Select(k => Name(k.Pid)).ToList();
        if (sharers.Count > 0)
        {
            var who = Name(access.Pid);
            text.Append($" The page had been shared copy-on-write with {JoinWords(sharers)}, whose entry held swap slot {slot} too; with {JoinWords(sharers)} killed, {who} held the slot alone, so the kernel mapped the page writable for the write, without a copy.");
        }
    }

    // The frame a copy-on-write fault copied from, when the OOM killer killed its other sharers
    // for the copy's frame: once the writer's entry moved to the copy, nobody mapped it and it was freed.
    private void AppendSourceFreed(StringBuilder text, in AccessEvent access, IReadOnlyList<OomKillEvent> kills)
    {
        var source = access.SourceFrame;
        var sharers = kills.Where(k => k.KeptFrames.Contains(source)).Select(k => Name(k.Pid)).ToList();
        if (sharers.Count > 0 && _machine.Kernel.Frames[source].Use == FrameUse.Free)
        {
            text.Append($" With {JoinWords(sharers)} killed, nobody mapped frame {source} any more, and it was freed.");
        }
    }

    // "frame 3", "frames 0, 1 and 2", "frames 0-7 and 9": runs of four or more as a range.
    private static string NumberedText(string noun, IEnumerable<int> numbers)
    {
        var sorted = numbers.Order().ToList();
        return $"{Plural.Noun(sorted.Count, noun)} {JoinWords(RunPieces(sorted))}";
    }

    // The numbers in their order, each run of four or more that follow one another as "a-b".
    private static List<string> RunPieces(IReadOnlyList<int> numbers)
    {
        var runs = new List<(int First, int Last)>();
        foreach (var number in numbers)
        {
            if (runs.Count > 0 && runs[^1].Last + 1 == number)
            {
                runs[^1] = (runs[^1].First, number);
            }
            else
            {
                runs.Add((number, number));
            }
        }

        return [.. runs.SelectMany(r => r.Last - r.First >= 3
            ? [string.Create(CultureInfo.InvariantCulture, $"{r.First}-{r.Last}")]
            : Enumerable.Range(r.First, r.Last - r.First + 1).Select(n => n.ToString(CultureInfo.InvariantCulture)))];
    }

    // The other processes that shared the frame a copy-on-write fault copied from: those that
    // still map it, and those the OOM killer killed for the copy's frame.
    internal string SharersText(FrameNumber frame, int except, IReadOnlyList<OomKillEvent> kills)
    {
        if (!frame.IsValid)
        {
            return string.Empty;
        }

        var others = _machine.Kernel.ReverseMap.MappingsOf(frame).Select(m => m.Asid)
            .Concat(kills.Where(k => k.KeptFrames.Contains(frame)).Select(k => k.Pid))
            .Where(a => a != except).Distinct().Select(Name).ToArray();
        return others.Length == 0 ? string.Empty : $" with {string.Join(", ", others)}";
    }
}
