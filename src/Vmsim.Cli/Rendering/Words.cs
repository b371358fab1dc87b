using System.Globalization;
using Vmsim.Core;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>The words and number formats every renderer shares, so that tables and JSON name things alike.</summary>
internal static class Words
{
    /// <summary>The fault kinds in the order summaries list them.</summary>
    public static IReadOnlyList<FaultKind> FaultKinds { get; } =
    [
        FaultKind.ZeroFill, FaultKind.PageCache, FaultKind.FileRead, FaultKind.SwapIn, FaultKind.SwapCache,
        FaultKind.CowCopy, FaultKind.CowReuse, FaultKind.SegvUnmapped, FaultKind.SegvProtection, FaultKind.Oom,
    ];

    /// <summary>A fault kind for people: "zero-fill", "COW copy", "hit" for none.</summary>
    public static string Fault(FaultKind kind) => kind switch
    {
        FaultKind.None => "hit",
        FaultKind.ZeroFill => "zero-fill",
        FaultKind.PageCache => "page cache",
        FaultKind.FileRead => "file read",
        FaultKind.SwapIn => "swap-in",
        FaultKind.SwapCache => "swap cache",
        FaultKind.CowCopy => "COW copy",
        FaultKind.CowReuse => "COW reuse",
        FaultKind.SegvUnmapped => "segv unmapped",
        FaultKind.SegvProtection => "segv protection",
        FaultKind.Oom => "out of memory",
        _ => kind.ToString(),
    };

    /// <summary>A fault kind as a JSON value: "zero-fill", "cow-copy", "hit" for none.</summary>
    public static string FaultId(FaultKind kind) => kind switch
    {
        FaultKind.None => "hit",
        FaultKind.Oom => "oom",
        _ => Fault(kind).Replace("COW", "cow", StringComparison.Ordinal).Replace(' ', '-'),
    };

    /// <summary>The JSON field of a fault kind's count: "zeroFill", "cowCopy".</summary>
    public static string FaultField(FaultKind kind) => kind switch
    {
        FaultKind.ZeroFill => "zeroFill",
        FaultKind.PageCache => "pageCache",
        FaultKind.FileRead => "fileRead",
        FaultKind.SwapIn => "swapIn",
        FaultKind.SwapCache => "swapCache",
        FaultKind.CowCopy => "cowCopy",
        FaultKind.CowReuse => "cowReuse",
        FaultKind.SegvUnmapped => "segvUnmapped",
        FaultKind.SegvProtection => "segvProtection",
        FaultKind.Oom => "outOfMemory",
        _ => kind.ToString(),
    };

    /// <summary>Minor, major, SIGSEGV or OOM: how a fault kind is classed.</summary>
    public static string FaultClass(FaultKind kind) => kind switch
    {
        FaultKind.FileRead or FaultKind.SwapIn => "major",
        FaultKind.SegvUnmapped or FaultKind.SegvProtection => "SIGSEGV",
        FaultKind.Oom => "OOM",
        FaultKind.None => string.Empty,
        _ => "minor",
    };

