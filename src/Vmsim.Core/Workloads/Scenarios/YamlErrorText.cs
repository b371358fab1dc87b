using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// YamlDotNet's parser messages in plain words: what was expected at the line and column it
/// stopped at, read off the lines around it ("expected '- ' at column 3 to start the list's
/// next item (as on line 9), found 'region: heap'; if it belongs to the item above, indent it
/// to column 5, in line with 'touch'"). A message it does not know is given as YamlDotNet
/// wrote it.
/// </summary>
internal static partial class YamlErrorText
{
    /// <summary>
    /// <paramref name="message"/>, YamlDotNet's, for the parser stopped at <paramref name="at"/>
    /// in <paramref name="yaml"/>, said in plain words.
    /// </summary>
    public static string Explain(string message, string yaml, Mark at)
    {
        var lines = yaml.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var line = (int)at.Line;
        var column = (int)at.Column;
        var found = Found(lines, line, column);
        if (message.Contains("did not find expected '-' indicator", StringComparison.Ordinal))
        {
            return ListItem(lines, line, column, found) ?? message;
        }

        if (message.Contains("parsing a block mapping, did not find expected key", StringComparison.Ordinal))
        {
            return MappingField(lines, line, column, found) ?? message;
        }

        if (message.Contains("did not find expected ',' or '}'", StringComparison.Ordinal))
        {
            return Flow(lines, line, column, "field", "'{ }' mapping", '}') ?? message;
        }

        if (message.Contains("did not find expected ',' or ']'", StringComparison.Ordinal))
        {
            return Flow(lines, line, column, "item", "'[ ]' list", ']') ?? message;
        }

        if (DuplicateKey().Match(message) is { Success: true } duplicate)
        {
            var key = duplicate.Groups[1].Value.Trim();
            var first = Enumerable.Range(1, Math.Max(0, line - 1)).Reverse()
                .FirstOrDefault(n => KeyColumn(lines[n - 1]) == KeyColumn(lines[line - 1]) && KeyOf(Content(lines[n - 1]).TrimStart('-', ' ')) == key);
            return $"the field '{key}' is given twice in one mapping{(first > 0 ? $" (first on line {first})" : string.Empty)}; give it once";
        }

        if (message.Contains("could not find expected ':'", StringComparison.Ordinal))
        {
            return $"expected ':' after a field's name (name: value), found '{found}'";
        }

        if (message.Contains("did not find expected node content", StringComparison.Ordinal))
        {
            return $"expected a value here, found '{found}'";
        }

        if (message.Contains("Block sequence entries are not allowed in this context", StringComparison.Ordinal))
        {
            return "a list item ('- ') cannot start here: a list starts on the line after its field's name (name:), each item on a line of its own, indented alike";
        }

        if (message.Contains("quoted scalar", StringComparison.Ordinal))
        {
            return "the quoted value that starts here is never closed: expected its closing quote on the same line (a quoted value may go on to the next lines only when they are indented more than its field)";
        }

        if (MissingAnchor().Match(message) is { Success: true } anchor)
        {
            return $"'*{anchor.Groups[1].Value}' repeats a value marked '&{anchor.Groups[1].Value}', and no value above is marked so";
        }

        if (message.Contains("invalid mapping", StringComparison.Ordinal) || message.Contains("Mapping values are not allowed", StringComparison.Ordinal))
        {
            return Continuation(lines, line)
                ?? (ColonInValue(lines, line) is { } quoted ? $"{message.TrimEnd('.')}; a value that contains ': ' must be quoted, such as {quoted}" : message);
        }

        return message;
    }

    // A line at the column of a list's items that does not start an item: either a new item
    // missing its '- ', or a field of the item above indented too little.
    private static string? ListItem(string[] lines, int line, int column, string found)
    {
        var dash = Above(lines, line).FirstOrDefault(n => Content(lines[n - 1]).StartsWith('-') && Indent(lines[n - 1]) + 1 <= column);
        if (dash == 0)
        {
            return null;
        }

        var dashColumn = Indent(lines[dash - 1]) + 1;
        if (found.StartsWith('-'))
        {
            return $"expected the list's next item at column {dashColumn}, in line with the '-' on line {dash}, found '{found}' at column {column}: the items of a list are indented alike";
        }

        var item = Content(lines[dash - 1])[1..];
        var itemColumn = dashColumn + 1 + (item.Length - item.TrimStart().Length);
        var firstKey = KeyOf(item.TrimStart());
        return $"expected '- ' at column {dashColumn} to start the list's next item (as on line {dash}), found '{found}'"
            + (firstKey is null ? string.Empty : $"; if it belongs to the item above, indent it to column {itemColumn}, in line with '{firstKey}'");
    }

