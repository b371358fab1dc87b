using System.Text.Json;
using Vmsim.Core.Simulation;
using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

/// <summary>
/// Accesses of a process that had ended are not made; a run of them is one step of the
/// visualizer, as it is one row of the command line's step table.
/// </summary>
public class AccessesNotMadeTests
{
    // Processes a and b, each with a heap of four pages.
    private const string ProcessesAAndB = """
        processes:
          - name: a
            regions:
              - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
          - name: b
            regions:
              - { name: heap, start: 0x20000000, pages: 4, prot: rw- }
        """;

    // Two processes killed at once by a wild pointer, then accesses of each: runs of 4 (a,
    // over two touches), 2 (b) and 1 (a). a's exit after them, which does nothing either, is no
    // access and a step of its own.
    private const string TwoEndedProcesses = "title: ended early\n" + ProcessesAAndB + """

        script:
          - touch: a
            address: 0xdead0000
          - touch: b
            address: 0xdead0000
          - touch: a
            region: heap
            pages: 0-2
          - touch: a
            region: heap
            pages: 3
          - touch: b
            region: heap
            pages: 0-1
          - touch: a
            region: heap
            pages: 0
          - exit: a
        """;

    private static StepSnapshot[] AllSteps(Web.Sessions.VisualizerSession session) =>
        [.. Enumerable.Range(0, session.LastStep + 1).Select(session.Snapshot)];

    [Fact]
    public void The_hogs_accesses_after_the_oom_kill_are_one_step_that_says_how_many_of_which_process_and_why()
    {
        var workload = Example("oom");
        var session = Open(workload);
        var notMade = new ScenarioRun(workload.Scenario, workload.Config).RunToEnd().SkippedAccesses;
        Assert.Equal(53, notMade);
        Assert.Equal(workload.Plan.Events.Count - (notMade - 1), session.LastStep);

        var steps = AllSteps(session);
        var skipped = Assert.Single(steps, s => s.Event.Type == "skipped");
        Assert.Equal(notMade, skipped.Event.AccessesNotMade);
        Assert.Equal(2, skipped.Event.Pid);
        Assert.Equal("Line 26: hog has ended, so its next 53 accesses are not made", skipped.Label);
        Assert.Equal(26, skipped.Line);
        Assert.Equal(
            [
                "Line 26: P2 (hog) has already ended, so its access to 0x1000b000 is not made.",
                "… and 52 more accesses of P2 (hog) not made, likewise, up to its access to 0x1003f000.",
            ],
            skipped.Explanation);

        // The step before it is the fault that killed the hog, the one after it the small process's next access.
        Assert.Equal("oom", steps[skipped.Step - 1].Event.FaultClass);
        Assert.StartsWith("Line 29: small reads", steps[skipped.Step + 1].Label, StringComparison.Ordinal);
        Assert.All(steps, s => Assert.Equal(session.LastStep, s.LastStep));
    }

    [Fact]
    public void Runs_of_accesses_not_made_are_split_by_process_and_a_single_one_names_its_address()
    {
        var session = Open(Yaml(TwoEndedProcesses));
        Assert.Equal(6, session.LastStep); // the set-up, the two SIGSEGVs, a x4, b x2, a x1, a's exit

        var skipped = AllSteps(session).Where(s => s.Event.Type == "skipped").ToArray();
        Assert.Equal([4, 2, 1, 0], skipped.Select(s => s.Event.AccessesNotMade));
        Assert.Equal([1, 2, 1, 1], skipped.Select(s => s.Event.Pid));
        Assert.Equal("Line 26: a exits", skipped[3].Label);
        skipped = [.. skipped.Where(s => s.Event.AccessesNotMade > 0)];
        Assert.Equal("Lines 14–17: a has ended, so its next 4 accesses are not made", skipped[0].Label);
        Assert.Equal("… and 3 more accesses of P1 (a) not made, likewise, up to its access to 0x10003000.", skipped[0].Explanation[^1]);
        Assert.Equal("Line 20: b has ended, so its next 2 accesses are not made", skipped[1].Label);
        Assert.Equal("… and 1 more access of P2 (b) not made, likewise, up to its access to 0x20001000.", skipped[1].Explanation[^1]);
        Assert.Equal("Line 23: a has ended, so its access to 0x10000000 is not made", skipped[2].Label);
        Assert.Equal(["Line 23: P1 (a) has already ended, so its access to 0x10000000 is not made."], skipped[2].Explanation);
    }

