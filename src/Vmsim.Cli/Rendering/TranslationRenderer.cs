using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Core.Addressing;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// What <c>vmsim translate</c> prints of an <see cref="AddressSplit"/>: the address in binary
/// cut into its fields with each field's name beneath, as the textbook figure draws it, and a
/// table of the fields (each level's index, the offset, the page number) with their bits, in
/// hexadecimal and decimal. Also the same as JSON.
/// </summary>
internal static class TranslationRenderer
{
    /// <summary>Writes the geometry once, then each address.</summary>
    public static void Render(IAnsiConsole console, PageGeometry geometry, IReadOnlyList<AddressSplit> splits)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(splits);
        console.WriteLabelled("Paging: ", $"{geometry.Name}, {Words.Bytes(geometry.PageSize)} pages, {geometry.AddressBits}-bit addresses ({string.Join('+', geometry.LevelBits)} bits + {geometry.OffsetBits}-bit offset)");
        foreach (var split in splits)
        {
            console.WriteLine();
            console.WriteLabelled("Address: ", $"{split.Address} = {split.Address.Value.ToString(CultureInfo.InvariantCulture)}");
            var fields = Fields(split, geometry);
            var cut = fields.Where(f => f.Name != PageField).ToList();
            var widths = cut.Select(f => Math.Max(f.Bits, f.Name.Length)).ToList();
            console.Write(new Text(string.Join(' ', cut.Select((f, i) => Binary(f.Value, f.Bits).PadRight(widths[i]))).TrimEnd() + "\n"));
            console.Write(new Text(string.Join(' ', cut.Select((f, i) => f.Name.PadRight(widths[i]))).TrimEnd() + "\n"));
            var table = new Table { Border = TableBorder.Rounded }
                .AddColumn("Field")
                .AddColumn(new TableColumn("Bits").RightAligned())
                .AddColumn(new TableColumn("Width").RightAligned())
                .AddColumn(new TableColumn("Hex").RightAligned())
                .AddColumn(new TableColumn("Decimal").RightAligned());
            foreach (var field in fields)
            {
                // Text, not markup: level names such as sv39's VPN[2] hold brackets.
                table.AddRow(
                    new Text(field.Name),
                    new Text($"{field.HighBit}-{field.LowBit}"),
                    new Text(field.Bits.ToString(CultureInfo.InvariantCulture)),
                    new Text(Hex(field.Value)),
                    new Text(field.Value.ToString(CultureInfo.InvariantCulture)));
            }

            console.Write(table);
        }
    }

    /// <summary>The geometry as JSON: its name, page size, address and offset bits, and each level's name and bits.</summary>
    public static JsonObject GeometryJson(PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new JsonObject
        {
            ["name"] = geometry.Name,
            ["pageSize"] = geometry.PageSize,
            ["addressBits"] = geometry.AddressBits,
            ["offsetBits"] = geometry.OffsetBits,
            ["levels"] = new JsonArray([.. geometry.LevelNames.Zip(geometry.LevelBits, (n, b) => (JsonNode)new JsonObject { ["name"] = n, ["bits"] = b })]),
        };
    }

    /// <summary>One address as JSON: the address, its page and offset, and the index at each level, each with its bits, in hexadecimal and as a number.</summary>
    public static JsonObject Json(AddressSplit split, PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(geometry);
        var fields = Fields(split, geometry);
        return new JsonObject
        {
            ["address"] = split.Address.ToString(),
            ["value"] = split.Address.Value,
            ["page"] = FieldJson(fields.Single(f => f.Name == PageField)),
            ["offset"] = FieldJson(fields.Single(f => f.Name == OffsetField)),
            ["levels"] = new JsonArray([.. fields.Take(split.Levels.Count).Select(f => (JsonNode)FieldJson(f, named: true))]),
        };
    }

    private const string PageField = "page number";

    private const string OffsetField = "offset";

    // The fields of an address from its high bits down: each level's index, the offset, then
    // the page number, which is the indexes together.
    private static List<Field> Fields(AddressSplit split, PageGeometry geometry)
    {
        var fields = split.Levels.Select(l => new Field(l.Name, (ulong)l.Index, l.Bits, l.HighBit, l.LowBit)).ToList();
        fields.Add(new Field(OffsetField, split.Offset, geometry.OffsetBits, geometry.OffsetBits - 1, 0));
        fields.Add(new Field(PageField, split.Page.Value, geometry.PageNumberBits, geometry.AddressBits - 1, geometry.OffsetBits));
        return fields;
    }

    private static JsonObject FieldJson(Field field, bool named = false)
    {
        var json = new JsonObject();
        if (named)
        {
            json["name"] = field.Name;
        }

        json["hex"] = Hex(field.Value);
        json["value"] = field.Value;
        json["bits"] = field.Bits;
        json["highBit"] = field.HighBit;
        json["lowBit"] = field.LowBit;
        return json;
    }

    private static string Hex(ulong value) => $"0x{value:x}";

    private static string Binary(ulong value, int bits) => Convert.ToString((long)value, 2).PadLeft(bits, '0');

    private sealed record Field(string Name, ulong Value, int Bits, int HighBit, int LowBit);
}
