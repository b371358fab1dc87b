using Vmsim.Core.Addressing;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>One step of a scenario's script, with the line it was written on.</summary>
/// <param name="Line">The 1-based line of the step in the scenario file.</param>
/// <param name="Process">The process the step applies to.</param>
public abstract record ScenarioStep(int Line, string Process)
{
    /// <summary>
    /// Pages of a step, for people: "heap (pages 0x10002-0x10003)" or "heap (page 0x10001)"
    /// when a region is named, "2 pages at 0x10001" when not.
    /// </summary>
    public static string PagesText(string? region, PageNumber first, ulong count)
    {
        var range = count == 1 ? $"page {first}" : $"pages {first}-{new PageNumber(first.Value + count - 1)}";
        return region is null ? $"{Plural.Count((long)count, "page")} at {first}" : $"{region} ({range})";
    }

    /// <summary>The 1-based column of the step's verb in the scenario file (of a process's first field, for one declared under <c>processes</c>), or 0 when the step was not written in a file.</summary>
    public int Column { get; init; }
}

/// <summary>A region of an address space, as a scenario declares it.</summary>
/// <param name="Name">The region's name, used by steps to refer to it.</param>
/// <param name="Start">The first page.</param>
/// <param name="Pages">How many pages.</param>
/// <param name="Protection">Its permissions.</param>
/// <param name="File">The mapped file, or null for anonymous memory.</param>
/// <param name="FilePage">The file page mapped at the start.</param>
/// <param name="Shared">Shared or private.</param>
public sealed record RegionSpec(string Name, PageNumber Start, ulong Pages, Protection Protection, string? File, long FilePage, bool Shared);

/// <summary>Accesses to a region's pages, or to one address.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Who accesses.</param>
/// <param name="Region">The region named, or null when an address is given.</param>
/// <param name="Address">A single address, or null.</param>
/// <param name="FirstPage">The first page of the range (an absolute virtual page number).</param>
/// <param name="PageCount">How many pages the range has.</param>
/// <param name="Pattern">How pages of the range are picked.</param>
/// <param name="Count">How many accesses random and zipf patterns make.</param>
/// <param name="Times">How many times sequential and loop patterns go through the range.</param>
/// <param name="Kind">The kind of every access, unless <paramref name="WriteFraction"/> is set.</param>
/// <param name="WriteFraction">When set, each access is a write with this probability and a read otherwise.</param>
/// <param name="Exponent">The zipf exponent.</param>
/// <param name="Seed">The seed of random choices.</param>
public sealed record TouchStep(
    int Line,
    string Process,
    string? Region,
    VirtualAddress? Address,
    ulong FirstPage,
    ulong PageCount,
    AccessPattern Pattern,
    int Count,
    int Times,
    AccessKind Kind,
    double? WriteFraction,
    double Exponent,
    int Seed) : ScenarioStep(Line, Process);

/// <summary>Creates a child of <see cref="ScenarioStep.Process"/> named <paramref name="Child"/>.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">The parent.</param>
/// <param name="Child">The child's name.</param>
public sealed record ForkStep(int Line, string Process, string Child) : ScenarioStep(Line, Process);

/// <summary>The process exits.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Who exits.</param>
public sealed record ExitStep(int Line, string Process) : ScenarioStep(Line, Process);

/// <summary>The CPU switches to the process.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Who runs next.</param>
public sealed record SwitchStep(int Line, string Process) : ScenarioStep(Line, Process);

/// <summary>A new process is created with regions.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Its name.</param>
/// <param name="Quota">Its frame quota under local replacement, 0 for an equal share.</param>
/// <param name="Regions">Its regions.</param>
public sealed record SpawnStep(int Line, string Process, int Quota, IReadOnlyList<RegionSpec> Regions) : ScenarioStep(Line, Process);

/// <summary>A region is mapped.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Whose address space.</param>
/// <param name="Region">The region.</param>
public sealed record MmapStep(int Line, string Process, RegionSpec Region) : ScenarioStep(Line, Process);

/// <summary>Pages are unmapped: a named region's (all, or a range of them), or a range of the address space.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Whose address space.</param>
/// <param name="Region">The region named, or null.</param>
/// <param name="Start">The first page (an absolute virtual page number, within the region when one is named).</param>
/// <param name="Pages">How many pages.</param>
public sealed record MunmapStep(int Line, string Process, string? Region, PageNumber Start, ulong Pages) : ScenarioStep(Line, Process)
{
    /// <summary>The pages, for people, as <see cref="ScenarioStep.PagesText"/> gives them.</summary>
    public string Target => PagesText(Region, Start, Pages);
}

/// <summary>Pages change protection: a named region's (all, or a range of them), or a range of the address space.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Whose address space.</param>
/// <param name="Region">The region named, or null.</param>
/// <param name="Start">The first page (an absolute virtual page number, within the region when one is named).</param>
/// <param name="Pages">How many pages.</param>
/// <param name="Protection">The new protection.</param>
public sealed record MprotectStep(int Line, string Process, string? Region, PageNumber Start, ulong Pages, Protection Protection) : ScenarioStep(Line, Process)
{
    /// <summary>The pages, for people, as <see cref="ScenarioStep.PagesText"/> gives them.</summary>
    public string Target => PagesText(Region, Start, Pages);
}

/// <summary>The program break moves.</summary>
/// <param name="Line">The step's line.</param>
/// <param name="Process">Whose heap.</param>
/// <param name="DeltaPages">Pages to grow (positive) or shrink (negative) by.</param>
/// <param name="HeapStart">Where the heap starts: its region's start, or after the process's highest region at a first brk without one.</param>
public sealed record BrkStep(int Line, string Process, long DeltaPages, PageNumber HeapStart) : ScenarioStep(Line, Process)
{
    /// <summary>
    /// The name of the heap's region: the first region of this name that a process declares
    /// or maps is its heap, whose end brk moves, and the region a first brk makes has it.
    /// </summary>
    public const string HeapRegion = "heap";
}

/// <summary>How a touch step picks pages of its range.</summary>
public enum AccessPattern
{
    /// <summary>Each page once, in order (repeated <c>times</c>).</summary>
    Sequential,

    /// <summary>The range in order, <c>times</c> times: a loop over an array.</summary>
    Loop,

    /// <summary><c>count</c> pages picked uniformly at random.</summary>
    Random,

    /// <summary><c>count</c> pages picked by a zipf law: the first page most often.</summary>
    Zipf,
}
