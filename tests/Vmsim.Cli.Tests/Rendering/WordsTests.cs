using Vmsim.Cli.Commands;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Cli.Tests.Rendering;

public sealed class WordsTests
{
    [Theory]
    [InlineData(0, "0 ns")]
    [InlineData(100, "100 ns")]
    [InlineData(1_500, "1.50 µs")]
    [InlineData(10_000, "10.0 µs")]
    [InlineData(3_750_002, "3.75 ms")]
    [InlineData(75_002_000, "75.0 ms")]
    [InlineData(999_999_999, "1.00 s")]
    [InlineData(2_500_000_000, "2.50 s")]
    public void Durations_use_the_unit_that_reads_best(double nanoseconds, string expected)
    {
        Assert.Equal(expected, Words.Duration(nanoseconds));
    }

    [Theory]
    [InlineData(0.0, 4, "0.0000")]
    [InlineData(0.25, 4, "0.2500")]
    [InlineData(0.00005, 4, "0.0001")]
    [InlineData(0.0000499, 4, "4.99e-5")]
    [InlineData(498.0 / 26_103_457, 4, "1.91e-5")]
    [InlineData(0.0000019, 6, "0.000002")]
    [InlineData(0.00000019, 6, "1.90e-7")]
    public void A_miss_ratio_that_its_decimals_would_write_as_zero_is_written_in_significant_digits(double ratio, int decimals, string expected)
    {
        Assert.Equal(expected, Words.MissRatio(ratio, decimals));
    }

    [Theory]
    [InlineData(1, "access", "1 access")]
    [InlineData(0, "access", "0 accesses")]
    [InlineData(12_345, "swap slot", "12,345 swap slots")]
    public void Counts_have_separators_and_their_noun_in_the_right_number(long count, string noun, string expected)
    {
        Assert.Equal(expected, Words.Count(count, noun));
    }

    [Fact]
    public void A_step_of_one_page_or_one_access_is_described_in_the_singular()
    {
        Assert.Equal("p moves its program break down by 1 page", NarrationRenderer.Describe(new BrkStep(3, "p", -1, new PageNumber(0x10))));
        Assert.Equal("p moves its program break up by 2 pages", NarrationRenderer.Describe(new BrkStep(3, "p", 2, new PageNumber(0x10))));
        Assert.Equal("p unmaps 1 page at 0x10", NarrationRenderer.Describe(new MunmapStep(3, "p", null, new PageNumber(0x10), 1)));
        Assert.Equal("p unmaps heap (page 0x11)", NarrationRenderer.Describe(new MunmapStep(3, "p", "heap", new PageNumber(0x11), 1)));
        Assert.Equal("p changes the protection of heap (pages 0x12-0x13) to r--", NarrationRenderer.Describe(new MprotectStep(3, "p", "heap", new PageNumber(0x12), 2, Protection.Read)));
        var touch = new TouchStep(3, "p", "h", null, 0x10, 4, AccessPattern.Random, 1, 1, AccessKind.Read, null, 1.0, 7);
        Assert.Equal("p reads h (pages 0x10-0x13), 1 random access", NarrationRenderer.Describe(touch));
    }

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("4K", 4096L)]
    [InlineData("4k", 4096L)]
    [InlineData("16KiB", 16384L)]
    [InlineData("2M", 2097152L)]
    [InlineData("1G", 1073741824L)]
    [InlineData("512B", 512L)]
    [InlineData("4X", null)]
    [InlineData("-4K", null)]
    [InlineData("", null)]
    public void Sizes_read_bytes_and_binary_suffixes(string text, long? expected)
    {
        Assert.Equal(expected, MachineOptions.ParseBytes(text));
    }

    [Fact]
    public void Free_frames_are_dots_and_pages_are_padded()
    {
        Assert.Equal("[7 0 .]", StepTableRenderer.FramesText([7UL, 0UL, null]));
        Assert.Equal("[12  .  3]", StepTableRenderer.FramesText([12UL, null, 3UL], 2));
    }

    [Fact]
    public void Wrap_breaks_at_spaces_and_keeps_double_spaces_inside_a_line()
    {
        Assert.Equal(["demo.yaml:46  shell", "forks child"], NarrationRenderer.Wrap("demo.yaml:46  shell forks child", 20));
        Assert.Equal(["a-very-long-word", "b"], NarrationRenderer.Wrap("a-very-long-word b", 5));
        Assert.Equal([string.Empty], NarrationRenderer.Wrap(string.Empty, 10));
    }
}
