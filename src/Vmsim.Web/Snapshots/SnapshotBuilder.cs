using Vmsim.Core;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Web.Sessions;

namespace Vmsim.Web.Snapshots;

/// <summary>
/// Reads a replay's machine right after a step and lays its state out for the page: page
/// tables, frames, TLB, swap, counts, with the step's explanation from Core's narrator.
/// Nothing is computed here that the machine does not hold; large tables are cut at a
/// row limit and say how many rows they left out.
/// </summary>
internal static class SnapshotBuilder
{
    /// <summary>Page-table rows shown per process.</summary>
    public const int MaxPageRows = 256;

    /// <summary>Regions of at most this many pages list their untouched pages too.</summary>
    public const int SmallRegionPages = 64;

    /// <summary>Rows of the frames, TLB and swap tables.</summary>
    public const int MaxRows = 512;

    /// <summary>
    /// The view of <paramref name="step"/>, which <paramref name="replay"/> has just played to its
    /// last event; <paramref name="recorded"/> is what the step's first event did (for a run of
    /// accesses not made, the others did the same: nothing), whose events also tell what it
    /// released if it ended a process or unmapped memory.
    /// </summary>
    public static StepSnapshot Build(Replay replay, int step, StepMap steps, IReadOnlyList<RecordedStep> recorded, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(workload);
        var machine = replay.Machine;
        var planned = replay.EventOf(steps.FirstEvent(step));
        var skipped = recorded.FirstOrDefault(r => r.IsSkippedAccess)?.Operation;
        var notMade = skipped is not null ? steps.EventCount(step) : 0;
        var last = replay.EventOf(steps.LastEvent(step));
        var accessStep = recorded.LastOrDefault(r => r.Access is not null);
        var access = accessStep?.Access;
        var evicted = recorded.SelectMany(r => r.Evictions).Select(e => e.Frame.Value).ToArray();
        var released = ReleasedMemory.Of(recorded);
        var passedOver = PassedOver(recorded, machine);
        var secondChances = SecondChances(recorded);
        var swapHolders = new SortedDictionary<int, List<string>>();
        var dec = workload.PagesInDecimal;
        var processes = machine.Kernel.Processes.Select(p => Process(machine, p, access, swapHolders, workload)).ToArray();
        IReadOnlyList<string> explanation = [.. recorded.Select(r => r.Explanation)];
        if (notMade > 1)
        {
            explanation = [.. explanation, MoreNotMade(notMade - 1, machine.Kernel.FindProcess(skipped!.Pid)?.ToString() ?? skipped.ProcessLabel, last!.Value)];
        }

        return new StepSnapshot(
            step,
            steps.LastStep,
            notMade > 0 ? NotMadeLabel(planned!.Value, last!.Value, notMade, skipped!.NeverCreated is not null) : Label(planned, workload, steps.LastStep),
            planned?.Step.Line ?? 0,
            explanation,
            Event(step, access, recorded, evicted, notMade, dec),
            processes,
            Frames(machine, replay.LastUse, steps, access, evicted, passedOver, dec, released, secondChances),
            Policy(machine),
            Tlb(machine, access, dec),
            Swap(machine, swapHolders, released),
            Counters(machine.Counters),
            workload.Trace is { } trace ? TraceWindow(trace, planned?.Step.Line ?? 0, workload.TraceHasSeveralProcesses) : null,
            WorkingSetsBuilder.Build(machine, recorded, workload.PagesInDecimal),
            released,
            accessStep?.FaultPath is { } path ? FaultStages.Of(path) : null);
    }

    // The frames reclaim's searches passed over in the step (before a victim, or before an OOM
    // kill), each with why, in words; a frame passed over again keeps its first reason.
    private static Dictionary<int, string> PassedOver(IReadOnlyList<RecordedStep> recorded, Machine machine) =>
        FirstNotes(
            recorded.SelectMany(r => r.Evictions.Select(e => e.PassedOver).Concat(r.OomKills.Select(k => k.PassedOver))).SelectMany(p => p),
            p => p.Frame.Value,
            p => PassOverReasonText.Describe(p.Reason, 1, machine.Kernel.Swap.Slots == 0));

