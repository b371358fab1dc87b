using System.Text;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// The first line of a CSV trace, as format detection and <see cref="CsvTraceReader"/> both find
/// it (the first line that is not blank), and the names it holds once split by a delimiter:
/// a delimiter inside a quoted name (<c>"op, kind"</c>) splits nothing.
/// </summary>
internal static class CsvHeaderLine
{
    /// <summary>
    /// The first line of <paramref name="text"/> that is not blank (spaces and tabs alone), without
    /// its line end; empty when there is none. <paramref name="ended"/> is false when no newline
    /// ends it within <paramref name="text"/>, so that more input may belong to it.
    /// </summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> text, out bool ended)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (!TraceText.IsBlank(line))
            {
                ended = newline >= 0;
                return line;
            }

            text = newline < 0 ? default : text[(newline + 1)..];
        }

        ended = false;
        return default;
    }

    /// <summary>How many times <paramref name="c"/> occurs in <paramref name="line"/> outside double quotes.</summary>
    public static int CountOutsideQuotes(ReadOnlySpan<byte> line, byte c)
    {
        var count = 0;
        var quoted = false;
        foreach (var b in line)
        {
            if (b == (byte)'"')
            {
                // An escaped quote ("") inside a quoted name toggles twice: it stays quoted.
                quoted = !quoted;
            }
            else if (b == c && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The names <paramref name="line"/> holds, split by <paramref name="delimiter"/> outside
    /// double quotes, each without the blanks around it and, when quoted, without its quotes.
    /// </summary>
    public static List<string> Names(ReadOnlySpan<byte> line, byte delimiter)
    {
        var names = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (i == line.Length || (line[i] == delimiter && !quoted))
            {
                names.Add(Unquote(Encoding.UTF8.GetString(line[start..i]).Trim(' ', '\t')));
                start = i + 1;
            }
        }

        return names;
    }

    private static string Unquote(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;
}
