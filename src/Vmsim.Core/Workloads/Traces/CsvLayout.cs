using System.Text;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// How a CSV trace is laid out: the character between its fields, whether it starts with a
/// header, and which columns hold what. Whatever is not given is inferred: the delimiter from
/// the first line (<see cref="InferDelimiter"/>), the columns from the header (<see cref="CsvColumns.Infer"/>).
/// </summary>
public sealed record CsvLayout
{
    /// <summary>The layout that infers everything: a delimiter from the first line, columns from the header.</summary>
    public static CsvLayout Inferred { get; } = new();

    /// <summary>The field delimiter, an ASCII character other than a quote or a line end; null to infer it from the first line.</summary>
    public byte? Delimiter { get; init; }

    /// <summary>True (the default) when the first line is a header of column names.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The column map; null to infer it from the header.</summary>
    public CsvColumns? Columns { get; init; }

    /// <summary>
    /// The delimiter of a CSV file whose first line is <paramref name="firstLine"/>: a comma when
    /// the line has one; otherwise a semicolon or a tab, whichever it has more of (a semicolon
    /// on a tie); a comma when it has neither.
    /// </summary>
    public static byte InferDelimiter(ReadOnlySpan<byte> firstLine)
    {
        if (firstLine.Contains((byte)','))
        {
            return (byte)',';
        }

        var semicolons = firstLine.Count((byte)';');
        var tabs = firstLine.Count((byte)'\t');
        return semicolons == 0 && tabs == 0 ? (byte)',' : semicolons >= tabs ? (byte)';' : (byte)'\t';
    }

    /// <summary>
    /// True when <paramref name="firstLine"/> reads as the header of a CSV trace (for format
    /// detection): it has a comma, or it is split by a semicolon or a tab into names among which
    /// <see cref="CsvColumns.Infer"/> finds a page or address column.
    /// </summary>
    internal static bool IsHeader(ReadOnlySpan<byte> firstLine)
    {
        var delimiter = InferDelimiter(firstLine);
        if (firstLine.Contains(delimiter))
        {
            if (delimiter == (byte)',')
            {
                return true;
            }

            var names = Encoding.UTF8.GetString(firstLine).Split((char)delimiter).Select(n => n.Trim().Trim('"')).ToList();
            return CsvColumns.Infer(names) is not null;
        }

        return false;
    }

    /// <summary>The delimiter as a person would name it in a message: ',' ';' 'tab' or the character.</summary>
    public static string Describe(byte delimiter) => delimiter == (byte)'\t' ? "tab" : $"'{(char)delimiter}'";
}
