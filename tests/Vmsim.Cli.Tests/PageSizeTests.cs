using System.Text.Json;

namespace Vmsim.Cli.Tests;

public sealed class PageSizeTests
{
    [Fact]
    public void A_page_size_on_the_command_line_lays_out_the_scenario_in_those_pages()
    {
        var (exit, stdout, _) = Cli.Run("run", "fork-cow", "--page-size", "16K", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(16384, json.RootElement.GetProperty("machine").GetProperty("pageSize").GetInt32());
        // Regions given in pages keep their page counts, now of 16 KiB each: the child still copies 4.
        Assert.Equal(4, json.RootElement.GetProperty("faults").GetProperty("cowCopy").GetInt32());
    }

    [Fact]
    public void A_region_not_aligned_to_the_new_page_size_is_an_error_naming_its_line()
    {
        var (exit, _, stderr) = Cli.Run("run", "demo", "--page-size", "8K");
        Assert.Equal(2, exit);
        Assert.Matches(@"demo\.yaml:\d+:\d+: field 'start': expected an address aligned to the 8192-byte page", stderr);
    }
}
