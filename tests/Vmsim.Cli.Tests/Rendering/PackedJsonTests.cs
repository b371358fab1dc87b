using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Tests.Rendering;

/// <summary>
/// A piece of JSON kept packed until its document is written (a replay step's policy state) is
/// written as its nodes would be, and the document goes to the output as it is written.
/// </summary>
public sealed class PackedJsonTests
{
    // A policy state's shape, with text that is escaped ("\n", a quote) and text that is not (∞, µ).
    private static JsonObject State() => new()
    {
        ["state"] = "T1: 3@∞ \"hot\"\nT2: 5",
        ["summary"] = "p = 0 µs",
        ["ranked"] = true,
        ["timeIs"] = null,
        ["value"] = 0.1,
        ["order"] = new JsonArray(new JsonObject { ["page"] = 18446744073709551615UL, ["frame"] = 0 }, new JsonObject { ["page"] = 5, ["list"] = "T2" }),
        ["empty"] = new JsonArray(),
    };

    private static string Written(JsonNode policy)
    {
        var text = new StringWriter();
        JsonSummary.Write(text, new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["step"] = 1, ["policy"] = policy }) });
        return text.ToString();
    }

    [Fact]
    public void A_packed_piece_deep_in_a_document_is_written_as_its_nodes_would_be()
    {
        var packed = Written(PackedJson.Pack(State()));

        Assert.Equal(Written(State()), packed);
        Assert.Contains("\n        \"state\": \"T1: 3@∞ \\\"hot\\\"\\nT2: 5\",\n", packed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_goes_to_the_output_as_soon_as_a_packed_piece_is_written()
    {
        var text = new StringWriter();
        using var stream = new TextWriterStream(text);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartArray();
        PackedJson.Pack(new JsonObject { ["page"] = 7 }).WriteTo(writer);

        Assert.Equal("[{\"page\":7}", text.ToString());
    }

    [Fact]
    public void A_character_cut_between_two_writes_reaches_the_text_whole()
    {
        var text = new StringWriter();
        var bytes = Encoding.UTF8.GetBytes("3@∞ µ");
        using (var stream = new TextWriterStream(text))
        {
            stream.Write(bytes, 0, 3);
            stream.Write(bytes, 3, 2);
            stream.Write(bytes.AsSpan(5));
        }

        Assert.Equal("3@∞ µ", text.ToString());
    }
}
