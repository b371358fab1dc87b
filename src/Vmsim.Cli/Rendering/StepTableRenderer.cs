using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Core;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Storage;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The <c>--steps</c> output: for a reference string, the table of the OSTEP simulators
/// (reference, hit or fault, evicted page, frames after) with the policy's state after each
/// reference, as the textbook figures draw it; for a scenario, one row per
/// event with the narrator's explanation. Also the same steps as JSON.
/// </summary>
internal static class StepTableRenderer
{
    /// <summary>
    /// Writes the reference-string step table; with <paramref name="tlb"/>, a column of each
    /// reference's TLB lookup; when the steps keep the policy's state, a column of it and,
    /// under the table, what its marks mean.
    /// </summary>
    public static void RenderReferences(IAnsiConsole console, IReadOnlyList<ReferenceStep> steps, string policy, bool tlb = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(steps);
        var width = PageWidth(steps);
        const int resultColumn = 2;
        string[] titles = ["#", "Ref", "Result", .. tlb ? ["TLB"] : Array.Empty<string>(), "Evicted", "Frames after"];
        const string policyTitle = "Policy";
        const string workingSetTitle = "Working set";
        var table = new Table { Border = TableBorder.Rounded };
        for (var c = 0; c < titles.Length; c++)
        {
            // The step number and the page referenced are numbers, aligned on their last digit.
            table.AddColumn(c < 2 ? new TableColumn(titles[c]).RightAligned() : new TableColumn(titles[c]));
        }

        var policyStates = steps.Count > 0 && steps[0].Policy is not null;
        if (policyStates)
        {
            table.AddColumn(policyTitle);
        }

        var workingSets = steps.Count > 0 && steps[0].WorkingSet is not null;
        if (workingSets)
        {
            table.AddColumn(workingSetTitle);
        }

        var rows = steps.Select(step => new
        {
            Step = step,
            Cells = (string[])
            [
                step.Number.ToString(CultureInfo.InvariantCulture),
                step.Reference.ToString(),
                ResultText(step.Fault),
                .. tlb ? [step.TlbHit ? "hit" : "miss"] : Array.Empty<string>(),
                string.Join(", ", step.Evicted.Select(EvictedText)),
                FramesText(step.FramesAfter, width),
            ],
            WorkingSet = workingSets ? WorkingSetText(step.WorkingSet ?? []) : null,
            PolicyText = step.Policy?.Text(),
        }).ToList();
        var states = steps.Select(s => s.Policy).OfType<PolicyState>().ToList();

        // A state too wide for what the other columns leave would wrap wherever a space
        // falls, cutting a list (or its name) in two: give each list a line instead.
        var listPerLine = false;
        if (policyStates)
        {
            var columns = titles.Length + 1 + (workingSets ? 1 : 0);
            var content = console.Profile.Width - (2 * columns) - (columns + 1);
            var widest = Enumerable.Range(0, titles.Length).Select(c => rows.Max(r => r.Cells[c].Length)).ToList();
            var others = Enumerable.Range(0, titles.Length).Sum(c => Math.Max(titles[c].Length, widest[c]));
            var workingSetWidth = workingSets ? Math.Max(workingSetTitle.Length, rows.Max(r => r.WorkingSet!.Length)) : 0;
            var room = content - others - workingSetWidth;
            listPerLine = rows.Any(r => r.PolicyText?.Length > room);

            // The table narrows its widest columns alike, the policy's and the working set's
            // together, which can leave the policy's narrower than a list's name. Then the other
            // columns are held to their widest cell or title word (a title may wrap between
            // words), and the working-set column gets what the longest name leaves, when that
            // holds its title's longest word.
            var longestName = states.SelectMany(state => state.View.Order).Select(n => n.List?.Length + 1 ?? 0).DefaultIfEmpty(0).Max();
            var widths = Enumerable.Range(0, titles.Length).Select(c => Math.Max(LongestWord(titles[c]), widest[c])).ToList();
            if (listPerLine && workingSets && content - widths.Sum() - Math.Max(longestName, room) is var left
                && left >= LongestWord(workingSetTitle) && left < workingSetWidth)
            {
                for (var c = 0; c < widths.Count; c++)
                {
                    table.Columns[c].Width = widths[c];
                }

                table.Columns[^1].Width = left;
            }
        }

        foreach (var row in rows)
        {
            var step = row.Step;
            var cells = row.Cells.Select((cell, c) => c == resultColumn ? new Text(cell, step.Fault == FaultKind.None ? Styles.Hit : Styles.Fault) : new Text(cell)).ToList();
            if (policyStates)
            {
                cells.Add(new Text(listPerLine && step.Policy is { } state ? state.Lines() : row.PolicyText ?? string.Empty));
            }

            if (row.WorkingSet is { } workingSet)
            {
                cells.Add(new Text(workingSet));
            }

            table.AddRow(cells);
        }

        console.Write(table);
        if (tlb)
        {
            console.WriteLabelled("TLB column: ", "hit when the TLB held the page's translation; miss when the MMU walked the page table for it (a fault's reference misses, and so does its retry after the fault, which fills the TLB).");
        }

        if (policyStates)
        {
            console.WriteLabelled("Policy: ", PolicyState.Legend(policy, states));
        }
    }

