using Vmsim.Cli.Commands;

namespace Vmsim.Cli.Tests.Commands;

public sealed class CommaListTests
{
    [Fact]
    public void Items_are_trimmed_of_the_spaces_around_their_commas()
    {
        Assert.Equal(["fifo", "lru", "opt"], CommaList.Split(" fifo , lru,opt ", "--compare", "policy names", "fifo,lru"));
    }

    [Theory]
    [InlineData("fifo,", "nothing after the last comma")]
    [InlineData(",fifo", "nothing before the first comma")]
    [InlineData("fifo,,lru", "nothing between two commas")]
    [InlineData("fifo, ,lru", "nothing between two commas")]
    [InlineData(" ", "nothing")]
    public void An_empty_item_is_refused_saying_where_it_is(string text, string where)
    {
        var error = Assert.Throws<CommandLineInputException>(() => CommaList.Split(text, "--compare", "policy names", "fifo,lru"));

        Assert.Equal($"--compare: expected policy names separated by commas, such as fifo,lru, found {where} in '{text}'", error.Message);
    }
}