    // The frames reclaim's searches gave a second chance in the step (reference bit found set and
    // cleared), each with what that did, in words; the victim is never among them.
    private static Dictionary<int, string> SecondChances(IReadOnlyList<RecordedStep> recorded) =>
        FirstNotes(
            recorded.SelectMany(r => r.Evictions).SelectMany(e => e.SecondChances),
            c => c.Frame.Value,
            c => c.TlbDropped.Count == 0
                ? "given a second chance: its reference bit was found set and cleared"
                : $"given a second chance: its reference bit was found set and cleared, and {TlbEntriesText.Entries(1, c.TlbDropped.Count)} dropped");

    // Each frame's note among items, in words, by frame number: a frame met again keeps its first.
    private static Dictionary<int, string> FirstNotes<T>(IEnumerable<T> items, Func<T, int> frame, Func<T, string> words)
    {
        var notes = new Dictionary<int, string>();
        foreach (var item in items)
        {
            var number = frame(item);
            if (!notes.ContainsKey(number))
            {
                notes[number] = words(item);
            }
        }

        return notes;
    }

    /// <summary>Accesses of a trace listed before the current one in the source panel.</summary>
    public const int TraceLinesBefore = 8;

    /// <summary>Accesses of a trace listed after the current one.</summary>
    public const int TraceLinesAfter = 16;

    // The accesses around the one numbered current (0 before the first), for the source panel.
    private static TraceLine[] TraceWindow(IReadOnlyList<MemoryAccess> trace, int current, bool withPids)
    {
        var first = Math.Max(1, current - TraceLinesBefore);
        var last = Math.Min(trace.Count, Math.Max(current, 1) + TraceLinesAfter);
        return [.. Enumerable.Range(first, last - first + 1).Select(n =>
        {
            var a = trace[n - 1];
            var kind = a.Kind switch { AccessKind.Write => "W", AccessKind.Execute => "X", _ => "R" };
            return new TraceLine(n, $"{kind} 0x{a.Address:x}{(withPids ? $"  pid {a.Pid}" : string.Empty)}");
        })];
    }

    private static string Label(PlannedEvent? planned, Workload workload, int lastStep)
    {
        if (planned is not { } e)
        {
            return workload.IsReferenceString
                ? $"Start: process {ReferenceStringRun.ProcessName} maps the backing store; no page is loaded yet"
                : workload.IsTrace
                    ? "Start: no process yet; each process of the trace starts at its first access"
                    : "Start: the initial processes are created and their regions mapped";
        }

        if (e.IsAccess)
        {
            var verb = e.Kind switch { AccessKind.Write => "writes", AccessKind.Execute => "executes", _ => "reads" };
            if (workload.IsReferenceString)
            {
                var reference = workload.References![e.Step.Line - 1];
                return $"Reference {e.Step.Line} of {lastStep}: {verb[..^1]} page {reference.Page}";
            }

            if (workload.IsTrace)
            {
                // A trace cut at the step limit is longer than what is played: say so in the count.
                var of = workload.TraceIsCut ? $"the first {workload.Trace!.Count:N0}" : $"{workload.Trace!.Count:N0}";
                return $"Access {e.Step.Line:N0} of {of}: {e.Step.Process} {verb} {e.Address}";
            }

            return $"Line {e.Step.Line}: {e.Step.Process} {verb} {e.Address}";
        }

        if (workload.IsTrace && e.Step is SpawnStep started)
        {
            return $"Before access {e.Step.Line:N0}: {started.Process} starts, its backing store mapped over the whole address space";
        }

        var what = e.Step switch
        {
            ForkStep fork => $"{fork.Process} forks {fork.Child}",
            ExitStep exit => $"{exit.Process} exits",
            SwitchStep s => $"the CPU switches to {s.Process}",
            SpawnStep spawn => $"{spawn.Process} is spawned",
            MmapStep mmap => $"{mmap.Process} maps {mmap.Region.Name}",
            MunmapStep munmap => $"{munmap.Process} unmaps {munmap.Target}",
            MprotectStep mprotect => $"{mprotect.Process} changes the protection of {mprotect.Target} to {ProtectionText.Format(mprotect.Protection)}",
            BrkStep brk => $"{brk.Process} moves its break {(brk.DeltaPages < 0 ? "down" : "up")} by {Plural.Count(Math.Abs(brk.DeltaPages), "page")}",
            _ => $"{e.Step.Process}",
        };
        return $"Line {e.Step.Line}: {what}";
    }