    /// <summary>How many faults of <paramref name="kind"/> <paramref name="counters"/> hold.</summary>
    public static long Count(Counters counters, FaultKind kind)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return kind switch
        {
            FaultKind.ZeroFill => counters.ZeroFill,
            FaultKind.PageCache => counters.PageCache,
            FaultKind.FileRead => counters.FileRead,
            FaultKind.SwapIn => counters.SwapInFaults,
            FaultKind.SwapCache => counters.SwapCache,
            FaultKind.CowCopy => counters.CowCopy,
            FaultKind.CowReuse => counters.CowReuse,
            FaultKind.SegvUnmapped => counters.SegvUnmapped,
            FaultKind.SegvProtection => counters.SegvProtection,
            FaultKind.Oom => counters.OomFaults,
            _ => 0,
        };
    }

    /// <summary>"read", "write" or "execute".</summary>
    public static string Access(AccessKind kind) => kind switch
    {
        AccessKind.Write => "write",
        AccessKind.Execute => "execute",
        _ => "read",
    };

    /// <summary>How a process ended: "running", "exit", "segv" or "oom".</summary>
    public static string State(ProcessState state) => state switch
    {
        ProcessState.Exited => "exit",
        ProcessState.Segv => "segv",
        ProcessState.Oom => "oom",
        _ => "running",
    };

    /// <summary>Why a process is in its state, in words.</summary>
    public static string Reason(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process.EndReason ?? process.State switch
        {
            ProcessState.Running => "still running at the end",
            ProcessState.Exited => "exited",
            _ => Words.State(process.State),
        };
    }

    /// <summary>A word with its indefinite article, as it is said: "a lackey", "an addr".</summary>
    public static string WithArticle(string word) =>
        $"{("aeiouAEIOU".Contains(word.FirstOrDefault(), StringComparison.Ordinal) ? "an" : "a")} {word}";

    /// <summary>A count with thousands separators.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators and its noun in the form the count takes: "1 access", "1,024 accesses" (<see cref="Plural.Noun"/>).</summary>
    public static string Count(long value, string noun) => $"{Number(value)} {Plural.Noun(value, noun)}";

    /// <summary>
    /// A miss ratio as a table writes it: with <paramref name="decimals"/> decimals, except a
    /// ratio above zero that those would write as zero, which is written with three significant
    /// digits in scientific notation ("1.91e-5"), so that no table says 0 of a size that still
    /// misses (at large sizes, policies differ by their few misses there).
    /// </summary>
    public static string MissRatio(double ratio, int decimals = 4) =>
        ratio > 0 && ratio < 0.5 * Math.Pow(10, -decimals)
            ? ratio.ToString("0.00e-0", CultureInfo.InvariantCulture)
            : ratio.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A number with one decimal, a half rounded up as people round by hand, and thousands separators: "3.3" for 3.25.</summary>
    public static string Decimal(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>
    /// What the working sets say of the run, in sentences: the demand D (their sum over the
    /// running processes) against memory, how often and from when it was more, which is
    /// thrashing by the working-set model, and D at the end; under local replacement, which
    /// processes' working sets did not fit their quotas instead.
    /// </summary>
    public static string Demand(WorkingSetMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (meter.ByQuota)
        {
            var over = meter.Processes.Where(p => p.ReferencesOverQuota > 0).ToList();
            return over.Count == 0
                ? "under local replacement each process has its own quota of frames, and every working set fit its process's quota."
                : "under local replacement each process has its own quota of frames; the working set was larger than the quota " +
                  string.Join(", ", over.Select(p => $"in {Number(p.ReferencesOverQuota)} of the {Count(p.References, "reference")} of {p.Process}")) +
                  ": a process whose working set does not fit its quota thrashes on its own, whatever the others do.";
        }

        var single = meter.Processes.Count <= 1;
        var what = single
            ? $"peaked at {Count(meter.PeakDemand, "page")} (the distinct pages of the last {Count(meter.Window, "reference")})"
            : $"D, the working sets of the running processes together (each the distinct pages of its last {Count(meter.Window, "reference")}), peaked at {Count(meter.PeakDemand, "page")}";
        var frames = Count(meter.Frames, "frame");
        if (meter.ReferencesOverMemory == 0)
        {
            return $"{what}, never more than the {frames} of memory: {(single ? "it fit" : "they fit together")}.{(single ? string.Empty : $" At the end D is {Count(meter.Demand, "page")}.")}";
        }

        var when = $"more than the {frames} of memory in {Number(meter.ReferencesOverMemory)} of the {Count(meter.References, "reference")} ({Percent(meter.ReferencesOverMemory, meter.References)}), first at reference {Number(meter.FirstReferenceOverMemory)}";
        return single
            ? $"{what}, {when}: then the working set did not fit in memory, so pages it still used could be evicted."
            : $"{what}, {when}: the processes needed more frames than memory has, the mark of thrashing; fewer processes at once, or more memory, cures it. " +
              $"At the end D is {Count(meter.Demand, "page")}. (A page that several processes share counts in each of their working sets.)";
    }

    /// <summary>A share as a percentage with one decimal, or an empty string when the whole is zero.</summary>
    public static string Percent(long part, long whole) =>
        whole == 0 ? string.Empty : ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>Nanoseconds in the unit that reads best: ns, µs, ms or s, with three significant digits.</summary>
    public static string Duration(double nanoseconds)
    {
        var (value, unit) = nanoseconds switch
        {
            < 999.5 => (nanoseconds, "ns"),
            < 999_500 => (nanoseconds / 1e3, "µs"),
            < 999_500_000 => (nanoseconds / 1e6, "ms"),
            _ => (nanoseconds / 1e9, "s"),
        };
        var format = value switch
        {
            0 => "0",
            < 9.995 => "0.00",
            < 99.95 => "0.0",
            _ => "0",
        };
        return $"{value.ToString(format, CultureInfo.InvariantCulture)} {unit}";
    }

    /// <summary>The memory a process's page tables take ("16 KiB": four tables of x86-64).</summary>
    public static string PageTables(Vmsim.Core.Mmu.PageTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Bytes(table.TableBytes);
    }

    /// <summary>
    /// A size in bytes, exactly, in the largest unit that divides it: "4 KiB", "2 MiB", "1,040 KiB",
    /// "512 B"; so that two different sizes never read the same.
    /// </summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 when bytes % (1 << 30) == 0 => $"{Number(bytes >> 30)} GiB",
        >= 1 << 20 when bytes % (1 << 20) == 0 => $"{Number(bytes >> 20)} MiB",
        >= 1 << 10 when bytes % (1 << 10) == 0 => $"{Number(bytes >> 10)} KiB",
        _ => $"{Number(bytes)} B",
    };

    // The parameters given for the machine's policy, as ", swappiness 200", so that runs
    // compared side by side say what differs; nothing when all are the defaults.
    private static string ParametersSet(MachineConfig config)
    {
        var tunables = PolicyCatalog.Find(config.Policy)?.Tunables ?? [];
        var set = tunables.Where(t => config.PolicyOptions.Parameters.ContainsKey(t.Name))
            .Select(t => $"{t.Name} {PolicyParameter.Format(config.PolicyOptions.Parameters[t.Name])}");
        return string.Concat(set.Select(p => ", " + p));
    }

    /// <summary>
    /// The machine in three lines: frames, swap and policy (with any parameters given), and the
    /// tick when the policy reads it; paging; the TLB.
    /// </summary>
    public static IReadOnlyList<(string Label, string Text)> Machine(MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Machine(config, Count(config.Frames, "frame"), $"{config.Policy} policy{ParametersSet(config)}", [config.Policy]);
    }

    /// <summary>
    /// The machine of runs that differ in memory size and perhaps in policy (a curve, a sweep),
    /// in the lines of <see cref="Machine(MachineConfig)"/>, with <paramref name="frames"/> and
    /// <paramref name="policy"/> the words for what differs ("3 sizes from 8 to 64 frames",
    /// "2 policies"); the tick is said when one of <paramref name="policies"/> reads it.
    /// </summary>
    public static IReadOnlyList<(string Label, string Text)> Machine(MachineConfig config, string frames, string policy, IEnumerable<string> policies)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(policies);
        var swap = config.SwapSlots == 0 ? "no swap" : Count(config.SwapSlots, "swap slot");
        var geometry = config.Geometry;
        return
        [
            ("Machine: ", $"{frames}, {swap}, {policy} ({Scope(config)} replacement){Tick(config, policies)}"),
            ("Paging: ", $"{Bytes(geometry.PageSize)} pages, {geometry.Name} page table ({string.Join('+', geometry.LevelBits)} bits + {geometry.OffsetBits}-bit offset)"),
            ("TLB: ", config.TlbEntries == 0
                ? "none"
                : $"{Count(config.TlbEntries, "entry")}, {Math.Min(config.TlbWays, config.TlbEntries)}-way, {(config.TlbAsidTagged ? "tagged by ASID" : "flushed on every context switch")}"),
        ];
    }

    /// <summary>
    /// The machine of an LRU curve worked out by the stack algorithm (exact or SHARDS), in one
    /// line: its sizes and its one memory, which has no swap or TLB to speak of, since they change
    /// no miss.
    /// </summary>
    public static (string Label, string Text) StackMachine(IReadOnlyList<long> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return ("Machine: ", $"{Sizes(sizes)}, lru policy (global replacement)");
    }

    /// <summary>The memory sizes of a curve or sweep: "16 frames", "3 sizes from 8 to 64 frames".</summary>
    public static string Sizes(IReadOnlyList<long> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return sizes.Count == 1 ? Count(sizes[0], "frame") : $"{Number(sizes.Count)} sizes from {Number(sizes.Min())} to {Count(sizes.Max(), "frame")}";
    }

    private static string Scope(MachineConfig config) => config.Scope == ReplacementScope.Local ? "local" : "global";

    // The tick, for a run where a policy reads it (aging samples its bits at each): a setting of
    // the whole machine, not of a policy, so the machine's line says it.
    private static string Tick(MachineConfig config, IEnumerable<string> policies) =>
        policies.Any(p => PolicyCatalog.Find(p)?.Reads(PolicySetting.Tick) == true)
            ? $", a policy tick every {Count(config.TickInterval, "access")}"
            : string.Empty;
}
