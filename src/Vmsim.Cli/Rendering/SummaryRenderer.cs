using Spectre.Console;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The summary every run ends with, as tables: the machine, the faults by kind, what
/// memory and the TLB did and what it cost, and each process with how it ended.
/// </summary>
internal static class SummaryRenderer
{
    /// <summary>
    /// Writes the summary of <paramref name="machine"/>'s run to <paramref name="console"/>; with
    /// <paramref name="end"/>, the processes still running at the end are shown as having ended so.
    /// </summary>
    public static void Render(IAnsiConsole console, Machine machine, ProcessEnd? end = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(machine);
        var c = machine.Counters;
        foreach (var (label, text) in Words.Machine(machine.Config))
        {
            console.WriteLabelled(label, text);
        }

        console.WriteLabelled("Accesses: ",
            $"{Words.Number(c.Accesses)}, hits {Words.Number(c.Hits)}{Share(c.Hits, c.Accesses)}, page faults {Words.Number(c.Faults)}{FaultShare(c)}");
        console.Write(new Columns(FaultTable(c), ActivityTable(c)) { Expand = false });
        if (c.CowWithinLoad > 0)
        {
            var breaks = Words.Count(c.CowWithinLoad, "copy-on-write break");
            console.Write(new Paragraph(
                $"{breaks} came within a fault that also brought the page in (a write to a private page that was not present): " +
                $"counted under COW and under the kind that brought the page, so the kinds add up to {Words.Number(c.CowWithinLoad)} more than the total."));
            console.WriteLine();
        }

        WriteTlbNotes(console, c, machine.Kernel.Policy.Name);
        if (c.Cost is { } cost && c.Accesses > 0)
        {
            console.WriteLabelled("Effective access: ", EffectiveAccessText(c, cost));
        }

        WriteTextbookAccessTime(console, TextbookAccessTime.Of(machine));
        console.Write(ProcessTable(machine.Kernel.Processes, end));
        if (end is not null || machine.Kernel.Processes.Any(p => !p.IsRunning))
        {
            console.WriteLabelled("Page tables: ", EndedPageTablesNote);
        }

        WriteWorkingSets(console, machine);
    }

    /// <summary>
    /// Writes the textbook's summary of a reference-string run: the frames and the policy that ran, references, page faults and
    /// hits with their ratios, evictions (and write-backs, when a reference wrote); with
    /// <paramref name="tlb"/>, what the TLB did and the textbook's effective access time; the
    /// working sets when they were measured. The machine's full summary is <see cref="Render"/>'s.
    /// </summary>
    public static void RenderTextbook(IAnsiConsole console, Machine machine, bool tlb)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(machine);
        var c = machine.Counters;

        // What ran, as resolved: an alias (secondchance) names the policy it stands for.
        console.WriteLabelled("Machine: ", $"{Words.Count(machine.Kernel.Frames.Count, "frame")}, {machine.Kernel.Policy.Name} policy");
        console.WriteLabelled("References: ", Words.Number(c.Accesses));
        console.WriteLabelled("Page faults: ", $"{Words.Number(c.Faults)}{Ratio("fault", c.Faults, c.Accesses)}");
        console.WriteLabelled("Hits: ", $"{Words.Number(c.Hits)}{Ratio("hit", c.Hits, c.Accesses)}");
        console.WriteLabelled("Evictions: ", Words.Number(c.Evictions));
        if (c.Writebacks > 0)
        {
            console.WriteLabelled("Write-backs: ", $"{Words.Number(c.Writebacks)} (dirty pages written back when evicted)");
        }

        if (tlb && TextbookAccessTime.Of(machine) is { } textbook)
        {
            var lookups = c.TlbHits + c.TlbMisses;
            var firstMisses = c.Accesses - c.TlbHits;
            console.WriteLabelled("TLB: ",
                $"{Words.Count(c.TlbHits, "hit")} and {Words.Count(firstMisses, "miss")} in {Words.Count(c.Accesses, "reference")}{Ratio("hit", c.TlbHits, c.Accesses)}" +
                (lookups > c.Accesses
                    ? $"; counted per lookup, as the full summary counts them, {Words.Count(c.TlbMisses, "miss")} in {Words.Count(lookups, "lookup")}, each fault's access being retried and looked up again."
                    : "."));
            WriteTlbDropped(console, c, machine.Kernel.Policy.Name);
            WriteTextbookAccessTime(console, textbook);
        }

