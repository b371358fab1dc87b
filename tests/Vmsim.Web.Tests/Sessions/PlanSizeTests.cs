using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Web.Sessions;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

public class PlanSizeTests
{
    public static TheoryData<string> Examples() => [.. BundledExamples.Names];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Counts_as_many_events_as_the_plan_of_every_bundled_example_has(string name)
    {
        var scenario = BundledExamples.Read(name)!;
        Assert.Equal(ScenarioPlan.Expand(scenario).Events.Count, PlanSize.Count(scenario, long.MaxValue, out _));
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
        Assert.Equal(ScenarioPlan.Expand(scenario).Events.Count, PlanSize.Count(scenario, long.MaxValue, out _));
    }

    [Fact]
    public void Stops_just_past_the_limit_and_names_the_step_that_crossed_it()
    {
        var scenario = ScenarioReader.Parse(Loop(pages: 1000, times: 1000), "t.yaml");
        Assert.True(PlanSize.Count(scenario, 10, out var line) > 10);
        Assert.Equal(11, line);
    }
}
