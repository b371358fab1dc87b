using System.Text;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

/// <summary>
/// A CSV trace opened through <see cref="TraceFormats"/>: the delimiter is inferred once, from the
/// head that detection read, and handed to the reader, which reads the same accesses and says the
/// same things of a bad header as when it infers the delimiter itself.
/// </summary>
public sealed class CsvDelimiterHandOverTests
{
    private static List<MemoryAccess> Open(string text, string? format = null, CsvLayout? csv = null, bool pipe = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using var reader = TraceFormats.Open(pipe ? new PipeStream(bytes, chunk: 5) : new MemoryStream(bytes), "t.csv", format, 4096, csv);
        return TraceFixtures.ReadAll(reader);
    }

    private static ulong[] Pages(IEnumerable<MemoryAccess> accesses) => [.. accesses.Select(a => a.Address >> 12)];

    [Theory]
    [InlineData("time;page;op\n1;5;R\n2;6;W\n", null)]
    [InlineData("time;page;op\n1;5;R\n2;6;W\n", "csv")]
    [InlineData("\n  \ntime\tpage\top\n1\t5\tR\n2\t6\tW\n", null)]
    [InlineData("\n  \ntime\tpage\top\n1\t5\tR\n2\t6\tW\n", "csv")]
    [InlineData("page,op\n5,R\n6,W\n", null)]
    public void Detected_or_given_the_format_reads_the_header_s_delimiter(string text, string? format)
    {
        Assert.Equal([5UL, 6UL], Pages(Open(text, format)));
        Assert.Equal([5UL, 6UL], Pages(Open(text, format, pipe: true)));
    }

    [Fact]
    public void A_headerless_layout_infers_the_delimiter_by_count_not_by_names()
    {
        var layout = new CsvLayout { HasHeader = false, Columns = new CsvColumns(CsvColumn.At(2), IsPage: true) };

        Assert.Equal([5UL, 6UL], Pages(Open("1;5\n2;6\n", "csv", layout)));
    }

    [Fact]
    public void A_header_without_a_page_column_says_the_delimiter_was_inferred_and_how_to_give_one()
    {
        var detected = Assert.Throws<InputFormatException>(() => Open("zeit,seite\n1,5\n"));
        var given = Assert.Throws<InputFormatException>(() => Open("zeit,seite\n1,5\n", "csv"));
        var direct = Assert.Throws<InputFormatException>(() => TraceFixtures.ReadAll(new CsvTraceReader(new MemoryStream("zeit,seite\n1,5\n"u8.ToArray()), 4096, source: "t.csv")));

        Assert.Equal(direct.Message, detected.Message);
        Assert.Equal(direct.Message, given.Message);
        Assert.Contains("found 'zeit', 'seite' (split by ','; if the fields are separated by something else, give --csv-delimiter)", detected.Message, StringComparison.Ordinal);
    }
}
