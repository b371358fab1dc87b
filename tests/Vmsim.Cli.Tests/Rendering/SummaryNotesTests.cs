namespace Vmsim.Cli.Tests.Rendering;

/// <summary>
/// The summary says what its totals are made of wherever a reader adding them up would get
/// another number: faults that served no page.
/// </summary>
public sealed class SummaryNotesTests
{
    [Fact]
    public void Faults_that_ended_in_a_sigsegv_are_told_apart_from_those_the_minor_and_major_rows_count()
    {
        var result = Cli.Run("run", "segfaults");
        var json = Cli.Run("run", "segfaults", "--json").Json().GetProperty("faults");

        var served = json.GetProperty("minor").GetInt32() + json.GetProperty("major").GetInt32();
        var segv = json.GetProperty("segvUnmapped").GetInt32() + json.GetProperty("segvProtection").GetInt32();
        Assert.Equal(json.GetProperty("total").GetInt32(), served + segv);
        Assert.Contains($"page faults {served + segv} (75.0%: {served} minor or major, {segv} SIGSEGV)", result.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_that_found_no_frame_is_told_apart_too()
    {
        var words = Cli.Run("demo").Words();

        Assert.Contains("page faults 21 (95.5%: 16 minor or major, 4 SIGSEGV, 1 out of memory)", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_that_all_served_a_page_are_given_as_before()
    {
        var result = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", "fifo");

        Assert.Contains("page faults 15 (75.0%)\n", result.Stdout, StringComparison.Ordinal);
    }
}
