using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests;

public sealed class SpellingTests
{
    [Theory]
    [InlineData("S3FIFO", "s3-fifo")]
    [InlineData("clock_pro", "clock-pro")]
    [InlineData("ClockPro", "clock-pro")]
    [InlineData("LRU-K", "lru-k")]
    [InlineData("lruk", "lru-k")]
    [InlineData("2Q", "2q")]
    [InlineData("ws clock", "wsclock")]
    [InlineData("Optimal", "opt")]
    [InlineData("MIN", "opt")]
    [InlineData("second chance", "clock")]
    [InlineData("Enhanced_Second_Chance", "nru")]
    [InlineData("working-set", "ws")]
    public void A_policy_is_found_whatever_its_case_hyphens_or_underscores(string typed, string policy)
    {
        Assert.Equal(policy, PolicyCatalog.Find(typed)?.Name);
    }

    [Theory]
    [InlineData("lruu", "'lru'")]
    [InlineData("s3fif", "'s3-fifo'")]
    [InlineData("clok", "'clock'")]
    [InlineData("lir", "'lirs'")]
    [InlineData("clock-p", "'clock-pro'")]
    [InlineData("optimul", "'optimal'")]
    public void An_unknown_policy_suggests_the_nearest_names(string typed, string suggested)
    {
        var message = PolicyCatalog.Unknown(typed);

        Assert.StartsWith($"unknown policy '{typed}' (did you mean {suggested}", message, StringComparison.Ordinal);
        Assert.EndsWith("known policies: " + string.Join(", ", PolicyCatalog.All.Select(p => p.Name)), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("denning")]
    [InlineData("x")]
    [InlineData("--")]
    public void A_name_near_none_gets_no_suggestion(string typed)
    {
        Assert.StartsWith($"unknown policy '{typed}'; known policies: ", PolicyCatalog.Unknown(typed), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("haep", "heap")]
    [InlineData("prto", "prot")]
    [InlineData("lur", "lru")]
    public void Two_letters_swapped_are_one_slip(string typed, string meant)
    {
        Assert.Equal([meant], Spelling.Nearest(typed, [meant, "exit", "fifo"]));
    }

    [Fact]
    public void Names_the_typed_one_begins_come_first_then_the_fewest_edits_away()
    {
        Assert.Equal(["clock-pro", "cloak"], Spelling.Nearest("clock", ["wsclock", "cloak", "clock-pro", "fifo"]));
    }
}
