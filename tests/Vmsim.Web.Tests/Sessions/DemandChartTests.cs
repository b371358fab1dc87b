using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

/// <summary>
/// The faults-over-time chart carries the demand D of each bin when working sets are
/// measured, noted in the session's first play, so that D is drawn against the frames.
/// </summary>
public class DemandChartTests
{
    [Fact]
    public void The_thrashing_example_charts_the_demand_of_every_step_climbing_to_24_pages()
    {
        var session = Open(Example("thrashing"));

        var chart = session.Timeline.Chart();
        Assert.Equal(1, chart.BinSize);
        var demand = chart.Demand!;
        Assert.Equal(session.LastStep + 1, demand.Count);
        Assert.All(Enumerable.Range(0, session.LastStep + 1), s => Assert.Equal(session.Snapshot(s).WorkingSets!.Demand, demand[s]));
        Assert.Equal(0, demand[0]);
        Assert.Equal(24, demand[^1]);
        Assert.Equal(24, demand.Max());
    }

    [Fact]
    public void A_long_run_charts_the_largest_demand_of_each_bin()
    {
        // The set-up, a's 240 accesses, its exit (step 241) and b's 40 accesses: 282 steps, bins of 2.
        var session = Open(Yaml("""
            machine: { frames: 4, swap: 64, policy: clock, working-set: 8 }
            processes:
              - name: a
                regions: [{ name: heap, start: 0x10000000, pages: 8, prot: rw- }]
              - name: b
                regions: [{ name: heap, start: 0x10000000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: heap, pattern: loop, times: 30, access: write }
              - exit: a
              - { touch: b, region: heap, pattern: loop, times: 10 }
            """));

        var chart = session.Timeline.Chart();
        Assert.Equal(2, chart.BinSize);
        Assert.Equal(chart.BinStarts.Count, chart.Demand!.Count);
        for (var b = 0; b < chart.BinStarts.Count; b++)
        {
            var steps = Enumerable.Range(chart.BinStarts[b], chart.BinSize).Where(s => s <= session.LastStep);
            Assert.Equal(steps.Max(s => session.Timeline.DemandAt(s)!.Value), chart.Demand[b]);
        }

        // a's exit empties the demand within the bin of steps 240 and 241, which keeps a's 8 pages.
        Assert.Equal(((int?)8, (int?)0), (session.Timeline.DemandAt(240), session.Timeline.DemandAt(241)));
        Assert.Equal(8, chart.Demand[120]);
        Assert.Equal([1, 3, 5, 7, 8], chart.Demand.Take(5));
        Assert.Equal(4, chart.Demand[^1]);
    }

    [Fact]
    public void A_step_of_accesses_not_made_charts_the_demand_after_the_whole_run_of_them()
    {
        // bad reads its 4 pages (steps 1-4), its first write kills it (5), its 3 other writes
        // are not made (step 6, events 6-8); good's 4 accesses are steps 7-10, events 9-12.
        var session = Open(Yaml("""
            machine: { frames: 8, swap: 32, policy: lru, working-set: 8 }
            processes:
              - name: bad
                regions: [{ name: data, start: 0x10000, pages: 4, prot: r-- }]
              - name: good
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: bad, region: data, access: read }
              - { touch: bad, region: data, access: write }
              - { touch: good, region: data }
            """));

        int[] expected = [0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4];
        Assert.Equal(10, session.LastStep);
        Assert.Equal(expected, Enumerable.Range(0, session.LastStep + 1).Select(s => session.Timeline.DemandAt(s)!.Value));
        Assert.Equal(expected, session.Timeline.Chart().Demand);
        Assert.Equal(expected.Select(d => (long)d), Enumerable.Range(0, session.LastStep + 1).Select(s => session.Snapshot(s).WorkingSets!.Demand));
    }
}
