using Vmsim.Web.Api;
using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

/// <summary>
/// A trace's TLB miss names the access the entry left at, as <c>vmsim replay</c> numbers the
/// trace's accesses ("at access 4"), not the visualizer's step, which counts the process's start
/// too; a reference string keeps "at step N".
/// </summary>
public class TraceTlbMissNamingTests
{
    // Silberschatz's string, as a trace of page numbers.
    private static readonly byte[] Pages = System.Text.Encoding.ASCII.GetBytes(string.Join('\n', "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1".Split(' ')) + "\n");

    private static string Explanation(StepSnapshot s) => string.Join(' ', s.Explanation);

    [Fact]
    public void A_trace_s_tlb_miss_names_the_access_the_entry_left_at_as_vmsim_replay_does()
    {
        // Clock on 3 frames: the 4th access (page 2) has the hand clear page 0's bit, dropping its
        // TLB entry; the 5th reads page 0, a hit that walks. vmsim replay says "at access 4" of
        // it. The visualizer's step 1 is P1's start, so the 5th access is its step 6, and the
        // entry left at its step 5.
        var session = Open(Trace(Pages, "s.txt", "pages", new MachineRequest(3, null, null, "clock", null)));

        var s = session.Snapshot(6);

        Assert.Equal("None", s.Event.Fault);
        Assert.Contains("TLB miss: the entry was dropped at access 4, when the clock policy cleared the page's reference bit", Explanation(s), StringComparison.Ordinal);
        Assert.Contains("the entry was dropped at access 4", s.FaultPath!.Single(stage => stage.Kind == "tlb").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Enumerable.Range(1, session.LastStep).Select(n => Explanation(session.Snapshot(n))), e => e.Contains("at step", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trace_s_steps_are_named_by_the_access_they_were_or_came_before_and_a_switch_before_its_access()
    {
        // Two processes, each started before its first access: step 1 starts P1, step 2 is access
        // 1, step 3 starts P2, step 4 is access 2, within which the CPU switches to P2 first.
        var workload = Trace(System.Text.Encoding.ASCII.GetBytes("pid,address,kind\n1,0x1000,R\n2,0x2000,R\n"), "two.csv", null, new MachineRequest(3, null, null, "clock", null));
        var names = new Web.Sessions.TraceStepNames(new Web.Sessions.Replay(workload), Open(workload).Timeline.Steps);

        Assert.Equal(["before access 1", "at access 1", "before access 2", "at access 2"], Enumerable.Range(1, 4).Select(names.At));
        Assert.Equal("before access 2", names.Switch(4));
        Assert.Equal("before access 1", names.At(0));
    }

    [Fact]
    public void A_reference_string_s_tlb_miss_keeps_the_step()
    {
        // The same string as a reference string: its step 0 is the set-up, so the 5th reference is step 5.
        var s = Open(Refs("7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1", 3, "clock")).Snapshot(5);

        Assert.Contains("TLB miss: the entry was dropped at step 4, when the clock policy cleared the page's reference bit", Explanation(s), StringComparison.Ordinal);
    }
}