        WriteWorkingSets(console, machine);
    }

    // " (fault ratio 15 / 20 = 75.0%)" after a count, or nothing without references.
    private static string Ratio(string what, long part, long whole) =>
        whole == 0 ? string.Empty : $" ({what} ratio {Words.Number(part)} / {Words.Number(whole)} = {Words.Percent(part, whole)})";

    // The textbook's effective access time with a TLB, when the machine has one (textbook not null).
    private static void WriteTextbookAccessTime(IAnsiConsole console, TextbookAccessTime? textbook)
    {
        if (textbook is not null)
        {
            console.WriteLabelled("TLB-only effective access (textbook, all pages resident): ", textbook.Text());
        }
    }

    private static void WriteWorkingSets(IAnsiConsole console, Machine machine)
    {
        if (machine.WorkingSets is { } workingSets)
        {
            console.Write(WorkingSetTable(workingSets));
            console.WriteLabelled(workingSets.ByQuota ? "Quotas: " : workingSets.Processes.Count <= 1 ? "Working set: " : "Demand: ", Words.Demand(workingSets));
        }
    }

    private static string Share(long part, long whole) => whole == 0 ? string.Empty : $" ({Words.Percent(part, whole)})";

    // The faults' share of the accesses and, when some ended in a SIGSEGV or found no frame,
    // how many were served (minor or major, the rows that add up to the rest): read as the
    // page-fault rate p, the total counts faults that served no page.
    private static string FaultShare(Counters c)
    {
        var segv = c.SegvUnmapped + c.SegvProtection;
        if (segv == 0 && c.OomFaults == 0)
        {
            return Share(c.Faults, c.Accesses);
        }

        var share = c.Accesses == 0 ? string.Empty : Words.Percent(c.Faults, c.Accesses);
        var parts = new List<string> { $"{Words.Number(c.MinorFaults + c.MajorFaults)} minor or major" };
        if (segv > 0)
        {
            parts.Add($"{Words.Number(segv)} SIGSEGV");
        }

        if (c.OomFaults > 0)
        {
            parts.Add($"{Words.Number(c.OomFaults)} out of memory");
        }

        return $" ({(share.Length == 0 ? string.Empty : share + ": ")}{string.Join(", ", parts)})";
    }

    // What the TLB figures count, where a reader would add them up otherwise: the retried
    // lookup after each fault, and the entries dropped when a policy cleared a bit.
    private static void WriteTlbNotes(IAnsiConsole console, Counters c, string policy)
    {
        var lookups = c.TlbHits + c.TlbMisses;
        if (lookups > c.Accesses)
        {
            console.WriteLabelled("TLB hit rate: ",
                $"{Words.Number(c.TlbHits)} of {Words.Count(lookups, "lookup")} ({Words.Percent(c.TlbHits, lookups)}) for {Words.Count(c.Accesses, "access")}. {Counters.TlbPerLookupNote}");
        }

        WriteTlbDropped(console, c, policy);
    }

    // Entries dropped when a policy cleared a bit: why TLB hits can be fewer than hits in memory.
    private static void WriteTlbDropped(IAnsiConsole console, Counters c, string policy)
    {
        if (c.TlbDroppedByBitClears > 0 && c.TlbHits < c.Hits)
        {
            console.WriteLabelled("TLB entries dropped: ",
                $"{Words.Number(c.TlbDroppedByBitClears)} when the {policy} policy cleared a page's {ClearedBits(policy)}, which drops the page's TLB entry too " +
                $"(the next access walks the page table to set the bit again): one reason TLB hits ({Words.Number(c.TlbHits)}) are fewer than hits ({Words.Number(c.Hits)}).");
        }
    }

    // The bits a policy clears: only wsclock also cleans pages (their dirty bits).
    private static string ClearedBits(string policy) => policy == "wsclock" ? "reference or dirty bit" : "reference bit";

    // The effective access time and what it is made of: the simulated time per access, the
    // time pricing each counted event by the cost model.
    private static string EffectiveAccessText(Counters c, CostModel cost) =>
        $"simulated time / accesses = {Words.Duration(c.SimulatedNs)} / {Words.Number(c.Accesses)} = {Words.Duration(c.EffectiveAccessNs)}, the time pricing " +
        $"a TLB hit {Words.Duration(cost.TlbHitNs)}, a page-table level read {Words.Duration(cost.PageWalkLevelNs)}, a memory access {Words.Duration(cost.MemoryAccessNs)}, " +
        $"a minor fault {Words.Duration(cost.MinorFaultNs)}, a major fault {Words.Duration(cost.MajorFaultNs)} and a write-back {Words.Duration(cost.WritebackNs)}.";

    private static Table FaultTable(Counters c)
    {
        var table = new Table { Border = TableBorder.Rounded }
            .Title("Page faults", Styles.Title)
            .AddColumn("Kind")
            .AddColumn(new TableColumn("Count").RightAligned())
            .AddColumn("Class");
        table.AddRow(new Text("minor"), Right(c.MinorFaults), Empty());
        table.AddRow(new Text("major"), Right(c.MajorFaults), Empty());
        var first = true;
        foreach (var kind in Words.FaultKinds)
        {
            if (first)
            {
                table.AddEmptyRow();
                first = false;
            }

            table.AddRow(new Text(Words.Fault(kind)), Right(Words.Count(c, kind)), new Text(Words.FaultClass(kind)));
        }

        table.AddEmptyRow();
        table.AddRow(new Text("total", Styles.Label), Right(c.Faults, Styles.Label), Empty());
        return table;
    }

    private static Table ActivityTable(Counters c)
    {
        var table = new Table { Border = TableBorder.Rounded }
            .Title("Memory, TLB and time", Styles.Title)
            .AddColumn("What")
            .AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow(new Text("hits"), Right(c.Hits));
        table.AddRow(new Text("evictions"), Right(c.Evictions));
        table.AddRow(new Text("write-backs"), Right(c.Writebacks));
        table.AddRow(new Text("swap-outs"), Right(c.SwapOuts));
        table.AddRow(new Text("swap-ins"), Right(c.SwapIns));
        table.AddRow(new Text("OOM kills"), Right(c.OomKills));
        table.AddRow(new Text("context switches"), Right(c.ContextSwitches));
        table.AddEmptyRow();
        table.AddRow(new Text("TLB hits"), Right(c.TlbHits));
        table.AddRow(new Text("TLB misses"), Right(c.TlbMisses));
        table.AddRow(new Text("TLB hit rate"), new Text(c.TlbHits + c.TlbMisses == 0 ? "-" : Words.Percent(c.TlbHits, c.TlbHits + c.TlbMisses)).RightJustified());
        table.AddEmptyRow();
        table.AddRow(new Text("simulated time"), new Text(Words.Duration(c.SimulatedNs)).RightJustified());
        table.AddRow(new Text("effective access"), new Text(Words.Duration(c.EffectiveAccessNs)).RightJustified());
        return table;
    }

    /// <summary>
    /// Under the Processes table when a process in it has ended: its Page tables cell is the size
    /// its tables had when it ended, not memory it still holds.
    /// </summary>
    public const string EndedPageTablesNote =
        "the memory each process's page tables take; for a process that has ended, the size they had when it ended (they went with it).";

    private static Table ProcessTable(IReadOnlyList<Process> processes, ProcessEnd? end)
    {
        var table = new Table { Border = TableBorder.Rounded }
            .Title("Processes", Styles.Title)
            .AddColumn(new TableColumn("PID").RightAligned())
            .AddColumn("Name")
            .AddColumn(new TableColumn("Accesses").RightAligned())
            .AddColumn(new TableColumn("Faults").RightAligned())
            .AddColumn(new TableColumn("Page\ntables").RightAligned())
            .AddColumn("Ended")
            .AddColumn("Why");
        foreach (var process in processes.OrderBy(p => p.Pid))
        {
            var ended = process.IsRunning ? end : null;
            table.AddRow(
                Right(process.Pid),
                new Text(process.Name),
                Right(process.Counters.Accesses),
                Right(process.Counters.Faults),
                new Text(Words.PageTables(process.AddressSpace.PageTable)).RightJustified(),
                ended is null ? new Text(Words.State(process.State), Styles.State(process.State)) : new Text(ended.State, ended.Fatal ? Styles.Bad : Style.Plain),
                new Text(ended?.Reason ?? Words.Reason(process)));
        }

        return table;
    }

    private static Table WorkingSetTable(WorkingSetMeter meter)
    {
        var table = new Table { Border = TableBorder.Rounded }
            .Title($"Working sets (τ = {Words.Number(meter.Window)})", Styles.Title)
            .AddColumn(new TableColumn("PID").RightAligned())
            .AddColumn("Name")
            .AddColumn(new TableColumn("At the end").RightAligned())
            .AddColumn(new TableColumn("Peak").RightAligned())
            .AddColumn(new TableColumn("Mean").RightAligned());
        if (meter.ByQuota)
        {
            table.AddColumn(new TableColumn("Quota").RightAligned()).AddColumn(new TableColumn("Refs over\nquota").RightAligned());
        }

        foreach (var set in meter.Processes.OrderBy(s => s.Process.Pid))
        {
            var cells = new List<Text>
            {
                Right(set.Process.Pid),
                new(set.Process.Name),
                set.Process.IsRunning ? Right(set.Size) : new Text(Words.State(set.Process.State), Styles.State(set.Process.State)).RightJustified(),
                Right(set.Peak),
                new Text(set.References == 0 ? "-" : Words.Decimal(set.Mean)).RightJustified(),
            };
            if (meter.ByQuota)
            {
                cells.Add(set.Quota is { } quota ? Right(quota) : new Text("-").RightJustified());
                cells.Add(Right(set.ReferencesOverQuota));
            }

            table.AddRow(cells);
        }

        return table;
    }

    private static Text Right(long value, Style? style = null) => new Text(Words.Number(value), style).RightJustified();

    private static Text Empty() => new(string.Empty);
}