    // Only a scenario's processes end early (those of a trace or a reference string run to its
    // end), so a run of accesses not made is always told by its scenario lines.
    private static string NotMadeLabel(PlannedEvent first, PlannedEvent last, int count, bool neverCreated)
    {
        var lines = first.Step.Line == last.Step.Line ? $"Line {first.Step.Line}" : $"Lines {first.Step.Line}–{last.Step.Line}";
        var what = count == 1 ? $"its access to {first.Address} is" : $"its next {count} accesses are";
        return $"{lines}: {first.Step.Process} {(neverCreated ? "was never created" : "has ended")}, so {what} not made";
    }

    // The words for the accesses of a condensed run after its first, whose own explanation is the narrator's.
    private static string MoreNotMade(int more, string process, PlannedEvent last) =>
        $"… and {SkippedAccessRun.MoreNotMade(more, process)}, up to its access to {last.Address}.";

    private static StepEvent Event(int step, AccessEvent? access, IReadOnlyList<RecordedStep> recorded, int[] evicted, int notMade, bool dec)
    {
        if (access is { } a)
        {
            var faultClass = (a.Result & FaultResult.SigSegv) != 0 ? "segv"
                : a.Fault == FaultKind.Oom || (a.Result & FaultResult.Oom) != 0 ? "oom"
                : (a.Result & FaultResult.Major) != 0 ? "major"
                : a.Fault != FaultKind.None ? "minor"
                : "hit";
            return new StepEvent("access", a.Pid, a.Page.Written(dec), a.Kind.ToString().ToLowerInvariant(), a.Fault.ToString(), Words.Fault(a.Fault), faultClass,
                a.Frame.IsValid ? a.Frame.Value : null, a.SourceFrame.IsValid ? a.SourceFrame.Value : null, a.TlbHit, evicted, null);
        }

        var operation = recorded.FirstOrDefault(r => r.Operation is not null)?.Operation;
        var type = step == 0 ? "start" : operation?.Operation == "skipped" ? "skipped" : "operation";
        return new StepEvent(type, operation?.Pid ?? 0, null, null, nameof(FaultKind.None), string.Empty, "none", null, null, false, evicted, step == 0 ? "start" : operation?.Operation, notMade);
    }

