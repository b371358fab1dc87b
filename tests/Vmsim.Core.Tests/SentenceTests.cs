namespace Vmsim.Core.Tests;

public sealed class SentenceTests
{
    [Theory]
    [InlineData("read of page 3", "Read of page 3")]
    [InlineData("P1 (parent) forks", "P1 (parent) forks")]
    [InlineData("é", "É")]
    [InlineData("", "")]
    public void A_sentence_starts_with_its_first_letter_upper_cased_and_the_rest_as_given(string words, string expected)
    {
        Assert.Equal(expected, Sentence.Capitalised(words));
    }
}
