using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Web.Api;

/// <summary>What the page sends to open a session: a workload and, optionally, machine settings.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Machine">Settings over the workload's own machine; null keeps a scenario's machine as written.</param>
internal sealed record CreateSessionRequest(WorkloadRequest? Workload, MachineRequest? Machine);

/// <summary>A workload: a bundled example, a scenario's YAML, a reference string, or a memory trace.</summary>
/// <param name="Kind"><c>example</c>, <c>yaml</c>, <c>refs</c> or <c>trace</c>.</param>
/// <param name="Example">The bundled example's name, for <c>example</c>.</param>
/// <param name="Yaml">The scenario text, for <c>yaml</c>.</param>
/// <param name="FileName">The uploaded file's name, to name the scenario or trace in messages.</param>
/// <param name="Refs">The reference string, for <c>refs</c>.</param>
/// <param name="Trace">The trace file's bytes in base64, for <c>trace</c> (any format vmsim replay reads, gzipped or not).</param>
/// <param name="Format">The trace's format (<c>lackey</c>, <c>addr</c>, <c>pages</c>, <c>csv</c>, <c>oracle-general</c>), or null to detect it.</param>
/// <param name="Csv">For a CSV trace, its columns, header and delimiter as the command line's <c>--csv-</c> options give them
/// (<c>{ "page": "2", "op": "3", "noHeader": true }</c>); null, or a choice left out, to infer it.</param>
internal sealed record WorkloadRequest(string? Kind, string? Example, string? Yaml, string? FileName, string? Refs, string? Trace = null, string? Format = null, CsvLayoutOptions? Csv = null);

/// <summary>Machine settings from the form; a null field keeps the workload's own value.</summary>
/// <param name="Frames">Physical frames.</param>
/// <param name="Geometry">A <see cref="Sessions.GeometryPresets"/> id (reference strings only).</param>
/// <param name="TlbEntries">TLB entries, 0 for none.</param>
/// <param name="Policy">The replacement policy's name.</param>
/// <param name="Scope"><c>global</c> or <c>local</c>.</param>
/// <param name="Parameters">The policy's tunable parameters, <c>NAME=VALUE</c> separated by commas or spaces (<c>kin=0.3, kout=1</c>); empty for its defaults.</param>
/// <param name="WorkingSet">The working-set window τ, in references, over which each process's working set is measured, as
/// <c>--working-set</c> gives it; 0 measures nothing (turning off a scenario's own <c>working-set</c>).</param>
internal sealed record MachineRequest(int? Frames, string? Geometry, int? TlbEntries, string? Policy, string? Scope, string? Parameters = null, long? WorkingSet = null);
