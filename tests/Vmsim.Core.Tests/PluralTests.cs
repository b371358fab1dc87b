namespace Vmsim.Core.Tests;

public sealed class PluralTests
{
    [Theory]
    [InlineData(1, "page", "1 page")]
    [InlineData(-1, "page", "-1 page")]
    [InlineData(0, "page", "0 pages")]
    [InlineData(2, "resident page", "2 resident pages")]
    [InlineData(1, "resident page", "1 resident page")]
    [InlineData(3, "access", "3 accesses")]
    [InlineData(1, "access", "1 access")]
    [InlineData(2, "process", "2 processes")]
    [InlineData(4, "TLB entry", "4 TLB entries")]
    [InlineData(2, "copy", "2 copies")]
    [InlineData(2, "way", "2 ways")]
    [InlineData(1234567, "swap slot", "1234567 swap slots")]
    public void A_count_takes_the_singular_for_one_and_the_plural_otherwise(long count, string noun, string expected)
    {
        Assert.Equal(expected, Plural.Count(count, noun));
    }
}
