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
}
