using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Web.Sessions;
using Vmsim.Web.Snapshots;

namespace Vmsim.Web.Api;

/// <summary>
/// The page's API: JSON in, JSON out. Every answer the page cannot use as data is an
/// <see cref="ErrorResponse"/> with a message for a person, never a stack trace.
/// </summary>
internal static class Endpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyList<ExampleInfo>> ExampleList = new(() =>
    [
        .. BundledExamples.Names.Select(name =>
        {
            var scenario = BundledExamples.Read(name)!;
            return new ExampleInfo(name, scenario.Title ?? name, scenario.Description?.Trim());
        }),
    ]);

    public static void Map(IEndpointRouteBuilder app, VisualizerOptions options, SessionStore sessions)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/meta", () => Results.Json(Meta(options), Json));
        api.MapGet("/examples/{name}", (string name) =>
            BundledExamples.Text(name) is { } yaml
                ? Results.Json(new ExampleText(name, yaml), Json)
                : NotFound($"there is no bundled example named '{name}'"));
        api.MapPost("/sessions", (Delegate)((HttpContext context) => CreateSession(context, options, sessions)));
        api.MapGet("/sessions/{id}/steps/{step:int}", (string id, int step) =>
            WithSession(sessions, id, s => Results.Json(s.Snapshot(step), Json)));
        api.MapGet("/sessions/{id}/find", (string id, int? from, string? kind, string? direction) =>
            WithSession(sessions, id, s => Find(s, from ?? 0, kind ?? "fault", direction)));
        api.MapGet("/sessions/{id}/belady", (string id, string? policies, int? from, int? to) =>
            WithSession(sessions, id, s => Belady(s, policies, from, to)));
        api.MapFallback(() => NotFound("no such API call"));
    }

    private static MetaResponse Meta(VisualizerOptions options) => new(
        ExampleList.Value,
        [.. PolicyCatalog.All.Select(p => new NamedChoice(p.Name, p.Tunables.Count == 0 ? p.Description
            : $"{p.Description} Parameters: {string.Join("; ", p.Tunables)}."))],
        [.. GeometryPresets.All.Select(g => new NamedChoice(g.Id, g.Label))],
        ["global", "local"],
        [
            new("fault", "any fault"),
            new("minor", "minor fault"),
            new("major", "major fault"),
            new("eviction", "eviction"),
            .. Words.JumpableKinds.Select(k => new NamedChoice(k.ToString(), Words.Fault(k))),
        ],
        options.MaxSteps,
        TraceFormats.Names,
        WorkloadLoader.MaxTraceBytes);

    private static async Task<IResult> CreateSession(HttpContext context, VisualizerOptions options, SessionStore sessions)
    {
        CreateSessionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CreateSessionRequest>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return BadRequest($"the request is not valid JSON: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Json(ErrorResponse.Of($"the request is too large: the visualizer reads scenarios of at most 256 KiB, reference strings of at most 2 MiB and trace files of at most {WorkloadLoader.MaxTraceBytes / (1024 * 1024)} MiB"), Json, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            var workload = WorkloadLoader.Load(request, options.MaxSteps);
            var session = sessions.Open(workload);
            return Results.Json(Describe(session), Json);
        }
        catch (VisualizerInputException e)
        {
            return Results.Json(ErrorResponse.From(e), Json, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static SessionResponse Describe(VisualizerSession session)
    {
        var workload = session.Workload;
        var config = workload.Config;
        BeladyData? belady = null;
        if (workload.References is { } references)
        {
            try
            {
                belady = BeladyChart.Compute(references, config, null, null, null);
            }
            catch (VisualizerInputException)
            {
                // Too long a string for the default chart: the page offers a smaller one.
            }
        }

        return new SessionResponse(
            session.Id,
            workload.Kind,
            workload.Title,
            workload.Description?.Trim(),
            ScenarioNotes.For(workload.Scenario with { Machine = config }),
            workload.SourceName,
            workload.SourceText,
            session.LastStep,
            new MachineView(config.Frames, config.SwapSlots, config.Geometry.Name, workload.GeometryId, config.Geometry.PageSize,
                config.TlbEntries, config.TlbWays, config.Policy, config.Scope.ToString().ToLowerInvariant(),
                string.Join(", ", config.PolicyOptions.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Key}={p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")),
                config.WorkingSetWindow),
            [.. session.Timeline.KindCounts().Select(k => new KindCount(k.Kind.ToString(), Words.Fault(k.Kind), k.Count))],
            session.Timeline.Chart(),
            belady,
            session.Snapshot(0));
    }

    private static IResult Find(VisualizerSession session, int from, string kind, string? direction)
    {
        var forward = !string.Equals(direction, "previous", StringComparison.OrdinalIgnoreCase);
        var step = session.Find(from, kind, forward);
        var what = kind.ToLowerInvariant() switch
        {
            "fault" => "fault",
            "minor" => "minor fault",
            "major" => "major fault",
            "eviction" => "eviction",
            "segv" => "segmentation fault",
            _ => Enum.TryParse<Core.Kernel.FaultKind>(kind, true, out var k) ? Words.Fault(k) : kind,
        };
        return Results.Json(new FindResponse(step, step is null ? $"no {what} {(forward ? "after" : "before")} step {from}" : null), Json);
    }

    private static IResult Belady(VisualizerSession session, string? policies, int? from, int? to)
    {
        if (session.Workload.References is not { } references)
        {
            return BadRequest("the policy comparison is drawn for a reference string; this session plays a scenario");
        }

        var names = policies?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Results.Json(BeladyChart.Compute(references, session.Workload.Config, names, from, to), Json);
    }

    private static IResult WithSession(SessionStore sessions, string id, Func<VisualizerSession, IResult> action)
    {
        if (sessions.Find(id) is not { } session)
        {
            return NotFound("this session has ended (the server restarted, or too many pages were opened since): load the workload again");
        }

        try
        {
            return action(session);
        }
        catch (VisualizerInputException e)
        {
            return Results.Json(ErrorResponse.From(e), Json, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(ErrorResponse.Of(message), Json, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string message) =>
        Results.Json(ErrorResponse.Of(message), Json, statusCode: StatusCodes.Status404NotFound);
}
