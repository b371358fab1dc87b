using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Tests.Rendering;

/// <summary>
/// A trace's Policy column: at most so many pages of each of the policy's lists, the next
/// candidates, then how many more; and pages of several processes as <c>pid:page</c>.
/// </summary>
public sealed class PolicyStateAbbreviationTests
{
    // ARC-like: T1 holds pages 10 11 12 (frames 0-2), T2 pages 20 21 (frames 3-4).
    private static PolicyState TwoLists(IReadOnlyList<int>? pids = null) => new(
        new PolicyView("p = 0", [.. Enumerable.Range(0, 5).Select(f => new PolicyFrameNote(new FrameNumber(f), f < 3 ? "T1" : "T2") { List = f < 3 ? "T1" : "T2" })]),
        [10, 11, 12, 20, 21],
        1,
        pids);

    [Fact]
    public void Each_list_keeps_its_first_pages_and_says_how_many_more()
    {
        var state = TwoLists();

        Assert.Equal("T1: 10 11 … 1 more\nT2: 20 21", state.Lines(2, decimalPages: true, out var leftOut));
        Assert.True(leftOut);
        Assert.Equal("T1: 10 … 2 more\nT2: 20 … 1 more", state.Lines(1));
        Assert.Equal(state.Lines(), state.Lines(3, decimalPages: true, out var noneLeftOut));
        Assert.False(noneLeftOut);
        Assert.Equal("T1: 10 11 12 | T2: 20 21", state.Text());
    }

    [Fact]
    public void A_policy_of_one_list_is_cut_as_one_and_keeps_its_hand()
    {
        var view = new PolicyView("hand at frame 0", [.. Enumerable.Range(0, 4).Select(f => new PolicyFrameNote(new FrameNumber(f), null) { Referenced = f == 1 })]) { FromHand = true };
        var state = new PolicyState(view, [5, 6, 7, 8], 1);

        Assert.Equal(">5 6* … 2 more", state.Lines(2));
        Assert.Equal(">5 6* 7 8", state.Text());
    }

    [Fact]
    public void Pages_of_several_processes_are_written_with_their_pid_in_text_and_json()
    {
        var state = TwoLists([42, 42, 7, 42, 7]);

        Assert.Equal("T1: 42:10 42:11 7:12 | T2: 42:20 7:21", state.Text());
        Assert.Equal(7, state.Json()["order"]![2]!["pid"]!.GetValue<int>());
        Assert.Null(TwoLists().Json()["order"]![2]!["pid"]);
    }

    [Fact]
    public void A_cell_made_both_ways_at_once_is_the_cell_with_pids_and_the_cell_without()
    {
        var state = TwoLists([42, 42, 7, 42, 7]);

        var (withPids, plain) = state.LinesBothWays(2, decimalPages: false, out var leftOut);

        Assert.Equal("T1: 42:0xa 42:0xb … 1 more\nT2: 42:0x14 7:0x15", withPids);
        Assert.Equal(state.Lines(2, decimalPages: false, out _), withPids);
        Assert.Equal("T1: 0xa 0xb … 1 more\nT2: 0x14 0x15", plain);
        Assert.Equal(TwoLists().Lines(2, decimalPages: false, out _), plain);
        Assert.True(leftOut);
        var noPids = TwoLists();
        Assert.Equal((noPids.Lines(3), noPids.Lines(3)), noPids.LinesBothWays(3, decimalPages: true, out _));
    }

    [Fact]
    public void A_list_in_two_runs_is_cut_run_by_run_and_says_pages_were_left_out_only_when_they_were()
    {
        // T1 10 11, then T2 20, then T1 12 13 again: four pages of T1, in runs of two.
        string[] lists = ["T1", "T1", "T2", "T1", "T1"];
        var view = new PolicyView("two runs", [.. lists.Select((l, f) => new PolicyFrameNote(new FrameNumber(f), null) { List = l })]);
        var state = new PolicyState(view, [10, 11, 20, 12, 13], 1);

        Assert.Equal("T1: 10 11\nT2: 20\nT1: 12 13", state.Lines(2, decimalPages: true, out var leftOut));
        Assert.False(leftOut);
        Assert.Equal("T1: 10 … 1 more\nT2: 20\nT1: 12 … 1 more", state.Lines(1, decimalPages: true, out var cut));
        Assert.True(cut);
    }
}
