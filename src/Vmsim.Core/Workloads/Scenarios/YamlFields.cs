using System.Globalization;
using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads.Traces;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// Typed reading of one YAML mapping's fields, where every mistake becomes an
/// <see cref="InputFormatException"/> naming the file, line, column, field, what was
/// expected and what was found. Unknown fields are errors, so a misspelt one is never
/// silently ignored.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _source;
    private readonly YamlMappingNode _node;
    private readonly string _what;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlFields(string source, YamlNode node, string what)
    {
        _source = source;
        _what = what;
        _node = node as YamlMappingNode ?? throw Error(node, $"expected {what} as a mapping of fields (key: value), found {Describe(node)}");
    }

    public YamlMappingNode Node => _node;

    public bool Has(string key) => Find(key) is not null;

    public YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                _read.Add(key);
                return v;
            }
        }

        return null;
    }

    /// <summary>The key node of the field <paramref name="key"/> (where the field is written), or null.</summary>
    public YamlNode? Key(string key) =>
        _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == key);

    public string? String(string key)
    {
        var node = Find(key);
        return node is null ? null : Scalar(node, key, "a text value");
    }

    public string RequireString(string key) =>
        String(key) ?? throw Error(_node, $"{_what} needs the field '{key}'");

    public long? Integer(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "a whole number");
        var parsed = TryParseInteger(text, out var value);
        if (!parsed || value < min || value > max)
        {
            // A number too large to read at all is told the whole range, its upper end included.
            var tooLarge = !parsed && TraceText.IsNumeral(text.TrimStart('-', '+'), hex: false);
            var range = tooLarge ? FullRange(min, max) : Range(min, max);
            throw Error(node, $"field '{key}': expected a whole number{range}, found '{text}'");
        }

        return value;
    }

    public double? Number(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "a number");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || !double.IsFinite(value))
        {
            throw Error(node, $"field '{key}': expected a number{Range(min, max)}, found '{text}'");
        }

        return value;
    }

    public bool? Boolean(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "true or false");
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(node, $"field '{key}': expected true or false, found '{text}'"),
        };
    }

    /// <summary>
    /// A size in bytes: a whole number with an optional K, M or G suffix (powers of 1024), at
    /// least <paramref name="minimum"/> (a size is at least 1; an offset may be 0).
    /// </summary>
    public long? Bytes(string key, long minimum = 1)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "a size");
        if (!TryParseBytes(text, out var bytes) || bytes < minimum)
        {
            throw Error(node, $"field '{key}': expected a {(minimum == 0 ? "number of bytes" : "size in bytes")} from {minimum} to {long.MaxValue.ToString("N0", CultureInfo.InvariantCulture)}, such as 4096, 16K or 2M, found '{text}'");
        }

        return bytes;
    }

    public Protection? Protection(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "a protection");
        if (!ProtectionText.TryParse(text, out var protection))
        {
            var slip = ProtectionText.Completed(text) is { } completed ? $" (did you mean '{completed}'?)" : string.Empty;
            throw Error(node, $"field '{key}': expected a protection in rwx notation, three characters each its letter or '-' for absent, such as r--, rw-, r-x or --x, found '{text}'{slip}");
        }

        return protection;
    }

    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, key, "one of " + string.Join(", ", choices.Keys));
        if (!choices.TryGetValue(text.ToLowerInvariant(), out var value))
        {
            throw Error(node, $"field '{key}': expected one of {string.Join(", ", choices.Keys)}, found '{text}'{Spelling.Suggestion(text, choices.Keys)}");
        }

        return value;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        return node as YamlSequenceNode ?? throw Error(node, $"field '{key}': expected a list (lines starting with '- '), found {Describe(node)}");
    }

    /// <summary>
    /// Fails, at the field's name, when <paramref name="key"/> is given where it would be
    /// ignored; <paramref name="why"/> says so and what it is for.
    /// </summary>
    public void Refuse(string key, string why)
    {
        if (Key(key) is { } given)
        {
            throw Error(given, $"field '{key}': {why}");
        }
    }

    /// <summary>Fails on any field that was not read, naming the ones this mapping accepts.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "?";
            if (!_read.Contains(name) && !known.Contains(name))
            {
                throw Error(k, $"unknown field '{name}' in {_what}{Spelling.Suggestion(name, known)}; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    public InputFormatException Error(YamlNode node, string problem) => Error(_source, node, problem);

    public static InputFormatException Error(string source, YamlNode node, string problem) =>
        new(source, (int)node.Start.Line, (int)node.Start.Column, problem);

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "nothing",
    };

    public static bool TryParseInteger(string text, out long value)
    {
        text = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var ok = ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex);
            value = (long)hex;
            return ok && hex <= long.MaxValue;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
        var digits = multiplier == 1 ? text : text[..^1];
        if (!TryParseInteger(digits, out var n) || n < 0 || n > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = n * multiplier;
        return true;
    }

    private string Scalar(YamlNode node, string key, string expected) =>
        node is YamlScalarNode { Value: { } value } && (value.Length > 0 || ((YamlScalarNode)node).Style != ScalarStyle.Plain)
            ? value
            : throw Error(node, $"field '{key}': expected {expected}, found {Describe(node)}");

    private static string Range(double min, double max) =>
        (min, max) switch
        {
            (double.MinValue, double.MaxValue) => string.Empty,
            _ => $" from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        };

    private static string Range(long min, long max) =>
        (min, max) switch
        {
            (long.MinValue, long.MaxValue) => string.Empty,
            (_, long.MaxValue) => $" of at least {min.ToString("N0", CultureInfo.InvariantCulture)}",
            _ => FullRange(min, max),
        };

    private static string FullRange(long min, long max) =>
        $" from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}";
}
