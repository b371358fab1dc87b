using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Commands;

/// <summary><c>vmsim policies</c>: every replacement policy with what it does, its parameters and where it comes from.</summary>
internal static class PoliciesCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var json = new Option<bool>("--json") { Description = "Print the list as JSON" };
        var command = new Command("policies", "List the replacement policies");
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(json))
            {
                JsonSummary.Write(output.Writer, new JsonObject
                {
                    ["command"] = "policies",
                    ["policies"] = new JsonArray([.. PolicyCatalog.All.Select(p => (JsonNode)new JsonObject
                    {
                        ["name"] = p.Name,
                        ["description"] = p.Description,
                        ["parameters"] = p.Parameters.Length == 0 ? null : p.Parameters,
                        ["tunables"] = new JsonArray([.. p.Tunables.Select(t => (JsonNode)new JsonObject
                        {
                            ["name"] = t.Name,
                            ["meaning"] = t.Meaning,
                            ["default"] = t.Default,
                            ["min"] = t.Min,
                            ["max"] = t.Max,
                            ["wholeNumber"] = t.WholeNumber,
                        })]),
                        ["source"] = p.Source,
                        ["aliases"] = new JsonArray([.. p.Aliases.Select(a => (JsonNode)a)]),
                        ["settings"] = new JsonArray([.. p.Settings.Select(a => (JsonNode)a)]),
                    })]),
                });
                return Program.ExitSuccess;
            }

            var table = new Table { Border = TableBorder.Rounded }
                .ShowRowSeparators()
                .AddColumn(new TableColumn("Policy").NoWrap())
                .AddColumn("What it does");
            foreach (var policy in PolicyCatalog.All)
            {
                var text = new Paragraph(policy.Description);
                if (policy.Parameters.Length > 0)
                {
                    text.Append("\nParameters: ", Styles.Label).Append(policy.Parameters);
                }

                foreach (var tunable in policy.Tunables)
                {
                    text.Append("\n--param ", Styles.Label).Append(tunable.ToString());
                }

                if (policy.Aliases.Count > 0)
                {
                    text.Append("\nAlso called: ", Styles.Label).Append(string.Join(", ", policy.Aliases));
                }

                text.Append("\nSource: ", Styles.Label).Append(policy.Source);
                table.AddRow(new Text(policy.Name), text);
            }

            output.Console.Write(table);
            return Program.ExitSuccess;
        });
        return command;
    }
}
