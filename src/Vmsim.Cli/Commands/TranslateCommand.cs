using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim translate 0x50001abc</c>: an address cut as the MMU cuts it, into the index at
/// each level of the page table and the offset in the page, for the machine's page size and
/// page-table shape; the textbook's translation exercise, worked.
/// </summary>
internal static class TranslateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var addresses = new Argument<string[]>("addresses")
        {
            Description = "Virtual addresses, hexadecimal with 0x (0x50001abc) or decimal (20000); _ may group digits (0x5000_1abc)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the translations as JSON" };
        var machine = new MachineOptions();
        var defaults = new MachineConfig().Geometry;
        var command = new Command("translate", $"Cut each address into its page-table indexes and page offset (default: {defaults.Name}, {Words.Bytes(defaults.PageSize)} pages)");
        command.Arguments.Add(addresses);
        command.Options.Add(machine.PageSize);
        command.Options.Add(machine.Geometry);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var tokens = parsed.GetValue(addresses) ?? [];
            RefuseNegative(tokens);
            Program.RefuseUnknownOption(command, tokens);

            var geometry = machine.GeometryOf(parsed, defaults);
            var splits = tokens.Select((token, i) => geometry.Split(Address(token, i + 1, tokens.Length, geometry))).ToList();
            if (parsed.GetValue(json))
            {
                JsonSummary.Write(output.Writer, new JsonObject
                {
                    ["command"] = "translate",
                    ["geometry"] = TranslationRenderer.GeometryJson(geometry),
                    ["addresses"] = new JsonArray([.. splits.Select(s => (JsonNode)TranslationRenderer.Json(s, geometry))]),
                });
                return Program.ExitSuccess;
            }

            TranslationRenderer.Render(output.Console, geometry, splits);
            return Program.ExitSuccess;
        });
        return command;
    }

    // A number with a minus sign (-5, -0x20) reaches the action among the addresses, as an unknown
    // option does; the first token that starts with '-' is told apart here, before the options are
    // refused, and placed among the addresses given (an unknown option is not one).
    private static void RefuseNegative(string[] tokens)
    {
        var i = Array.FindIndex(tokens, t => t.StartsWith('-'));
        if (i >= 0 && IsNegativeNumber(tokens[i]))
        {
            var addresses = tokens.Where(t => !t.StartsWith('-') || IsNegativeNumber(t)).ToList();
            var position = tokens.Take(i).Count(t => !t.StartsWith('-') || IsNegativeNumber(t)) + 1;
            throw new CommandLineInputException($"{Where(tokens[i], position, addresses.Count)}: addresses are not negative");
        }
    }

    private static bool IsNegativeNumber(string token) => token.Length > 1 && token[0] == '-' && char.IsAsciiDigit(token[1]);

    // How a message names an address of the command line; position counts from 1.
    private static string Where(string token, int position, int count) =>
        count == 1 ? $"address '{token}'" : $"address {position} of {count}, '{token}'";

    // One address of the command line, checked against the address space; position counts from 1.
    private static VirtualAddress Address(string token, int position, int count, PageGeometry geometry)
    {
        var where = Where(token, position, count);
        var digits = token.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!VirtualAddress.TryParse(digits, out var address))
        {
            var tooLarge = digits.Length > (hex ? 2 : 0) && (hex ? digits[2..].All(char.IsAsciiHexDigit) : digits.All(char.IsAsciiDigit));
            throw new CommandLineInputException(tooLarge
                ? $"{where}: expected an address of at most 64 bits, found a larger number"
                : $"{where}: expected an address, hexadecimal with 0x (0x50001abc) or decimal (20000)");
        }

        return geometry.Contains(address) ? address
            : geometry.InKernelHalf(address) ? throw new CommandLineInputException($"{where} is {geometry.Outside(address)}")
            : geometry.SignExtended ? throw new CommandLineInputException($"{where} is {geometry.Outside(address)}; vmsim simulates user address spaces, {geometry.UserRange}")
            : throw new CommandLineInputException(
                $"{where} lies outside the {geometry.AddressBits}-bit address space of {geometry.Name} ({Words.Bytes(geometry.PageSize)} pages), {geometry.UserRange}");
    }
}