    private static ProcessView Process(Machine machine, Process process, AccessEvent? access, SortedDictionary<int, List<string>> swapHolders, Workload workload)
    {
        var dec = workload.PagesInDecimal;
        var mm = process.AddressSpace;
        var rows = new SortedDictionary<ulong, PteView>();
        var current = access is { } a && a.Pid == process.Pid ? a.Page : (PageNumber?)null;
        mm.PageTable.ForEachEntry((page, pte) =>
        {
            var entry = pte.Entry;
            rows[page.Value] = Pte(mm, page, entry, page == current, dec);
            if (entry.IsSwapped)
            {
                AddHolder(swapHolders, entry.Slot.Value, $"P{process.Pid} {page.Written(dec)}");
            }
        });
        // A reference string's backing store maps every page from 0 to the highest it refers to:
        // its untouched rows are the pages the string refers to, not the ones between them.
        // A row for a page with no entry: untouched, or no longer kept.
        PteView None(PageNumber page, string region) =>
            new(page.Written(dec), region, "none", null, null, false, false, false, false, false, false, page == current);
        var untouched = workload.IsReferenceString
            ? workload.ReferencedPages.Where(p => !rows.ContainsKey(p)).Select(p => (Page: p, Area: mm.FindVma(new PageNumber(p)))).Where(r => r.Area is not null)
            : mm.Areas.Where(r => r.Pages <= SmallRegionPages).SelectMany(area => Pages(area).Where(p => !rows.ContainsKey(p)).Select(p => (Page: p, Area: (Vma?)area)));
        foreach (var (p, area) in untouched.ToArray())
        {
            rows[p] = None(new PageNumber(p), area!.Name);
        }

        // A page of the working set that memory could not keep has no entry left, in a region of
        // any size: it is listed all the same, for its WS mark.
        var workingSet = process.IsRunning && machine.WorkingSets?.Of(process.Pid) is { } set ? set.Pages() : [];
        foreach (var page in workingSet.Where(p => !rows.ContainsKey(p.Value)))
        {
            rows[page.Value] = None(page, mm.FindVma(page)?.Name ?? string.Empty);
        }

        var inWorkingSet = workingSet.Select(p => p.Value).ToHashSet();
        if (machine.WorkingSets is not null)
        {
            // Each row says whether its page is in the process's working set (none is once it has ended).
            foreach (var key in rows.Keys.ToArray())
            {
                rows[key] = rows[key] with { InWorkingSet = inWorkingSet.Contains(key) };
            }
        }

        IReadOnlyList<PteView> shown = [.. rows.Values];
        var notShown = 0;
        if (shown.Count > MaxPageRows)
        {
            // Keep the page being accessed and the entries that hold something; drop untouched pages first.
            shown = [.. rows
                .OrderBy(r => r.Value.Current ? 0 : r.Value.State == "none" && !inWorkingSet.Contains(r.Key) ? 2 : 1)
                .ThenBy(r => r.Key)
                .Take(MaxPageRows)
                .OrderBy(r => r.Key)
                .Select(r => r.Value)];
            notShown = rows.Count - MaxPageRows;
        }

        var regions = mm.Areas.Select(r => new RegionView(
            r.Start.Written(dec),
            r.End.Written(dec),
            (long)r.Pages,
            ProtectionText.Format(r.Protection),
            r.Name,
            r.Shared,
            r.Backing.IsAnonymous ? "anonymous" : machine.Kernel.Files[r.Backing.FileId] is { IsShmem: true } memory ? memory.Name : $"file {machine.Kernel.Files[r.Backing.FileId].Name}")).ToArray();
        return new ProcessView(
            process.Pid,
            process.Name,
            process.State.ToString().ToLowerInvariant(),
            process.ParentPid,
            process.EndReason,
            ReferenceEquals(machine.Current, process),
            mm.ResidentPages,
            process.Counters.Accesses,
            process.Counters.Faults,
            regions,
            shown,
            notShown);
    }

    private static IEnumerable<ulong> Pages(Vma area)
    {
        for (var p = area.Start.Value; p < area.End.Value; p++)
        {
            yield return p;
        }
    }

    private static PteView Pte(AddressSpace mm, PageNumber page, Pte entry, bool current, bool dec)
    {
        var flags = entry.Flags;
        return new PteView(
            page.Written(dec),
            mm.FindVma(page)?.Name ?? string.Empty,
            entry.IsPresent ? "present" : entry.IsSwapped ? "swapped" : "none",
            entry.IsPresent ? entry.Frame.Value : null,
            entry.IsSwapped ? entry.Slot.Value : null,
            (flags & PteFlags.Read) != 0,
            (flags & PteFlags.Write) != 0,
            (flags & PteFlags.Execute) != 0,
            (flags & PteFlags.Accessed) != 0,
            (flags & PteFlags.Dirty) != 0,
            (flags & PteFlags.Cow) != 0,
            current);
    }

