using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// A piece of a JSON document kept as its compact UTF-8 text from when it is made until the
/// document is written: for a big piece made long before, such as the policy's state after a
/// recorded step of a replay, every frame of a large memory (as <see cref="JsonNode"/>s it would
/// take several times the room of its text). Put in a document as a node (<see cref="Pack"/>), it
/// is written as the nodes it was made of would be, indented with the document; then the writer
/// hands what it holds on to its output (<see cref="JsonSummary.Write"/>).
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class PackedJson
{
    private static readonly JsonWriterOptions Compact = JsonSummary.Options with { Indented = false };
    private static readonly JsonTypeInfo<PackedJson> TypeInfo = (JsonTypeInfo<PackedJson>)JsonSerializerOptions.Default.GetTypeInfo(typeof(PackedJson));
    private readonly byte[] _utf8;

    private PackedJson(byte[] utf8) => _utf8 = utf8;

    /// <summary><paramref name="node"/> packed, as a node to put in a document in its place.</summary>
    public static JsonNode Pack(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(text, Compact))
        {
            node.WriteTo(writer);
        }

        return JsonValue.Create(new PackedJson(text.WrittenSpan.ToArray()), TypeInfo)!;
    }

    // Writes a packed piece where it stands, then commits what the writer holds (to its stream,
    // if it has one): a packed piece is big, and the document need not wait for its end to go.
    private sealed class Converter : JsonConverter<PackedJson>
    {
        public override PackedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a packed piece of JSON is only written");

        public override void Write(Utf8JsonWriter writer, PackedJson value, JsonSerializerOptions options)
        {
            using var document = JsonDocument.Parse(value._utf8);
            document.RootElement.WriteTo(writer);
            writer.Flush();
        }
    }
}
