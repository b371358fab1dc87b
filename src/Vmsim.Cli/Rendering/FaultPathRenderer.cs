using System.Globalization;
using System.Text.Json.Nodes;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// A step's fault path (<see cref="FaultPath"/>) as the command line shows it: a numbered list of
/// its stages, indented under the step's explanation (the narration, <c>--explain</c>) or in
/// its table cell (<c>--steps</c>), and as JSON.
/// </summary>
internal static class FaultPathRenderer
{
    /// <summary>
    /// The stages as numbered lines of at most <paramref name="width"/> characters, each stage's
    /// later lines indented under its text: "1. TLB: ...".
    /// </summary>
    public static IReadOnlyList<string> Lines(FaultPath path, int width)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = new List<string>();
        for (var i = 0; i < path.Stages.Count; i++)
        {
            var number = string.Create(CultureInfo.InvariantCulture, $"{i + 1}. ");
            var indent = new string(' ', number.Length);
            var wrapped = NarrationRenderer.Wrap(path.Stages[i].Text, Math.Max(20, width - number.Length));
            for (var l = 0; l < wrapped.Count; l++)
            {
                lines.Add((l == 0 ? number : indent) + wrapped[l]);
            }
        }

        return lines;
    }

    /// <summary>The stages one a line, numbered, for a table cell that wraps them itself.</summary>
    public static string CellText(FaultPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join('\n', path.Stages.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {s.Text}")));
    }

    /// <summary>The stages as JSON: each <c>stage</c> (its name, <see cref="FaultStage.Id"/>) and <c>text</c>.</summary>
    public static JsonArray Json(FaultPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new JsonArray([.. path.Stages.Select(s => (JsonNode)new JsonObject { ["stage"] = s.Id, ["text"] = s.Text })]);
    }
}