    // a is killed before it forks, so c1 and c2 are never created: neither has a pid.
    private const string NeverForked = """
        processes:
          - name: a
            regions:
              - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
        script:
          - { touch: a, address: 0xdead0000 }
          - { fork: a, child: c1 }
          - { fork: a, child: c2 }
          - { touch: c1, region: heap, pages: 0-2 }
          - { touch: c2, region: heap, pages: 0-1 }
        """;

    [Fact]
    public void The_accesses_of_two_processes_never_created_are_two_steps_each_named_by_the_scenario()
    {
        var skipped = AllSteps(Open(Yaml(NeverForked))).Where(s => s.Event.AccessesNotMade > 0).ToArray();

        Assert.Equal([3, 2], skipped.Select(s => s.Event.AccessesNotMade));
        Assert.Equal("Line 9: c1 was never created, so its next 3 accesses are not made", skipped[0].Label);
        Assert.Equal("… and 2 more accesses of c1 not made, likewise, up to its access to 0x10002000.", skipped[0].Explanation[^1]);
        Assert.Equal("Line 10: c2 was never created, so its next 2 accesses are not made", skipped[1].Label);
    }

    // a is killed at once; b, current from then on, makes an access between two runs of a's
    // accesses not made, with no operation between (no switch: b stays current).
    private const string AccessMadeBetween = ProcessesAAndB + """

        script:
          - { touch: a, address: 0xdead0000 }
          - { touch: b, region: heap, pages: 0 }
          - { touch: a, region: heap, pages: 0-1 }
          - { touch: b, region: heap, pages: 1 }
          - { touch: a, region: heap, pages: 2-3 }
        """;

    [Fact]
    public void An_access_made_by_another_process_between_accesses_not_made_ends_their_run()
    {
        var steps = AllSteps(Open(Yaml(AccessMadeBetween)));

        var skipped = steps.Where(s => s.Event.Type == "skipped").ToArray();
        Assert.Equal([2, 2], skipped.Select(s => s.Event.AccessesNotMade));
        Assert.Equal("access", steps[skipped[0].Step + 1].Event.Type);
        Assert.Equal(skipped[0].Step + 2, skipped[1].Step);
    }

    [Fact]
    public void Searches_the_chart_and_last_use_count_a_run_of_accesses_not_made_as_one_step()
    {
        var session = Open(Example("oom"));
        var skipped = AllSteps(session).Single(s => s.Event.Type == "skipped").Step;

        // The first major fault is the small process's swap-in right after the run.
        Assert.Equal(skipped + 1, session.Find(0, "major", forward: true));
        Assert.Equal(skipped - 1, session.Find(session.LastStep, "Oom", forward: false));

        var chart = session.Timeline.Chart();
        Assert.Equal(1, chart.BinSize);
        Assert.Equal(session.LastStep + 1, chart.BinStarts.Count);
        var oom = chart.Series.Single(s => s.Kind == "Oom");
        Assert.Equal(skipped - 1, oom.Counts.ToList().IndexOf(1));

        // The frames' last use is told in steps: the last two steps read into two frames.
        var last = session.Snapshot(session.LastStep);
        Assert.Equal([session.LastStep - 1, session.LastStep], last.Frames.Rows.Select(f => f.LastUsedStep).OfType<int>().Order());
    }

    [Fact]
    public void A_run_of_accesses_not_made_reached_going_back_is_the_same_as_reached_going_forward()
    {
        var workload = Example("oom");
        var forward = AllSteps(Open(workload)).Select(s => JsonSerializer.Serialize(s)).ToArray();
        var backward = Open(workload);
        backward.Snapshot(backward.LastStep);
        for (var s = backward.LastStep; s >= 0; s--)
        {
            Assert.Equal(forward[s], JsonSerializer.Serialize(backward.Snapshot(s)));
        }
    }
}
