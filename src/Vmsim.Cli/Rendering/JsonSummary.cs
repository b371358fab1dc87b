using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The summary as JSON, for programs: the same numbers as <see cref="SummaryRenderer"/>,
/// with stable field names (camelCase) and fields always in the same order.
/// </summary>
internal static class JsonSummary
{
    /// <summary>How every <c>--json</c> document is written: indented, with quotes and µ as they are.</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // The output is read by programs and people, never embedded in HTML: keep quotes and µ readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The summary of <paramref name="machine"/>'s run: <paramref name="command"/>, then the
    /// fields of <paramref name="context"/> (what was run), then the counts; with <paramref name="end"/>,
    /// the processes still running at the end are given as having ended so.
    /// </summary>
    public static JsonObject Build(string command, JsonObject context, Machine machine, ProcessEnd? end = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(machine);
        var c = machine.Counters;
        var json = new JsonObject { ["command"] = command };
        foreach (var (key, value) in context.ToArray())
        {
            context.Remove(key);
            json[key] = value;
        }

        json["machine"] = Machine(machine.Config);
        json["accesses"] = c.Accesses;
        json["hits"] = c.Hits;
        json["faults"] = Faults(c);
        json["evictions"] = c.Evictions;
        json["writebacks"] = c.Writebacks;
        json["swapOuts"] = c.SwapOuts;
        json["swapIns"] = c.SwapIns;
        json["tlb"] = new JsonObject
        {
            ["hits"] = c.TlbHits,
            ["misses"] = c.TlbMisses,
            ["hitRate"] = c.TlbHits + c.TlbMisses == 0 ? null : (double)c.TlbHits / (c.TlbHits + c.TlbMisses),
            ["droppedByBitClears"] = c.TlbDroppedByBitClears,
            ["textbookEffectiveAccess"] = TextbookAccessTime.Of(machine)?.Json(),
        };
        json["oomKills"] = c.OomKills;
        json["contextSwitches"] = c.ContextSwitches;
        json["simulatedNs"] = c.SimulatedNs;
        json["effectiveAccessNs"] = Math.Round(c.EffectiveAccessNs, 3);
        json["processes"] = new JsonArray([.. machine.Kernel.Processes.OrderBy(p => p.Pid).Select(p => Process(p, machine.WorkingSets, p.IsRunning ? end : null))]);
        if (machine.WorkingSets is { } workingSets)
        {
            json["workingSets"] = new JsonObject
            {
                ["window"] = workingSets.Window,
                ["frames"] = workingSets.Frames,
                ["references"] = workingSets.References,
                ["demand"] = workingSets.Demand,
                ["peakDemand"] = workingSets.PeakDemand,
                ["referencesOverMemory"] = workingSets.ReferencesOverMemory,
                ["firstReferenceOverMemory"] = workingSets.FirstReferenceOverMemory == 0 ? null : workingSets.FirstReferenceOverMemory,
                ["byQuota"] = workingSets.ByQuota,
            };
        }

        return json;
    }

    /// <summary>The notes of a run as a JSON array of strings (empty when there are none).</summary>
    public static JsonArray Notes(IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        return new JsonArray([.. notes.Select(n => (JsonNode)n)]);
    }

    /// <summary>
    /// The version of the JSON every <c>--json</c> prints, its first field
    /// (<c>formatVersion</c>): fields added keep it; a field removed, renamed or changed in
    /// meaning or type raises it (docs/cli.md, JSON).
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Writes <paramref name="json"/>, one document of a <c>--json</c> output, indented, and a
    /// newline, with <see cref="FormatVersion"/> as its first field. The text goes to
    /// <paramref name="writer"/> as it is made, never whole in memory: a piece kept packed
    /// (<see cref="PackedJson"/>) hands it on as soon as it is written.
    /// </summary>
    public static void Write(TextWriter writer, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(json);
        json.Insert(0, "formatVersion", FormatVersion);
        using (var stream = new TextWriterStream(writer))
        using (var utf8 = new Utf8JsonWriter(stream, Options))
        {
            json.WriteTo(utf8);
        }

        writer.WriteLine();
    }

    /// <summary>The machine's settings.</summary>
    public static JsonObject Machine(MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new JsonObject
        {
            ["frames"] = config.Frames,
            ["swap"] = config.SwapSlots,
            ["policy"] = config.Policy,
            ["pageSize"] = config.Geometry.PageSize,
            ["geometry"] = config.Geometry.Name,
            ["levels"] = new JsonArray([.. config.Geometry.LevelBits.Select(b => (JsonNode)b)]),
            ["tlb"] = new JsonObject
            {
                ["entries"] = config.TlbEntries,
                ["ways"] = config.TlbEntries == 0 ? 0 : Math.Min(config.TlbWays, config.TlbEntries),
                ["flushOnSwitch"] = !config.TlbAsidTagged,
            },
            ["scope"] = config.Scope == ReplacementScope.Local ? "local" : "global",
            ["tick"] = config.TickInterval,
            ["clockInsert"] = config.PolicyOptions.ClockInsert.ToString().ToLowerInvariant(),
            ["agingBits"] = config.PolicyOptions.AgingBits,
            ["window"] = config.PolicyOptions.WorkingSetWindow,
            ["seed"] = config.PolicyOptions.Seed,
            ["parameters"] = new JsonObject([.. config.PolicyOptions.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["checkInvariants"] = config.CheckInvariants,
        };
    }

    private static JsonObject Faults(Counters c)
    {
        var faults = new JsonObject
        {
            ["total"] = c.Faults,
            ["minor"] = c.MinorFaults,
            ["major"] = c.MajorFaults,
        };
        foreach (var kind in Words.FaultKinds)
        {
            faults[Words.FaultField(kind)] = Words.Count(c, kind);
        }

        faults["cowWithinLoad"] = c.CowWithinLoad;

        return faults;
    }

    private static JsonObject Process(Process process, WorkingSetMeter? workingSets, ProcessEnd? end)
    {
        var json = Process(process);
        if (end is not null)
        {
            json["state"] = end.State;
            json["reason"] = end.Reason;
        }

        if (workingSets is not null)
        {
            var set = workingSets.Of(process.Pid);
            json["workingSet"] = new JsonObject
            {
                ["size"] = set?.Size ?? 0,
                ["peak"] = set?.Peak ?? 0,
                ["mean"] = set is { References: > 0 } ? set.Mean : null,
                ["quota"] = set?.Quota,
                ["referencesOverQuota"] = set?.ReferencesOverQuota ?? 0,
            };
        }

        return json;
    }

    private static JsonObject Process(Process process) => new()
    {
        ["pid"] = process.Pid,
        ["name"] = process.Name,
        ["parentPid"] = process.ParentPid,
        ["accesses"] = process.Counters.Accesses,
        ["hits"] = process.Counters.Hits,
        ["faults"] = Faults(process.Counters),
        ["pageTables"] = new JsonObject
        {
            ["tables"] = process.AddressSpace.PageTable.TablePages,
            ["bytes"] = process.AddressSpace.PageTable.TableBytes,
        },
        ["state"] = Words.State(process.State),
        ["reason"] = Words.Reason(process),
    };
}
