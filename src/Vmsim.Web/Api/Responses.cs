using Vmsim.Web.Sessions;
using Vmsim.Web.Snapshots;

namespace Vmsim.Web.Api;

/// <summary>An error the page shows: the message, and where in the input when known.</summary>
internal sealed record ErrorResponse(ErrorDetail Error)
{
    public static ErrorResponse From(VisualizerInputException e) =>
        new(new ErrorDetail(e.Message, e.InputSource, e.Line, e.Column));

    public static ErrorResponse Of(string message) => new(new ErrorDetail(message, null, 0, 0));
}

/// <summary>The error itself.</summary>
/// <param name="Message">In words, with the input's name, line and column when known.</param>
/// <param name="Source">The input's name.</param>
/// <param name="Line">1-based line, or 0.</param>
/// <param name="Column">1-based column, or 0.</param>
internal sealed record ErrorDetail(string Message, string? Source, int Line, int Column);

/// <summary>What the page needs to draw its forms.</summary>
internal sealed record MetaResponse(
    IReadOnlyList<ExampleInfo> Examples,
    IReadOnlyList<NamedChoice> Policies,
    IReadOnlyList<NamedChoice> Geometries,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<NamedChoice> JumpKinds,
    int MaxSteps,
    IReadOnlyList<string> TraceFormats,
    int MaxTraceBytes);

/// <summary>A bundled example.</summary>
internal sealed record ExampleInfo(string Name, string Title, string? Description);

/// <summary>A choice of a list: what is sent and what is shown.</summary>
internal sealed record NamedChoice(string Id, string Label);

/// <summary>A bundled example's text.</summary>
internal sealed record ExampleText(string Name, string Yaml);

/// <summary>A session just opened: what it plays, on what, its chart data, and step 0.</summary>
internal sealed record SessionResponse(
    string Id,
    string Kind,
    string Title,
    string? Description,
    IReadOnlyList<string> Notes,
    string SourceName,
    string Source,
    int LastStep,
    MachineView Machine,
    IReadOnlyList<KindCount> Kinds,
    TimelineChart Timeline,
    BeladyData? Belady,
    StepSnapshot Snapshot);

/// <summary>The machine a session plays on, for the form.</summary>
/// <param name="Frames">Physical frames.</param>
/// <param name="SwapSlots">Swap slots.</param>
/// <param name="Geometry">The page-table geometry's name.</param>
/// <param name="GeometryId">The page-size preset of a reference string or trace, or null for a scenario's own.</param>
/// <param name="PageSize">Bytes per page.</param>
/// <param name="TlbEntries">TLB entries, 0 for none.</param>
/// <param name="TlbWays">The TLB's associativity.</param>
/// <param name="Policy">The replacement policy's name.</param>
/// <param name="Scope"><c>global</c> or <c>local</c>.</param>
/// <param name="Parameters">The policy's parameters, <c>NAME=VALUE</c> separated by commas.</param>
/// <param name="WorkingSet">The working-set window τ its working sets are measured over, or 0 when they are not.</param>
internal sealed record MachineView(int Frames, int SwapSlots, string Geometry, string? GeometryId, int PageSize, int TlbEntries, int TlbWays, string Policy, string Scope, string Parameters, long WorkingSet);

/// <summary>How many steps faulted with a kind.</summary>
internal sealed record KindCount(string Kind, string Label, int Count);

/// <summary>The answer to "where is the next (or previous) step of this kind?".</summary>
internal sealed record FindResponse(int? Step, string? Message);
