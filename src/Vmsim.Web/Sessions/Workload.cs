using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Web.Sessions;

/// <summary>What a session plays: a scenario (for a reference string or a trace, one built from it) on a machine.</summary>
/// <param name="Kind"><c>scenario</c>, <c>refs</c> or <c>trace</c>.</param>
/// <param name="Title">A title for the page.</param>
/// <param name="Description">What to look for, or null.</param>
/// <param name="SourceName">The input's name in messages (a file name, "reference string").</param>
/// <param name="SourceText">The YAML or the reference string as given, for the source panel.</param>
/// <param name="Scenario">The scenario to play.</param>
/// <param name="References">The references, for a reference string; null for a scenario.</param>
/// <param name="Config">The machine it plays on.</param>
/// <param name="GeometryId">The page-size preset of a reference string or trace, or null for a scenario's own.</param>
/// <param name="Trace">The accesses played, for a trace; null otherwise.</param>
/// <param name="TraceIsCut">True when the trace goes on past the accesses played (the step limit cut it).</param>
/// <param name="TraceInDecimal">True for a trace of page numbers (the <c>pages</c> format, or CSV with a page column), whose pages are written in decimal.</param>
internal sealed record Workload(
    string Kind,
    string Title,
    string? Description,
    string SourceName,
    string SourceText,
    Scenario Scenario,
    IReadOnlyList<PageReference>? References,
    MachineConfig Config,
    string? GeometryId,
    IReadOnlyList<MemoryAccess>? Trace = null,
    bool TraceIsCut = false,
    bool TraceInDecimal = false)
{
    private readonly Lazy<ScenarioPlan> _plan = new(() => ScenarioPlan.Expand(Scenario));
    private readonly Lazy<bool> _severalProcesses = new(() => Trace is { Count: > 0 } t && t.Any(a => a.Pid != t[0].Pid));

    private readonly Lazy<HashSet<ulong>> _referenced = new(() => References is null ? [] : [.. References.Select(r => r.Page)]);

    public bool IsReferenceString => References is not null;

    /// <summary>
    /// True when pages are written in decimal, as the workload writes them: a reference string's,
    /// and a trace of page numbers' (<c>pages</c>, oracleGeneral, CSV with a page column:
    /// <see cref="Vmsim.Core.Workloads.Traces.ITraceReader.RecordsPageNumbers"/>); a scenario's and an address
    /// trace's are written in hexadecimal, as their addresses are.
    /// </summary>
    public bool PagesInDecimal => IsReferenceString || TraceInDecimal;

    /// <summary>
    /// The pages a reference string refers to (its backing store maps every page from 0 to the
    /// highest, most of which it may never touch); empty for a scenario or a trace.
    /// </summary>
    public IReadOnlySet<ulong> ReferencedPages => _referenced.Value;

    public bool IsTrace => Trace is not null;

    /// <summary>True for a trace of more than one process, whose accesses are listed with their process ids.</summary>
    public bool TraceHasSeveralProcesses => _severalProcesses.Value;

    /// <summary>The scenario expanded once, shared by every replay of it.</summary>
    public ScenarioPlan Plan => _plan.Value;
}
