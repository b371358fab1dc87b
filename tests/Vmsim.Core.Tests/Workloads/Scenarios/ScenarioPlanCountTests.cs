using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

public class ScenarioPlanCountTests
{
    public static TheoryData<string> Examples() => [.. BundledExamples.Names];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Counts_as_many_events_as_the_plan_of_every_bundled_example_has(string name)
    {
        var scenario = BundledExamples.Read(name)!;
        Assert.Equal(ScenarioPlan.Expand(scenario).Events.Count, ScenarioPlan.CountEvents(scenario, long.MaxValue, out _));
    }

    [Fact]
    public void Counts_random_zipf_single_address_and_loop_touches_like_the_plan()
    {
        var scenario = ScenarioReader.Parse("""
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 16, prot: rw- }
            script:
              - { touch: p, region: heap, pattern: random, count: 37 }
              - { touch: p, region: heap, pattern: zipf, count: 11 }
              - { touch: p, address: 0x10000010, times: 5 }
              - { touch: p, region: heap, pages: 2-9, pattern: loop, times: 3 }
              - { fork: p, child: c }
              - { exit: c }
            """, "t.yaml");
        Assert.Equal(ScenarioPlan.Expand(scenario).Events.Count, ScenarioPlan.CountEvents(scenario, long.MaxValue, out _));
    }

    [Fact]
    public void Stops_just_past_the_limit_and_names_the_step_that_crossed_it()
    {
        var scenario = ScenarioReader.Parse("""
            title: loop
            machine:
              frames: 4
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 1000, prot: rw- }
            script:
              - fork: p
              - touch: p
                region: heap
                pattern: loop
                times: 1000
            """, "t.yaml");
        Assert.True(ScenarioPlan.CountEvents(scenario, 10, out var line) > 10);
        Assert.Equal(10, line);
    }

    [Fact]
    public void A_scenario_over_the_access_limit_is_refused_before_it_is_expanded_naming_the_step()
    {
        var scenario = ScenarioReader.Parse("""
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 100000, prot: rw- }
            script:
              - { touch: p, region: heap }
              - { touch: p, region: heap, pattern: loop, times: 300 }
            """, "big.yaml");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InputFormatException>(() => ScenarioPlan.Expand(scenario));
        Assert.Equal(7, error.Line);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "refused without building the plan");
    }
}
