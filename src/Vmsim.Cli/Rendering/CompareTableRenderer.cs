using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Core;

namespace Vmsim.Cli.Rendering;

/// <summary>One case of Belady's anomaly: a policy that faults more with more frames.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="FewerFrames">The smaller frame count.</param>
/// <param name="FewerFaults">Its faults.</param>
/// <param name="MoreFrames">The next larger frame count compared.</param>
/// <param name="MoreFaults">Its faults, more than <paramref name="FewerFaults"/>.</param>
internal sealed record BeladyAnomaly(string Policy, int FewerFrames, long FewerFaults, int MoreFrames, long MoreFaults)
{
    /// <summary>"fifo: Belady's anomaly: 9 faults with 3 frames, 10 with 4".</summary>
    public override string ToString() =>
        $"{Policy}: Belady's anomaly: {Plural.Count(FewerFaults, "fault")} with {Plural.Count(FewerFrames, "frame")}, {MoreFaults} with {MoreFrames}";
}

/// <summary>
/// The <c>refs --compare</c> output: page faults of each policy (rows) at each frame
/// count (columns), a mark on every count that is higher than the one to its left, and
/// each such case of Belady's anomaly said in words under the table.
/// </summary>
internal static class CompareTableRenderer
{
    /// <summary>The cases of Belady's anomaly in <paramref name="faults"/>: each frame count compared with the next larger one.</summary>
    public static IReadOnlyList<BeladyAnomaly> Anomalies(IReadOnlyList<string> policies, IReadOnlyList<int> frames, long[,] faults)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(faults);
        var found = new List<BeladyAnomaly>();
        for (var p = 0; p < policies.Count; p++)
        {
            for (var f = 1; f < frames.Count; f++)
            {
                if (faults[p, f] > faults[p, f - 1])
                {
                    found.Add(new BeladyAnomaly(policies[p], frames[f - 1], faults[p, f - 1], frames[f], faults[p, f]));
                }
            }
        }

        return found;
    }

    /// <summary>Writes the table and the sentences under it.</summary>
    public static void Render(IAnsiConsole console, IReadOnlyList<string> policies, IReadOnlyList<int> frames, long[,] faults)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(faults);
        var anomalies = Anomalies(policies, frames, faults);
        var table = new Table { Border = TableBorder.Rounded }
            .Title("Page faults by frame count", Styles.Title)
            .AddColumn("Policy");
        foreach (var count in frames)
        {
            // The trailing space lines the numbers up with the counts below, which leave room for the mark.
            table.AddColumn(new TableColumn(count.ToString(CultureInfo.InvariantCulture) + " ").RightAligned());
        }

        for (var p = 0; p < policies.Count; p++)
        {
            var row = new List<Text> { new(policies[p]) };
            for (var f = 0; f < frames.Count; f++)
            {
                var worse = f > 0 && faults[p, f] > faults[p, f - 1];
                row.Add(new Text(faults[p, f].ToString(CultureInfo.InvariantCulture) + (worse ? "*" : " "), worse ? Styles.Bad : Style.Plain).RightJustified());
            }

            table.AddRow(row);
        }

        console.Write(table);
        if (anomalies.Count == 0)
        {
            console.WriteLine(frames.Count > 1
                ? "No Belady's anomaly: no policy faults more with more frames here."
                : "Give more than one frame count (--frames 1-7) to look for Belady's anomaly.");
            return;
        }

        console.WriteLine("* more faults than with fewer frames (the column to the left): Belady's anomaly.");
        foreach (var anomaly in anomalies)
        {
            console.WriteLine(anomaly.ToString());
        }
    }

    /// <summary>The comparison as JSON.</summary>
    public static JsonObject Json(string references, int count, IReadOnlyList<string> policies, IReadOnlyList<int> frames, long[,] faults, JsonObject machine)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(faults);
        var rows = new JsonArray();
        for (var p = 0; p < policies.Count; p++)
        {
            var faultsOf = new JsonArray();
            for (var f = 0; f < frames.Count; f++)
            {
                faultsOf.Add(faults[p, f]);
            }

            rows.Add(new JsonObject { ["name"] = policies[p], ["faults"] = faultsOf });
        }

        return new JsonObject
        {
            ["command"] = "refs",
            ["compare"] = true,
            ["references"] = references,
            ["count"] = count,
            ["machine"] = machine,
            ["frames"] = new JsonArray([.. frames.Select(f => (JsonNode)f)]),
            ["policies"] = rows,
            ["anomalies"] = new JsonArray([.. Anomalies(policies, frames, faults).Select(a => (JsonNode)new JsonObject
            {
                ["policy"] = a.Policy,
                ["fewerFrames"] = a.FewerFrames,
                ["fewerFaults"] = a.FewerFaults,
                ["moreFrames"] = a.MoreFrames,
                ["moreFaults"] = a.MoreFaults,
                ["text"] = a.ToString(),
            })]),
        };
    }
}
