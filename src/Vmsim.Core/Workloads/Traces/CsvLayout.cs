namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// How a CSV trace is laid out: the character between its fields, whether it starts with a
/// header, and which columns hold what. Whatever is not given is inferred: the delimiter from
/// the first line that is not blank (<see cref="InferDelimiter(ReadOnlySpan{byte}, bool)"/>), the columns from the header
/// (<see cref="CsvColumns.Infer"/>).
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

    /// <summary>True when the header names the columns: there is one, and no column map is given.</summary>
    internal bool ColumnsByName => HasHeader && Columns is null;

    /// <summary>
    /// The delimiter of a CSV file whose first line (<see cref="CsvTraceReader"/>: its first line
    /// that is not blank) is <paramref name="firstLine"/>. With <paramref name="byColumnNames"/>
    /// (for a header and no column map), the first of ',', ';' and tab whose split of the line
    /// gives a name that <see cref="CsvColumns.Infer"/> takes for a page or address column. Otherwise,
    /// or when none does, by what the line holds outside quoted names: a comma when it has one;
    /// otherwise a semicolon or a tab, whichever it has more of (a semicolon on a tie); a comma
    /// when it has neither.
    /// </summary>
    public static byte InferDelimiter(ReadOnlySpan<byte> firstLine, bool byColumnNames = false) =>
        InferDelimiter(firstLine, byColumnNames ? ColumnNamesDelimiter(firstLine) : null);

    /// <summary>
    /// The delimiter <see cref="InferDelimiter(ReadOnlySpan{byte}, bool)"/> infers, from what
    /// <see cref="ColumnNamesDelimiter"/> found for <paramref name="firstLine"/>
    /// (<paramref name="namedBy"/>; null when it found none, or not by column names), so that a
    /// line already split for detection is not split again.
    /// </summary>
    internal static byte InferDelimiter(ReadOnlySpan<byte> firstLine, byte? namedBy) => namedBy ?? ByCount(firstLine);

    // The delimiter by what the line holds outside quoted names (see InferDelimiter).
    private static byte ByCount(ReadOnlySpan<byte> firstLine)
    {
        if (CsvHeaderLine.CountOutsideQuotes(firstLine, (byte)',') > 0)
        {
            return (byte)',';
        }

        var semicolons = CsvHeaderLine.CountOutsideQuotes(firstLine, (byte)';');
        var tabs = CsvHeaderLine.CountOutsideQuotes(firstLine, (byte)'\t');
        return semicolons == 0 && tabs == 0 ? (byte)',' : semicolons >= tabs ? (byte)';' : (byte)'\t';
    }

    /// <summary>
    /// True when <paramref name="firstLine"/> reads as the header of a CSV trace (for format
    /// detection): ',', ';' or tab splits it into names among which <see cref="CsvColumns.Infer"/>
    /// finds a page or address column (<paramref name="namedBy"/>, what
    /// <see cref="ColumnNamesDelimiter"/> found for it, is not null), or it has a comma outside
    /// quoted names.
    /// </summary>
    internal static bool IsHeader(ReadOnlySpan<byte> firstLine, byte? namedBy) =>
        namedBy is not null || CsvHeaderLine.CountOutsideQuotes(firstLine, (byte)',') > 0;

    /// <summary>The first of ',', ';' and tab that splits <paramref name="header"/> into names with a page or address column among them, or null.</summary>
    internal static byte? ColumnNamesDelimiter(ReadOnlySpan<byte> header)
    {
        foreach (var delimiter in ",;\t"u8)
        {
            if (CsvColumns.Infer(CsvHeaderLine.Names(header, delimiter)) is not null)
            {
                return delimiter;
            }
        }

        return null;
    }

    /// <summary>The delimiter as a person would name it in a message: ',' ';' 'tab' or the character.</summary>
    public static string Describe(byte delimiter) => delimiter == (byte)'\t' ? "tab" : $"'{(char)delimiter}'";
}
