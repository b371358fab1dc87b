using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

public sealed class CsvLayoutOptionsTests
{
    [Fact]
    public void No_choice_gives_no_layout_so_everything_is_inferred()
    {
        string? format = null;
        Assert.True(new CsvLayoutOptions().TryBuild(ref format, out var layout, out var problem));
        Assert.Null(layout);
        Assert.Null(problem);
        Assert.Null(format);
    }

    [Fact]
    public void Columns_by_number_or_name_the_header_and_the_delimiter_make_the_layout_the_reader_takes()
    {
        var options = new CsvLayoutOptions { Page = "2", Op = " op ", Delimiter = "tab" };

        string? format = TraceFormats.Csv;
        Assert.True(options.TryBuild(ref format, out var layout, out _));
        Assert.Equal(new CsvLayout { Columns = new CsvColumns(CsvColumn.At(2), IsPage: true, CsvColumn.Named("op")), Delimiter = (byte)'\t' }, layout);

        var headerless = new CsvLayoutOptions { Address = "3", Pid = "1", NoHeader = true, Delimiter = ";" };
        string? detected = null;
        Assert.True(headerless.TryBuild(ref detected, out layout, out _));
        Assert.Equal(new CsvLayout { Columns = new CsvColumns(CsvColumn.At(3), IsPage: false, Pid: CsvColumn.At(1)), HasHeader = false, Delimiter = (byte)';' }, layout);
        Assert.Equal(TraceFormats.Csv, detected);
    }

    [Theory]
    [InlineData("lackey", "2", null, null, "--csv-page, --csv-address, --csv-op, --csv-pid, --csv-no-header and --csv-delimiter are for csv traces, but --format says lackey")]
    [InlineData(null, "2", "3", null, "--csv-page and --csv-address: give one of them, the column of page numbers or the column of addresses")]
    [InlineData(null, " ", null, null, "--csv-page: expected a column name or a 1-based number, found an empty value")]
    [InlineData(null, "page", null, "x", "--csv-delimiter: expected a character that no value holds, such as , ; | or tab, found 'x'")]
    public void A_choice_that_cannot_be_used_is_refused_naming_its_option(string? format, string? page, string? address, string? delimiter, string expected)
    {
        var options = new CsvLayoutOptions { Page = page, Address = address, Delimiter = delimiter };

        Assert.False(options.TryBuild(ref format, out var layout, out var problem));
        Assert.Null(layout);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}
