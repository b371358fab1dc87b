namespace Vmsim.Core.Tests;

public sealed class FileErrorWordsTests
{
    [Fact]
    public void A_denied_file_is_said_to_be_denied_without_dotnets_sentence_or_its_path()
    {
        Assert.Equal("permission denied", FileErrorWords.Of(new UnauthorizedAccessException("Access to the path '/home/u/noperm' is denied.")));
    }

    [Fact]
    public void An_error_number_is_said_in_the_systems_words_and_none_is_null()
    {
        var full = FileErrorWords.Of(new IOException("No space left on device : '/x'", 28));
        Assert.NotNull(full);
        Assert.DoesNotContain("/x", full, StringComparison.Ordinal);
        Assert.True(char.IsLower(full[0]), full);
        Assert.Null(FileErrorWords.Of(new IOException("something else")));
    }
}