    // Inside '{ }' or '[ ]', two entries without the ',' between them: YAML reads the words
    // after the first value as more of it, up to where the second entry's ':' or end shows.
    private static string? Flow(string[] lines, int line, int column, string entry, string what, char close)
    {
        var text = lines.ElementAtOrDefault(line - 1);
        if (text is null || column < 1 || column - 1 > text.Length)
        {
            return null;
        }

        var start = text.LastIndexOfAny([',', '{', '['], Math.Max(0, column - 2)) + 1;
        var read = text[start..(column - 1)].Trim();
        var space = read.LastIndexOf(' ');
        if (space < 0 || read.EndsWith('}') || read.EndsWith(']'))
        {
            var rest = text[(column - 1)..].Trim();
            return $"expected ',' before the next {entry} of this {what}, or '{close}' to close it, found {(rest.Length == 0 ? "the end of the input" : $"'{rest}'")}";
        }

        var next = (read[(space + 1)..] + text[(column - 1)..]).Trim();
        return $"expected ',' after '{read[..space].Trim()}', before the next {entry} of this {what}, or '{close}' to close it, found '{next}'";
    }

    // A line where the mapping around it wanted its next field: indented unlike the fields
    // before it, or not a field at all.
    private static string? MappingField(string[] lines, int line, int column, string found)
    {
        var field = Above(lines, line).FirstOrDefault(n => KeyOf(Content(lines[n - 1]).TrimStart('-', ' ')) is not null && KeyColumn(lines[n - 1]) <= column);
        if (field == 0)
        {
            return null;
        }

        var keyColumn = KeyColumn(lines[field - 1]);
        var key = KeyOf(Content(lines[field - 1]).TrimStart('-', ' '));
        return $"expected a field (name: value) at column {keyColumn}, in line with '{key}' on line {field}, found '{found}'"
            + (keyColumn == column ? string.Empty : $" at column {column}: the fields of one mapping are indented alike");
    }

    // A line indented more than the field before it, which YAML reads as more of that field's
    // value (and then refuses its ': '); or a line under a list item that has no ':'.
    private static string? Continuation(string[] lines, int line)
    {
        var previous = Above(lines, line).FirstOrDefault();
        if (previous == 0 || KeyOf(Content(lines[line - 1]).TrimStart('-', ' ')) is not { } key)
        {
            return null;
        }

        var text = Content(lines[previous - 1]);
        var ownColumn = Indent(lines[line - 1]) + 1;
        if (KeyOf(text.TrimStart('-', ' ')) is { } before)
        {
            var beforeColumn = KeyColumn(lines[previous - 1]);
            return ownColumn > beforeColumn && ValueOf(text).Length > 0
                ? $"line {line} is indented more than '{before}' on line {previous}, so YAML reads it as more of the value of '{before}' and finds a ': ' inside it; indent '{key}' to column {beforeColumn}, in line with '{before}'"
                : null;
        }

        var plain = text.TrimStart('-', ' ');
        return text.StartsWith('-') && plain.Length > 0 && !plain.StartsWith('{') && !plain.StartsWith('[')
            ? $"'{plain}' on line {previous} has no ':', so YAML reads line {line} as more of its text and finds a ': ' inside it; write '{plain}:' if it names a field"
            : null;
    }

    // YAML reads "title: homework: part 2" as a mapping inside a value, which it refuses; for
    // that refusal, the line written with its value quoted ('title: "homework: part 2"').
    private static string? ColonInValue(string[] lines, int line)
    {
        var text = lines.ElementAtOrDefault(line - 1) ?? string.Empty;
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var key = text[..colon].Trim().TrimStart('-').TrimStart();
        var value = text[(colon + 2)..].Trim();
        return value.Contains('"', StringComparison.Ordinal)
            ? $"{key}: '{value.Replace("'", "''", StringComparison.Ordinal)}'"
            : $"{key}: \"{value}\"";
    }

    // The text from the place the parser stopped to the end of its line, or "the end of the file".
    private static string Found(string[] lines, int line, int column)
    {
        var text = line >= 1 && line <= lines.Length ? lines[line - 1] : string.Empty;
        var rest = column >= 1 && column - 1 < text.Length ? text[(column - 1)..].Trim() : string.Empty;
        return rest.Length > 0 ? rest : line > lines.Length || lines.Skip(line).All(l => l.Trim().Length == 0) ? "the end of the file" : "nothing";
    }

    // The lines above line (counted from 1), nearest first, leaving out blank lines and comments.
    private static IEnumerable<int> Above(string[] lines, int line)
    {
        for (var n = Math.Min(line, lines.Length + 1) - 1; n >= 1; n--)
        {
            var content = Content(lines[n - 1]);
            if (content.Length > 0 && !content.StartsWith('#'))
            {
                yield return n;
            }
        }
    }

    private static int Indent(string text) => text.Length - text.TrimStart(' ').Length;

    private static string Content(string text) => text.Trim();

    // The column of a line's field name: after the '- ' of a list item that starts with a field.
    private static int KeyColumn(string text)
    {
        var content = text.TrimStart(' ');
        var column = Indent(text) + 1;
        while (content.StartsWith('-'))
        {
            var rest = content[1..];
            column += 1 + (rest.Length - rest.TrimStart(' ').Length);
            content = rest.TrimStart(' ');
        }

        return column;
    }

    // The field name a line starts with ("frames" of "frames: 4"), or null.
    private static string? KeyOf(string text) => FieldName().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static string ValueOf(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+)\s*:(\s|$)")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^Duplicate key (.+)$")]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"anchor '([^']*)' does not exist")]
    private static partial Regex MissingAnchor();
}
