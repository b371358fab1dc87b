using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>A read fault on a writable private file mapping maps the page cache's page read-only, copy-on-write, and says why.</summary>
public class PrivateFileMappingNarrationTests
{
    private const string Scenario = """
        machine: { frames: 8, policy: clock }
        processes:
          - name: p
            regions:
              - { name: data, start: 0x40000000, pages: 2, prot: rw-, file: data.bin }
              - { name: shared, start: 0x50000000, pages: 2, prot: rw-, file: data.bin, shared: true }
              - { name: text, start: 0x60000000, pages: 2, prot: r--, file: data.bin }
        script:
          - { touch: p, region: data, pages: 0, access: read }
          - { touch: p, region: shared, pages: 1, access: read }
          - { touch: p, region: text, pages: 1, access: read }
          - { touch: p, region: data, pages: 1, access: write }
        """;

    private const string Why = "The region is a private file mapping (MAP_PRIVATE), so the kernel mapped the page cache's page itself, read-only and copy-on-write although the region is writable";

    private static IReadOnlyList<RecordedStep> Accesses()
    {
        var scenario = Vmsim.Core.Workloads.Scenarios.ScenarioReader.Parse(Scenario, "private.yaml");
        var run = new ScenarioRun(scenario, null);
        var recorder = new StepRecorder { FaultPaths = true };
        recorder.Attach(run.Machine);
        run.RunToEnd();
        return [.. recorder.Steps.Where(s => s.Access is not null)];
    }

    [Fact]
    public void A_read_of_a_writable_private_file_page_says_why_its_entry_is_read_only()
    {
        var read = Accesses()[0];

        Assert.Equal(FaultKind.FileRead, read.Access!.Value.Fault);
        Assert.Contains(Why, read.Explanation);
        Assert.Contains(Why, Assert.Single(read.FaultPath!.Stages, s => s.Kind == FaultStageKind.PageTable).Body);
    }

    [Fact]
    public void A_shared_mapping_a_read_only_region_and_a_write_have_nothing_to_explain()
    {
        var steps = Accesses();

        Assert.DoesNotContain(Why, steps[1].Explanation);
        Assert.DoesNotContain(Why, steps[2].Explanation);
        Assert.DoesNotContain(Why, steps[3].Explanation);
    }

    [Fact]
    public void The_private_copy_swapped_in_read_only_is_no_page_cache_page()
    {
        // p writes its private file page (a copy of its own), forks (the copy shared
        // copy-on-write), and the copy goes to swap; reading it back maps it read-only,
        // copy-on-write, in the rw- region: a swap-in, not the page cache's page.
        var scenario = Vmsim.Core.Workloads.Scenarios.ScenarioReader.Parse("""
            machine: { frames: 3, policy: fifo, swap: 8 }
            processes:
              - name: p
                regions:
                  - { name: data, start: 0x40000000, pages: 1, prot: rw-, file: data.bin }
                  - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
            script:
              - { touch: p, region: data, pages: 0, access: write }
              - { fork: p, child: c }
              - { touch: p, region: heap, pages: 0-3, access: write }
              - { touch: p, region: data, pages: 0, access: read }
            """, "swapped.yaml");
        var run = new ScenarioRun(scenario, null);
        var recorder = new StepRecorder();
        recorder.Attach(run.Machine);
        run.RunToEnd();

        var read = recorder.Steps[^1];
        Assert.Equal(FaultKind.SwapIn, read.Access!.Value.Fault);
        Assert.NotEqual(Vmsim.Core.Mmu.PteFlags.None, read.Access.Value.EntryAfter.Flags & Vmsim.Core.Mmu.PteFlags.Cow);
        Assert.DoesNotContain(Why, read.Explanation);
    }
}