    private static FramesView Frames(Machine machine, IReadOnlyList<int> lastUse, StepMap steps, AccessEvent? access, int[] evicted, Dictionary<int, string> passedOver, bool dec, ReleasedView? released, Dictionary<int, string> secondChances)
    {
        var kernel = machine.Kernel;
        var frames = kernel.Frames;
        var rows = new List<FrameView>();
        var order = PolicyOrder(kernel.Policy);
        for (var f = 0; f < Math.Min(frames.Count, MaxRows); f++)
        {
            var frame = new FrameNumber(f);
            ref var record = ref frames[frame];
            var marks = new List<string>();
            if (access is { } a && a.Frame == frame)
            {
                marks.Add("used");
            }

            if (access is { } s && s.SourceFrame == frame)
            {
                marks.Add("source");
            }

            if (evicted.Contains(f))
            {
                marks.Add("evicted");
            }

            if (released is not null && released.Frames.Contains(f))
            {
                marks.Add("released");
            }

            var passed = passedOver.GetValueOrDefault(f);
            if (passed is not null)
            {
                marks.Add("passed-over");
            }

            var spared = secondChances.GetValueOrDefault(f);
            if (spared is not null)
            {
                marks.Add("second-chance");
            }

            if (record.Use == FrameUse.Free)
            {
                rows.Add(new FrameView(f, "free", null, null, null, [], false, false, null, null, null, null, null, marks, passed, spared));
                continue;
            }

            var owner = record.Owner >= 0 ? kernel.FindProcess(record.Owner) : null;
            rows.Add(new FrameView(
                f,
                record.Use switch { FrameUse.File => "file", FrameUse.Shmem => "shmem", _ => "anon" },
                record.Owner >= 0 ? record.Owner : null,
                owner?.ToString() ?? (record.Owner >= 0 ? $"P{record.Owner}" : null),
                record.OwnerPage.Written(dec),
                [.. kernel.ReverseMap.MappingsOf(frame).Select(m => $"P{m.Asid} {m.Page.Written(dec)}").Order(StringComparer.Ordinal)],
                kernel.Reclaimer.IsAccessed(frame),
                kernel.Reclaimer.IsDirty(frame),
                record.SwapSlot.IsValid ? record.SwapSlot.Value : null,
                record.Use.IsInPageCache() ? kernel.Files[record.FileId].Name : null,
                record.Use.IsInPageCache() ? record.FilePage : null,
                lastUse[f] >= 0 ? steps.StepOf(lastUse[f]) : null,
                order.GetValueOrDefault(f),
                marks,
                passed,
                spared));
        }

        return new FramesView(frames.Count, frames.FreeCount, rows, Math.Max(0, frames.Count - MaxRows));
    }

    /// <summary>Each frame the policy holds: its place in the eviction order (1 = next candidate) and the policy's note.</summary>
    private static Dictionary<int, string> PolicyOrder(IReplacementPolicy policy)
    {
        var view = policy.Inspect();
        var order = new Dictionary<int, string>(view.Order.Count);
        for (var i = 0; i < view.Order.Count; i++)
        {
            var entry = view.Order[i];
            order[entry.Frame.Value] = entry.Note is null ? $"#{i + 1}" : $"#{i + 1} · {entry.Note}";
        }

        return order;
    }

    private static PolicyView Policy(Machine machine)
    {
        var policy = machine.Kernel.Policy;
        var description = PolicyCatalog.Find(policy.Name)?.Description ?? policy.Name;
        var view = policy.Inspect();
        var summary = view.Summary;
        var column = !view.Ranked
            ? $"The Eviction order column numbers the frames in frame order: {policy.Name} ranks none above another."
            : view.VictimBetween.Count == 2
                ? $"The Eviction order column numbers the frames as the policy would consider them, #1 first, except that the next victim is decided between the first page of {view.VictimBetween[0]} and the first of {view.VictimBetween[1]}."
                : "The Eviction order column numbers the frames as the policy would consider them, #1 first.";
        return new PolicyView(policy.Name, description, "Eviction order", $"{Sentence.Capitalised(summary)}. {column}");
    }

    private static TlbView Tlb(Machine machine, AccessEvent? access, bool dec)
    {
        var tlb = machine.Tlb;
        var entries = tlb.ValidEntries().ToArray();
        var rows = entries.Take(MaxRows).Select(e => new TlbRow(
            e.Slot,
            tlb.Ways == 0 ? 0 : e.Slot / tlb.Ways,
            e.Asid,
            e.Page.Written(dec),
            e.Frame.Value,
            ProtectionText.Format((Protection)(((int)e.Permissions >> 1) & 7)),
            access is { } a && a.Pid == e.Asid && a.Page == e.Page)).ToArray();
        return new TlbView(tlb.Entries, tlb.Ways, machine.Config.TlbAsidTagged, rows, entries.Length - rows.Length);
    }

