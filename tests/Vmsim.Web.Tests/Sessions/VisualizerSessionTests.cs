using System.Text.Json;
using Vmsim.Web.Sessions;
using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

public class VisualizerSessionTests
{
    private static string Json(StepSnapshot snapshot) => JsonSerializer.Serialize(snapshot);

    [Fact]
    public void Step_0_is_the_set_up_and_the_last_step_is_the_plans_last_event()
    {
        var session = Open(Example("fork-cow"));
        var start = session.Snapshot(0);
        Assert.Equal("start", start.Event.Type);
        Assert.Equal(session.LastStep, start.LastStep);
        Assert.Contains(start.Explanation, e => e.Contains("was created", StringComparison.Ordinal));
        Assert.Equal(session.LastStep, session.Snapshot(int.MaxValue).Step);
        Assert.Equal(0, session.Snapshot(-5).Step);
    }

    [Fact]
    public void A_step_reached_going_back_is_the_same_as_reached_going_forward()
    {
        var workload = Yaml(Loop(pages: 10, times: 40, frames: 4));
        var forward = Open(workload);
        var expected = Enumerable.Range(0, 160).Select(s => Json(forward.Snapshot(s))).ToArray();
        var backward = Open(workload);
        backward.Snapshot(backward.LastStep);
        for (var s = 159; s >= 0; s--)
        {
            Assert.Equal(expected[s], Json(backward.Snapshot(s)));
        }
    }

    [Fact]
    public void Stepping_back_one_step_at_a_time_replays_once_per_window_not_once_per_step()
    {
        var session = Open(Yaml(Loop(pages: 50, times: 200, frames: 8)));
        Assert.Equal(10_000, session.LastStep);
        session.Snapshot(session.LastStep);
        var before = session.ReplaysStarted;
        const int back = 600;
        for (var s = session.LastStep - 1; s >= session.LastStep - back; s--)
        {
            Assert.Equal(s, session.Snapshot(s).Step);
        }

        var replays = session.ReplaysStarted - before;
        Assert.InRange(replays, 1, (back / VisualizerSession.Window) + 1);
    }

    [Fact]
    public void Stepping_forward_never_starts_over()
    {
        var session = Open(Yaml(Loop(pages: 20, times: 20, frames: 4)));
        for (var s = 0; s <= session.LastStep; s++)
        {
            session.Snapshot(s);
        }

        Assert.Equal(0, session.ReplaysStarted);
        Assert.Equal(session.LastStep + 1, session.EventsPlayed);
    }

    [Fact]
    public void A_jump_far_ahead_records_only_the_last_window_and_a_step_back_then_costs_nothing()
    {
        var session = Open(Yaml(Loop(pages: 50, times: 100, frames: 8)));
        session.Snapshot(4000);
        var played = session.EventsPlayed;
        for (var s = 3999; s > 4000 - VisualizerSession.Window; s--)
        {
            session.Snapshot(s);
        }

        Assert.Equal(played, session.EventsPlayed);
    }

    [Fact]
    public void Finds_the_next_and_previous_fault_of_a_kind()
    {
        var session = Open(Example("fork-cow"));
        var first = session.Find(0, "CowCopy", forward: true);
        Assert.NotNull(first);
        Assert.Equal("CowCopy", session.Snapshot(first.Value).Event.Fault);
        var second = session.Find(first.Value, "CowCopy", forward: true);
        Assert.True(second > first);
        Assert.Equal(first, session.Find(second!.Value, "cowcopy", forward: false));
        Assert.Null(session.Find(session.LastStep, "fault", forward: true));
        var reuse = session.Find(0, "CowReuse", forward: true);
        Assert.Equal("CowReuse", session.Snapshot(reuse!.Value).Event.Fault);
        Assert.Equal(4, session.Timeline.KindCounts().Single(k => k.Kind == Core.Kernel.FaultKind.CowCopy).Count);
    }

    [Theory]
    [InlineData("fault")]
    [InlineData("minor")]
    [InlineData("major")]
    public void Group_filters_find_steps_whose_fault_is_of_that_class(string filter)
    {
        var session = Open(Example("demo"));
        var step = session.Find(0, filter, forward: true);
        Assert.NotNull(step);
        var faultClass = session.Snapshot(step.Value).Event.FaultClass;
        Assert.Equal(filter == "fault" ? faultClass : filter, faultClass);
        Assert.NotEqual("hit", faultClass);
    }

    [Fact]
    public void An_eviction_filter_finds_a_step_that_evicted()
    {
        var session = Open(Example("demo"));
        var step = session.Find(0, "eviction", forward: true);
        Assert.NotEmpty(session.Snapshot(step!.Value).Event.EvictedFrames);
    }

    [Fact]
    public void An_unknown_filter_is_an_input_error()
    {
        var session = Open(Example("fork-cow"));
        var e = Assert.Throws<VisualizerInputException>(() => session.Find(0, "sideways", true));
        Assert.Contains("CowCopy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_the_kernel_refuses_is_reported_with_its_line_when_the_session_opens()
    {
        var yaml = """
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
            script:
              - touch: p
                region: heap
              - mmap: p
                name: again
                start: 0x10000000
                pages: 2
            """;
        var e = Assert.Throws<VisualizerInputException>(() => Open(Yaml(yaml)));
        Assert.Equal(8, e.Line);
    }

    [Fact]
    public void A_machine_that_cannot_be_built_is_an_input_error()
    {
        var yaml = "machine:\n  tlb: { entries: 12, ways: 3 }\nscript: []\n";
        var e = Assert.Throws<VisualizerInputException>(() => Open(Yaml(yaml, new Web.Api.MachineRequest(null, null, 8, null, null))));
        Assert.Contains("TLB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_step_of_every_bundled_example_can_be_shown()
    {
        foreach (var name in Core.Workloads.Scenarios.BundledExamples.Names)
        {
            var session = Open(Example(name));
            for (var s = 0; s <= session.LastStep; s++)
            {
                var snapshot = session.Snapshot(s);
                Assert.NotEmpty(snapshot.Explanation);
                Assert.False(string.IsNullOrWhiteSpace(snapshot.Label));
            }
        }
    }

    [Fact]
    public void A_step_is_one_event_of_the_script_and_tells_the_context_switch_the_kernel_made_for_it()
    {
        // docs/visualizer.md: the demo has 28 steps after the set-up, where vmsim run --steps has 49 rows.
        var session = Open(Example("demo"));
        Assert.Equal(28, session.LastStep);

        // Line 32, P2's first access: the CPU switches to it first, and the step says both.
        var step = Enumerable.Range(1, session.LastStep).First(s => session.Snapshot(s).Line == 32);
        var explanation = session.Snapshot(step).Explanation;
        Assert.Equal(2, explanation.Count);
        Assert.StartsWith("The CPU switched from P1 (shell) to P2 (editor)", explanation[0], StringComparison.Ordinal);
        Assert.StartsWith("P2 (editor) executed page 0x400", explanation[1], StringComparison.Ordinal);
    }
}
