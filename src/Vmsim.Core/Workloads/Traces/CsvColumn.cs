using System.Globalization;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>A column of a CSV trace, by its header name or by its 1-based number (as in libCacheSim's <c>obj-id-col=2</c>).</summary>
public readonly record struct CsvColumn
{
    private CsvColumn(string? name, int number)
    {
        Name = name;
        Number = number;
    }

    /// <summary>The header name (matched ignoring case and surrounding blanks), or null when given by number.</summary>
    public string? Name { get; }

    /// <summary>The 1-based column number, or 0 when given by name.</summary>
    public int Number { get; }

    /// <summary>The column whose header is <paramref name="name"/>.</summary>
    public static CsvColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CsvColumn(name.Trim(), 0);
    }

    /// <summary>The column at 1-based position <paramref name="number"/>.</summary>
    public static CsvColumn At(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return new CsvColumn(null, number);
    }

    /// <summary>Reads a command-line spelling: a number is a 1-based position, anything else a header name.</summary>
    public static CsvColumn Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? At(number)
            : Named(text);
    }

    /// <summary>The column as a person would name it: <c>'page'</c> or <c>column 3</c>.</summary>
    public override string ToString() => Name is null ? $"column {Number}" : $"'{Name}'";
}