    // Notes that `holder` (a process's page, or a page of shared memory) holds swap slot `slot`.
    private static void AddHolder(SortedDictionary<int, List<string>> holders, int slot, string holder)
    {
        if (!holders.TryGetValue(slot, out var list))
        {
            list = [];
            holders[slot] = list;
        }

        list.Add(holder);
    }

    private static SwapView Swap(Machine machine, SortedDictionary<int, List<string>> holders, ReleasedView? released)
    {
        var kernel = machine.Kernel;
        var swap = kernel.Swap;
        foreach (var memory in kernel.Files.Files.Where(f => f.IsShmem))
        {
            // A swapped page of shared anonymous memory: its object holds the slot.
            foreach (var (index, slot) in memory.SwappedPages)
            {
                AddHolder(holders, slot.Value, $"{memory.Name} p{index}");
            }
        }

        var slots = new SortedSet<int>(holders.Keys);
        slots.UnionWith(released?.Slots ?? []);
        for (var f = 0; f < kernel.Frames.Count; f++)
        {
            ref var record = ref kernel.Frames[new FrameNumber(f)];
            if (record.Use != FrameUse.Free && record.SwapSlot.IsValid)
            {
                slots.Add(record.SwapSlot.Value);
            }
        }

        var rows = slots.Take(MaxRows).Select(s =>
        {
            var slot = new SwapSlot(s);
            var cached = swap.CachedFrame(slot);
            return new SwapRow(s, swap.ReferencesOf(slot), cached.IsValid ? cached.Value : null, holders.TryGetValue(s, out var h) ? h : [],
                released is not null && released.Slots.Contains(s));
        }).ToArray();
        return new SwapView(swap.Slots, swap.UsedSlots, rows, slots.Count - rows.Length);
    }

    private static CounterRow[] Counters(Counters c) =>
    [
        new("accesses", "Accesses", c.Accesses, "access"),
        new("hits", "Hits (no fault)", c.Hits, "access"),
        new("faults", "Page faults", c.Faults, "access"),
        new("faultRate", "Fault rate", Math.Round(c.FaultRate, 4), "access"),
        new("minor", "Minor faults", c.MinorFaults, "fault"),
        new("major", "Major faults", c.MajorFaults, "fault"),
        new("zeroFill", Words.Fault(FaultKind.ZeroFill), c.ZeroFill, "kind"),
        new("fileRead", Words.Fault(FaultKind.FileRead), c.FileRead, "kind"),
        new("pageCache", Words.Fault(FaultKind.PageCache), c.PageCache, "kind"),
        new("swapIn", Words.Fault(FaultKind.SwapIn), c.SwapInFaults, "kind"),
        new("swapCache", Words.Fault(FaultKind.SwapCache), c.SwapCache, "kind"),
        new("cowCopy", Words.Fault(FaultKind.CowCopy), c.CowCopy, "kind"),
        new("cowReuse", Words.Fault(FaultKind.CowReuse), c.CowReuse, "kind"),
        new("cowWithinLoad", "COW breaks within a load", c.CowWithinLoad, "kind"),
        new("segvUnmapped", Words.Fault(FaultKind.SegvUnmapped), c.SegvUnmapped, "kind"),
        new("segvProtection", Words.Fault(FaultKind.SegvProtection), c.SegvProtection, "kind"),
        new("oomKills", "OOM kills", c.OomKills, "kind"),
        new("evictions", "Evictions", c.Evictions, "memory"),
        new("writebacks", "Write-backs", c.Writebacks, "memory"),
        new("swapOuts", "Pages written to swap", c.SwapOuts, "memory"),
        new("swapIns", "Pages read from swap", c.SwapIns, "memory"),
        new("contextSwitches", "Context switches", c.ContextSwitches, "memory"),
        new("tlbHits", "TLB hits", c.TlbHits, "tlb"),
        new("tlbMisses", "TLB misses", c.TlbMisses, "tlb"),
    ];
}
