using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

/// <summary>
/// The frames a clock's sweep gave a second chance, marked in the frames table, and a TLB miss
/// dated by the page's own steps, however the replay reached the step.
/// </summary>
public class SecondChanceSnapshotTests
{
    private const string Silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";

    private static string Explanation(StepSnapshot s) => string.Join(' ', s.Explanation);

    [Fact]
    public void The_frames_the_hand_spared_are_marked_and_the_victim_is_not()
    {
        // Reference 4 (page 2): every bit set, so the hand clears frames 0, 1 and 2 and takes frame 0.
        var s = Open(Refs(Silberschatz, 3, "clock")).Snapshot(4);

        var spared = s.Frames.Rows.Where(r => r.Marks.Contains("second-chance")).ToArray();
        Assert.Equal([1, 2], spared.Select(r => r.Frame));
        Assert.All(spared, r => Assert.Equal("given a second chance: its reference bit was found set and cleared, and its TLB entry dropped", r.SecondChance));
        Assert.Null(s.Frames.Rows.Single(r => r.Frame == 0).SecondChance);
        Assert.Contains("gave frames 1 and 2 (pages 0 and 1) a second chance", Explanation(s), StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_without_a_sweep_marks_no_frame()
    {
        var s = Open(Refs(Silberschatz, 3, "clock")).Snapshot(5);

        Assert.DoesNotContain(s.Frames.Rows, r => r.Marks.Contains("second-chance") || r.SecondChance is not null);
    }

    [Fact]
    public void A_miss_after_the_sweep_is_dated_by_the_page_s_step_even_when_that_step_was_not_recorded()
    {
        // Under clock with 4 frames, reference 5 clears the bits of pages 1-4 and evicts page 1;
        // page 5 alone is read 70 times (TLB hits); page 2, resident all along, is read at step
        // 76. A fresh session reaches step 76 recording only the last window of steps, well after 5.
        var refs = "1 2 3 4 5" + string.Concat(Enumerable.Repeat(" 5", 70)) + " 2";
        var s = Open(Refs(refs, 4, "clock")).Snapshot(76);

        Assert.Equal("None", s.Event.Fault);
        Assert.Contains("TLB miss: the entry was dropped at step 5, when the clock policy cleared the page's reference bit", Explanation(s), StringComparison.Ordinal);
        Assert.Contains("the entry was dropped at step 5", s.FaultPath!.Single(stage => stage.Kind == "tlb").Text, StringComparison.Ordinal);
    }
}
