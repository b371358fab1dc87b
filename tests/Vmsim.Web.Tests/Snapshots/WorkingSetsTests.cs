using Vmsim.Core.Simulation;
using Vmsim.Web.Api;
using Vmsim.Web.Sessions;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

/// <summary>
/// With a working-set window, each step shows every process's W(t, τ), the demand D against
/// the frames, and the step where D crosses them, as the command line reports them.
/// </summary>
public class WorkingSetsTests
{
    // Silberschatz's figure of the working-set model, the string of the command line's test.
    private const string Figure = "2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2 3 4 4 4 3 4 3 4 4 4 1 3 2 3 4 4 4 3 4 4 4";

    private static Workload Figure10() => Refs(Figure, frames: 5, policy: "lru", maxSteps: 1000, workingSet: 10);

    // Two processes whose working sets of 4 and 3 pages pass 6 frames at b's third access;
    // then an operation, a's exit (back within), and one more access of b.
    private const string CrossAndBack = """
        machine: { frames: 6, swap: 32, policy: lru, working-set: 4 }
        processes:
          - name: a
            regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
          - name: b
            regions: [{ name: data, start: 0x10000, pages: 3, prot: rw- }]
        script:
          - { touch: a, region: data }
          - { touch: b, region: data }
          - switch: a
          - exit: a
          - { touch: b, region: data, pages: 0 }
        """;

    [Fact]
    public void A_reference_string_with_a_window_of_10_has_the_textbooks_working_set_at_t1_and_t2()
    {
        var session = Open(Figure10());

        var t1 = session.Snapshot(10).WorkingSets!;
        var set = Assert.Single(t1.Processes);
        Assert.Equal(["1", "2", "5", "6", "7"], set.Pages);
        Assert.Equal(5, set.Size);
        Assert.Equal(0, set.PagesNotShown);
        Assert.Equal((10L, 5, 5L), (t1.Window, t1.Frames, t1.Demand));

        var t2 = Assert.Single(session.Snapshot(26).WorkingSets!.Processes);
        Assert.Equal(["3", "4"], t2.Pages);
        Assert.Equal(2, t2.Size);
    }

    [Fact]
    public void The_page_table_marks_the_pages_of_the_working_set_and_the_panel_counts_those_resident()
    {
        var session = Open(Figure10());

        // After 2 6 1 5 7 7 7 7 5 1 on 5 frames, every page of {1, 2, 5, 6, 7} is resident.
        var t1 = session.Snapshot(10);
        var marked = t1.Processes.Single().Pages.Where(e => e.InWorkingSet == true).Select(e => e.Page);
        Assert.Equal(["1", "2", "5", "6", "7"], marked);
        Assert.All(t1.Processes.Single().Pages, e => Assert.NotNull(e.InWorkingSet));
        Assert.Equal(5, t1.WorkingSets!.Processes.Single().Resident);

        // At t2, W = {3, 4}; LRU on 5 frames still holds pages that left it.
        var t2 = session.Snapshot(26);
        Assert.Equal(["3", "4"], t2.Processes.Single().Pages.Where(e => e.InWorkingSet == true).Select(e => e.Page));
        Assert.Contains(t2.Processes.Single().Pages, e => e.State == "present" && e.InWorkingSet == false);
        Assert.Equal(2, t2.WorkingSets!.Processes.Single().Resident);
    }

    [Fact]
    public void Without_a_window_nothing_of_working_sets_is_sent()
    {
        var session = Open(Refs(Figure, frames: 5, policy: "lru"));

        var s = session.Snapshot(10);
        Assert.Null(s.WorkingSets);
        Assert.All(s.Processes.Single().Pages, e => Assert.Null(e.InWorkingSet));
        Assert.Null(session.Timeline.Chart().Demand);
        Assert.Null(Open(Example("thrashing", new MachineRequest(null, null, null, null, null, WorkingSet: 0))).Snapshot(20).WorkingSets);
    }

    [Fact]
    public void The_thrashing_example_ends_with_a_demand_of_24_pages_against_16_frames_as_vmsim_run_reports()
    {
        var workload = Example("thrashing");
        var session = Open(workload);

        var end = session.Snapshot(session.LastStep).WorkingSets!;
        Assert.Equal((12L, 16, 24L, false), (end.Window, end.Frames, end.Demand, end.ByQuota));
        Assert.Equal(["a", "b"], end.Processes.Select(p => p.Name));
        Assert.All(end.Processes, p => Assert.Equal(12, p.Size));
        Assert.All(end.Processes, p => Assert.Equal(["0x10000", "0x10001", "0x10002"], p.Pages.Take(3)));
        Assert.Equal(16, end.Processes.Sum(p => p.Resident));

        // The demand `vmsim run thrashing --json` reports at the end: the meter's, after a whole run.
        var run = new ScenarioRun(workload.Scenario, workload.Config);
        run.RunToEnd();
        Assert.Equal(run.Machine.WorkingSets!.Demand, end.Demand);
    }