    private static int LongestWord(string title) => title.Split(' ').Max(w => w.Length);

    /// <summary>
    /// A reference's result: <c>hit</c>, <c>fault</c>, or the fault's kind when it is not the
    /// read from the backing store that every fault of a reference string is (a table of 80
    /// columns has no room to say it twenty times).
    /// </summary>
    public static string ResultText(FaultKind fault) => fault switch
    {
        FaultKind.None => "hit",
        FaultKind.FileRead => "fault",
        _ => $"fault ({Words.Fault(fault)})",
    };

    /// <summary>
    /// The frames' contents in frame order, such as <c>[7 0 1]</c>; a free frame is a
    /// dot, and every entry is padded to <paramref name="width"/> so that columns line up.
    /// </summary>
    public static string FramesText(IReadOnlyList<ulong?> frames, int width = 1)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return "[" + string.Join(' ', frames.Select(f => (f?.ToString(CultureInfo.InvariantCulture) ?? ".").PadLeft(width))) + "]";
    }

    /// <summary>A working set as the textbooks write it, with its size: <c>{1, 2, 5, 6, 7} (5)</c>.</summary>
    public static string WorkingSetText(IReadOnlyList<PageNumber> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return "{" + string.Join(", ", pages.Select(p => p.Value.ToString(CultureInfo.InvariantCulture))) + $"}} ({pages.Count})";
    }

    /// <summary>A reference-string step in words; <paramref name="tickInterval"/> is the accesses between the policy's ticks.</summary>
    public static string Explain(ReferenceStep step, string policy, int tickInterval)
    {
        ArgumentNullException.ThrowIfNull(step);
        var page = step.Reference.Page.ToString(CultureInfo.InvariantCulture);
        var what = $"{Sentence.Capitalised(Words.Access(step.Reference.Kind))} of page {page}";
        var victims = step.Evicted.Where(e => !e.LeftWorkingSet).ToList();
        var departed = step.Evicted.Where(e => e.LeftWorkingSet).ToList();
        var clears = step.BitClears ?? [];
        var naming = new BitClearNaming(policy, (cleared, _) => SparedPagesText([.. cleared.Select(c => c.Page.Page.Value)]), _ => null, _ => string.Empty, tickInterval);
        bool Taken(BitClear c) => victims.Any(v => Cleared(c, v));

        // A fault that took a victim tells the pages its search deactivated, the victim among
        // them, with how it found it: a reference string's fault searches once, and its step
        // log hears of no OOM kill.
        var victimTold = step.Fault != FaultKind.None && step.Frame >= 0 && victims.Count > 0;
        bool ToldWithVictim(BitClear c) => c.ToldWithVictim(1, victimTold, []);
        var deactivated = clears.Where(ToldWithVictim).ToList();
        var after = BitClearWords.SearchClears(clears, Taken, naming, toldWithVictim: ToldWithVictim) + BitClearWords.AfterLoadClears(clears, naming)
            + (departed.Count == 0 ? string.Empty : $" Then the {policy} policy evicted {EvictedPagesText(departed)}, which had left the working set.")
            + BitClearWords.TickClears(clears, naming);
        if (step.Fault == FaultKind.None)
        {
            return $"{what}: in frame {step.Frame}, a hit.{after}";
        }

        if (step.Frame < 0)
        {
            return $"{what}: a page fault that could not be resolved ({Words.Fault(step.Fault)}).{after}";
        }

        var spared = step.SecondChances is { Count: > 0 } pages
            ? $"gave {SparedPagesText(pages)} a second chance ({(pages.Count == 1 ? "its reference bit" : "their reference bits")} found set and cleared) and "
            : string.Empty;
        var room = victims.Count == 0
            ? $"frame {step.Frame} was free"
            : $"the {policy} policy {BitClearWords.SearchDeactivations(deactivated, naming)}{spared}evicted {EvictedPagesText(victims, v => deactivated.Any(c => Cleared(c, v)))}{(step.VictimBitCleared ? StepNarrator.VictimBitClearedText : string.Empty)}";
        return $"{what}: not in memory, a page fault ({Words.Fault(step.Fault)}); {room}, and page {page} was loaded into frame {step.Frame}.{after}";
    }

    // True when the clear was of the evicted page's bits: a reference string's one process names a page by its number alone.
    private static bool Cleared(BitClear clear, (ulong Page, bool Dirty, bool LeftWorkingSet) evicted) => clear.Page.Page.Value == evicted.Page;

    // The pages a sweep spared, in the order it cleared their bits: "page 0", "pages 0, 1 and 2".
    private static string SparedPagesText(IReadOnlyList<ulong> pages) =>
        $"{Vmsim.Core.Plural.Noun(pages.Count, "page")} {StepNarrator.JoinWords(pages.Select(p => p.ToString(CultureInfo.InvariantCulture)))}";

    // An evicted page in the step table: "3", "3 (dirty, written back)", "3 (left the working set)".
    private static string EvictedText((ulong Page, bool Dirty, bool LeftWorkingSet) e) => (e.LeftWorkingSet, e.Dirty) switch
    {
        (false, false) => e.Page.ToString(CultureInfo.InvariantCulture),
        (false, true) => $"{e.Page} (dirty, written back)",
        (true, false) => $"{e.Page} (left the working set)",
        (true, true) => $"{e.Page} (left the working set; dirty, written back)",
    };

    // Evicted pages in a sentence, each with what became of its contents; whether they left
    // the working set the sentence says itself; a victim its search had just deactivated
    // (justDeactivated) says that too.
    private static string EvictedPagesText(IEnumerable<(ulong Page, bool Dirty, bool LeftWorkingSet)> pages, Func<(ulong Page, bool Dirty, bool LeftWorkingSet), bool>? justDeactivated = null) =>
        StepNarrator.JoinEvictions(pages.Select(e => $"page {e.Page} {(e.Dirty ? "(dirty, so written back first)" : "(clean, dropped)")}{(justDeactivated?.Invoke(e) == true ? BitClearWords.JustDeactivated : string.Empty)}"));

    /// <summary>The reference-string steps as JSON; <paramref name="tlb"/> is false when the machine has no TLB (each <c>tlbHit</c> null).</summary>
    public static JsonArray ReferencesJson(IReadOnlyList<ReferenceStep> steps, string policy, int tickInterval, bool tlb = true)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return new JsonArray([.. steps.Select(step => (JsonNode)ReferenceJson(step, policy, tickInterval, tlb))]);
    }

    private static JsonObject ReferenceJson(ReferenceStep step, string policy, int tickInterval, bool tlb)
    {
        var json = new JsonObject
        {
            ["step"] = step.Number,
            ["reference"] = step.Reference.ToString(),
            ["page"] = step.Reference.Page,
            ["access"] = Words.Access(step.Reference.Kind),
            ["tlbHit"] = tlb ? step.TlbHit : null,
            ["result"] = step.Fault == FaultKind.None ? "hit" : "fault",
            ["fault"] = step.Fault == FaultKind.None ? null : Words.FaultId(step.Fault),
            ["frame"] = step.Frame < 0 ? null : step.Frame,
            ["evicted"] = new JsonArray([.. step.Evicted.Select(e => (JsonNode)new JsonObject { ["page"] = e.Page, ["dirty"] = e.Dirty, ["writtenBack"] = e.Dirty, ["leftWorkingSet"] = e.LeftWorkingSet })]),
            ["secondChances"] = new JsonArray([.. (step.SecondChances ?? []).Select(p => (JsonNode)p)]),
            ["victimBitCleared"] = step.VictimBitCleared,
            ["bitClears"] = new JsonArray([.. (step.BitClears ?? []).Select(c => (JsonNode)new JsonObject { ["page"] = c.Page.Page.Value, ["kind"] = c.KindName, ["bitSet"] = c.BitSet, ["tlbDropped"] = c.TlbDropped.Count })]),
            ["framesAfter"] = new JsonArray([.. step.FramesAfter.Select(f => f is { } p ? JsonValue.Create(p) : null)]),
            ["explanation"] = Explain(step, policy, tickInterval),
        };
        if (step.WorkingSet is { } set)
        {
            json["workingSet"] = new JsonArray([.. set.Select(p => (JsonNode)p.Value)]);
        }

        if (step.Policy is { } state)
        {
            json["policy"] = state.Json();
        }

        return json;
    }

    /// <summary>
    /// Writes a scenario's step table: one row per event, with its explanation. With
    /// <paramref name="numberAccesses"/> (a trace's replay, whose every access is one of the
    /// trace), each access's Event cell starts with its number in the trace, as the access log
    /// numbers it; # counts every event, the processes' spawns, maps and switches too. With
    /// <paramref name="policy"/>, a Policy column: the k-th access's cell is its k-th text.
    /// </summary>
    public static void RenderScenario(IAnsiConsole console, IReadOnlyList<RecordedStep> steps, bool numberAccesses = false, IReadOnlyList<string>? policy = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(steps);
        var table = new Table { Border = TableBorder.Rounded }
            .ShowRowSeparators()
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn(new TableColumn("Event").NoWrap())
            .AddColumn("What happened");
        if (policy is not null)
        {
            table.AddColumn("Policy");
        }

        var accesses = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            accesses += step.Access is null ? 0 : 1;
            var number = numberAccesses && step.Access is not null ? accesses : 0;
            table.AddRow([
                new Text((step.Index + 1).ToString(CultureInfo.InvariantCulture)),
                EventCell(step, number),
                new Text(IsFault(step) && step.FaultPath is { } path ? $"{step.Explanation}\n\n{FaultPathRenderer.CellText(path)}" : step.Explanation),
                .. policy is null ? Array.Empty<Text>() : [new Text(step.Access is null ? string.Empty : policy[accesses - 1])]]);

            // Accesses not made because their process had ended come in runs (the rest of a
            // touch): one row for the first, one for the others.
            var last = i;
            while (last + 1 < steps.Count && SkippedAccessRun.Continues(steps[last].Operation, steps[last + 1].Operation))
            {
                last++;
            }

            if (last > i)
            {
                var more = last - i;
                table.AddRow(
                    new Text(more == 1 ? $"{steps[last].Index + 1}" : $"{steps[i + 1].Index + 1}-{steps[last].Index + 1}"),
                    new Text("skipped"),
                    new Text($"… {SkippedAccessRun.MoreNotMade(more, Pid(step))}."));
                i = last;
            }
        }

        console.Write(table);
    }

    private static string Pid(RecordedStep step) => step.Operation!.ProcessLabel;

    /// <summary>True for an access that faulted (the steps whose fault path the table and the narration show).</summary>
    public static bool IsFault(RecordedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Access is { } a && a.Fault != FaultKind.None;
    }

    /// <summary>
    /// A scenario's steps as JSON; <paramref name="origins"/> gives each step's scenario step
    /// (null for the initial spawns), <paramref name="files"/> names the files of evicted pages.
    /// </summary>
    public static JsonArray ScenarioJson(IReadOnlyList<RecordedStep> steps, IReadOnlyList<ScenarioStep?> origins, FileSystem files)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentNullException.ThrowIfNull(files);
        var array = new JsonArray();
        foreach (var step in steps)
        {
            var json = new JsonObject
            {
                ["step"] = step.Index + 1,
                ["line"] = step.Index < origins.Count && origins[step.Index] is { } origin ? origin.Line : null,
            };
            if (step.Access is { } a)
            {
                json["type"] = "access";
                json["pid"] = a.Pid;
                json["address"] = a.Address.ToString();
                json["page"] = a.Page.Value;
                json["access"] = Words.Access(a.Kind);
                json["tlbHit"] = a.TlbHit;
                if (step.TlbMiss is { } miss)
                {
                    json["tlbMiss"] = new JsonObject { ["cause"] = TlbMissText.Name(miss.Cause), ["step"] = miss.Cause == TlbMissCause.FirstUse ? null : miss.Step };
                }
                json["result"] = Words.FaultId(a.Fault);
                json["frame"] = a.Frame.IsValid ? a.Frame.Value : null;
                json["sourceFrame"] = a.SourceFrame.IsValid ? a.SourceFrame.Value : null;
                json["swapSlot"] = a.Slot.IsValid ? a.Slot.Value : null;
                if (step.Demand is { } demand)
                {
                    json["workingSetSize"] = step.WorkingSet;
                    json["demand"] = demand;
                }

                if (step.FaultPath is { } path)
                {
                    json["faultPath"] = FaultPathRenderer.Json(path);
                }
            }
            else if (step.Operation is { } op)
            {
                json["type"] = "operation";
                json["pid"] = op.Pid;
                json["operation"] = op.Operation;
                if (op.NeverCreated is { } name)
                {
                    json["neverCreated"] = name;
                }
            }

            json["evictions"] = new JsonArray([.. step.Evictions.Select(e => (JsonNode)new JsonObject
            {
                ["frame"] = e.Frame.Value,
                ["pid"] = e.Owner,
                ["page"] = e.Page.Value,
                ["kind"] = e.Use switch { FrameUse.File => "file", FrameUse.Shmem => "shared anonymous", _ => "anonymous" },
                ["file"] = e.FileId >= 0 ? files[e.FileId].Name : null,
                ["filePage"] = e.FileId >= 0 ? e.FilePage : null,
                ["dirty"] = e.Dirty,
                ["swapSlot"] = e.Slot.IsValid ? e.Slot.Value : null,
                ["leftWorkingSet"] = e.Departure,
                ["cause"] = e.Cause switch
                {
                    EvictionCause.AtQuota => "at-quota",
                    EvictionCause.OverQuota => "over-quota",
                    EvictionCause.OwnPage => "own-page",
                    EvictionCause.Departure => "departure",
                    EvictionCause.MemoryFull => "memory-full",
                    _ => throw new InvalidOperationException($"eviction cause {e.Cause} has no name in JSON"),
                },
                ["quota"] = e.Quota > 0 ? e.Quota : null,
                ["unmapped"] = MappedPagesJson(e.Unmapped),
                ["tlbDropped"] = MappedPagesJson(e.TlbDropped),
                ["passedOver"] = PassedOverJson(e.PassedOver),
                ["secondChances"] = new JsonArray([.. e.SecondChances.Select(s => (JsonNode)new JsonObject
                {
                    ["frame"] = s.Frame.Value,
                    ["tlbDropped"] = MappedPagesJson(s.TlbDropped),
                })]),
                ["victimBitCleared"] = e.VictimBitCleared,
                ["victimTlbDropped"] = MappedPagesJson(e.VictimTlbDropped),
            })]);
            json["bitClears"] = new JsonArray([.. step.BitClears.Select(c => (JsonNode)new JsonObject
            {
                ["frame"] = c.Frame.Value,
                ["pid"] = c.Page.Pid,
                ["page"] = c.Page.Page.Value,
                ["kind"] = c.KindName,
                ["bitSet"] = c.BitSet,
                ["search"] = c.SearchIn(step.Evictions, step.OomKills),
                ["tlbDropped"] = MappedPagesJson(c.TlbDropped),
            })]);
            json["oomKills"] = new JsonArray([.. step.OomKills.Select(k => (JsonNode)new JsonObject
            {
                ["pid"] = k.Pid,
                ["residentPages"] = k.ResidentPages,
                ["freedFrames"] = new JsonArray([.. k.FreedFrames.Select(f => (JsonNode)f.Value)]),
                ["freedSwapSlots"] = new JsonArray([.. k.FreedSlots.Select(s => (JsonNode)s.Value)]),
                ["passedOver"] = PassedOverJson(k.PassedOver),
            })]);
            json["explanation"] = step.Explanation;
            array.Add(json);
        }

        return array;
    }

    // Pages of processes (page-table entries cleared, TLB entries dropped), each pid and page.
    private static JsonArray MappedPagesJson(IReadOnlyList<MappedPage> pages) =>
        new([.. pages.Select(m => (JsonNode)new JsonObject { ["pid"] = m.Pid, ["page"] = m.Page.Value })]);

    // The frames a policy asked about and reclaim could not take, each with why.
    private static JsonArray PassedOverJson(IReadOnlyList<PassedOverFrame> passed) =>
        new([.. passed.Select(p => (JsonNode)new JsonObject
        {
            ["frame"] = p.Frame.Value,
            ["reason"] = p.Reason switch
            {
                PassOverReason.DirtyNoSwap => "dirty-no-swap",
                PassOverReason.Pinned => "pinned",
                PassOverReason.OtherProcess => "other-process",
                PassOverReason.NotOverQuota => "not-over-quota",
                _ => throw new InvalidOperationException($"pass-over reason {p.Reason} has no name in JSON"),
            },
        })]);

    /// <summary>A short label of a step: "P1 write 0x10000000 / zero-fill", "fork P1".</summary>
    public static string EventLabel(RecordedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Access is { } a)
        {
            return $"P{a.Pid} {Words.Access(a.Kind)} {a.Address}: {Words.Fault(a.Fault)}";
        }

        return step.Operation is { } op ? $"{op.Operation} {op.ProcessLabel}" : string.Empty;
    }

    // The event's cell; an access numbered in its trace (accessNumber above 0) says so first.
    private static Text EventCell(RecordedStep step, long accessNumber = 0)
    {
        if (step.Access is { } a)
        {
            var style = a.Fault switch
            {
                FaultKind.None => Styles.Hit,
                FaultKind.SegvUnmapped or FaultKind.SegvProtection or FaultKind.Oom => Styles.Bad,
                _ => Styles.Fault,
            };
            var numbered = accessNumber > 0 ? $"access {accessNumber.ToString(CultureInfo.InvariantCulture)}\n" : string.Empty;
            return new Text($"{numbered}P{a.Pid} {Words.Access(a.Kind)}\n{a.Address}\n{Words.Fault(a.Fault)}", style);
        }

        return new Text(step.Operation is { } op ? $"{op.Operation}\n{op.ProcessLabel}" : string.Empty);
    }

    private static int PageWidth(IReadOnlyList<ReferenceStep> steps) =>
        steps.SelectMany(s => s.FramesAfter).Select(f => f?.ToString(CultureInfo.InvariantCulture).Length ?? 1).DefaultIfEmpty(1).Max();
}
