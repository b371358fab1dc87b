using Vmsim.Cli.Commands;

namespace Vmsim.Cli.Tests.Commands;

public sealed class SizeListTests
{
    [Theory]
    [InlineData("64", new long[] { 64 })]
    [InlineData("1-5", new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("16-64/16", new long[] { 16, 32, 48, 64 })]
    [InlineData("10-25/10", new long[] { 10, 20 })]
    [InlineData("8,1-3,8,100", new long[] { 1, 2, 3, 8, 100 })]
    [InlineData("64K", new long[] { 65_536 })]
    [InlineData("1k-3Ki/1K", new long[] { 1024, 2048, 3072 })]
    [InlineData("1M,32M", new long[] { 1 << 20, 1 << 25 })]
    public void Sizes_read_as_numbers_ranges_steps_and_lists(string text, long[] expected)
    {
        Assert.Equal(expected, SizeList.Parse(text, "--sizes", 1000, 1 << 26, 4096));
    }

    [Fact]
    public void Log_spacing_runs_from_1_to_the_footprint_without_repeats()
    {
        var sizes = SizeList.Parse("log", "--sizes", 10_000, 1 << 26, 4096);

        Assert.Equal(1, sizes[0]);
        Assert.Equal(10_000, sizes[^1]);
        Assert.InRange(sizes.Count, 25, SizeList.DefaultPoints);
        Assert.Equal(sizes.Distinct().Order(), sizes);
        Assert.Equal([1L, 2, 3, 4, 5], SizeList.Parse("log", "--sizes", 5, 1 << 26, 4096));
        Assert.Equal(8, SizeList.Parse("log:8", "--sizes", 1_000_000, 1 << 26, 4096).Count);
    }

    [Theory]
    [InlineData("", "expected sizes")]
    [InlineData("1,,3", "found nothing between two commas in '1,,3'")]
    [InlineData("8,", "found nothing after the last comma in '8,'")]
    [InlineData(" ,8", "found nothing before the first comma in ' ,8'")]
    [InlineData("0", "from 1")]
    [InlineData("5-2", "runs backwards")]
    [InlineData("1-2-3", "expected sizes")]
    [InlineData("1-100000", "more than 4096 sizes")]
    [InlineData("log:x", "log:N")]
    [InlineData("64KiB", "counts frames, not bytes")]
    [InlineData("4MB", "counts frames, not bytes")]
    [InlineData("64kb", "counts frames, not bytes")]
    [InlineData("64KK", "expected a number of frames from 1 to 67,108,864")]
    [InlineData("65M", "expected a number of frames from 1 to 67,108,864")]
    public void Bad_sizes_name_the_option(string text, string expected)
    {
        var error = Assert.Throws<CommandLineInputException>(() => SizeList.Parse(text, "--sizes", 1000, 1 << 26, 4096));

        Assert.StartsWith("--sizes: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