    [Fact]
    public void The_thrashing_example_marks_one_step_where_the_demand_goes_above_memory_the_one_the_narrator_marks()
    {
        var session = Open(Example("thrashing"));
        var steps = Enumerable.Range(0, session.LastStep + 1).Select(session.Snapshot).ToList();

        var crossing = Assert.Single(steps, s => s.WorkingSets!.Crossing is not null);
        Assert.Equal("above", crossing.WorkingSets!.Crossing);
        Assert.Equal(17, crossing.WorkingSets.Demand);
        Assert.Equal(16, steps[crossing.Step - 1].WorkingSets!.Demand);
        Assert.Contains("from here the processes need more frames than memory has", string.Join(' ', crossing.Explanation), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_an_access_or_an_exit_crosses_an_operation_right_after_the_crossing_does_not_repeat_it()
    {
        var session = Open(Yaml(CrossAndBack));

        var crossings = Enumerable.Range(0, session.LastStep + 1).Select(s => (Step: s, Snapshot: session.Snapshot(s)))
            .Where(s => s.Snapshot.WorkingSets!.Crossing is not null)
            .Select(s => (s.Step, s.Snapshot.WorkingSets!.Crossing, s.Snapshot.WorkingSets.Demand))
            .ToList();

        // b's third access (step 7) takes D to 7 pages; the switch (8) does nothing; a's exit (9) leaves 3.
        Assert.Equal([(7, "above", 7L), (9, "within", 3L)], crossings);
        var ended = session.Snapshot(9).WorkingSets!.Processes.Single(p => p.Name == "a");
        Assert.False(ended.Running);
        Assert.Empty(ended.Pages);
        Assert.Equal(0, ended.Size);
    }

    [Fact]
    public void Under_local_replacement_each_working_set_is_set_against_its_quota()
    {
        var session = Open(Example("thrashing", new MachineRequest(null, null, null, null, "local")));

        var end = session.Snapshot(session.LastStep).WorkingSets!;
        Assert.True(end.ByQuota);
        Assert.Null(end.Crossing);
        Assert.All(end.Processes, p => Assert.Equal((12, (int?)8), (p.Size, p.Quota)));
        Assert.All(Enumerable.Range(0, session.LastStep + 1), s => Assert.Null(session.Snapshot(s).WorkingSets!.Crossing));
        Assert.All(Open(Example("thrashing")).Snapshot(session.LastStep).WorkingSets!.Processes, p => Assert.Null(p.Quota));
    }

    [Fact]
    public void Under_local_replacement_a_quota_follows_the_processes_still_running()
    {
        var session = Open(Yaml(CrossAndBack, new MachineRequest(null, null, null, null, "local")));

        Assert.All(session.Snapshot(8).WorkingSets!.Processes, p => Assert.Equal(3, p.Quota));
        Assert.Equal(6, session.Snapshot(9).WorkingSets!.Processes.Single(p => p.Running).Quota);
    }

    [Fact]
    public void A_page_of_the_working_set_that_memory_could_not_keep_is_listed_in_a_large_region_with_its_mark()
    {
        // A file of 100 pages, more than a region whose untouched pages are listed; 6 of its
        // pages read in a loop on 4 frames, so pages of W(t, 12) are evicted, clean: no entry is left.
        var session = Open(Yaml("""
            title: large region
            machine:
              frames: 4
              policy: fifo
              working-set: 12
            processes:
              - name: p
                regions:
                  - { name: data, start: 0x10000000, pages: 100, prot: r--, file: /data }
            script:
              - { touch: p, region: data, pages: 0-5, pattern: loop, times: 3, access: read }
            """));
        var s = session.Snapshot(session.LastStep);
        var rows = s.Processes.Single().Pages;
        var set = s.WorkingSets!.Processes.Single();
        Assert.Equal(6, set.Size);
        Assert.Equal(4, set.Resident);
        // Every page of W has its row, marked; the two evicted ones are not present.
        Assert.Equal(set.Pages, rows.Where(e => e.InWorkingSet == true).Select(e => e.Page));
        Assert.Equal(2, rows.Count(e => e.InWorkingSet == true && e.State == "none"));
        Assert.True(rows.Count < 100);
    }

    [Fact]
    public void The_step_that_takes_one_processs_demand_above_memory_says_it_thrashes()
    {
        var session = Open(Figure10());
        // Step 13 takes W from 5 pages to 6, on 5 frames.
        var text = string.Join(' ', session.Snapshot(13).Explanation);
        Assert.Contains("from here the process needs more frames than memory has, and thrashes.", text, StringComparison.Ordinal);
    }
}
