using Vmsim.Core.Kernel;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// Steps of a process that cannot act are skipped and said to be: one that has ended, and
/// one that never began because the fork that would have made it was a step of a process
/// that had already ended.
/// </summary>
public class ScenarioRunSkipTests
{
    // Process a writes three anonymous pages into two frames with no swap: the OOM killer
    // ends it, so its fork does nothing, and every step of the child it would have made is skipped.
    private const string Yaml = """
        machine: { frames: 2, swap: 0, policy: lru }
        processes:
          - name: a
            regions: [{ name: heap, start: 0x10000, pages: 3, prot: rw- }]
        script:
          - { touch: a, region: heap, access: write }
          - { fork: a, child: c1 }
          - { touch: c1, region: heap, pages: 0 }
          - exit: c1
          - spawn: b
          - exit: b
        """;

    [Fact]
    public void The_steps_of_a_child_whose_fork_was_skipped_are_skipped_and_say_why()
    {
        var (_, recorder, result) = RunRecorded(Yaml, "never.yaml");

        Assert.Equal(ProcessState.Oom, result.Processes["a"].State);
        Assert.False(result.Processes.ContainsKey("c1"));
        Assert.Equal(ProcessState.Exited, result.Processes["b"].State);
        Assert.Equal(1, result.SkippedAccesses);
        Assert.Equal(2, result.SkippedSteps);
        var skipped = recorder.Steps.Where(s => s.Operation?.Operation == "skipped").Select(s => s.Explanation).ToList();
        Assert.Contains("Line 8: c1 was never created (the fork that would have made it did nothing, its parent having ended), so its access to 0x10000 is not made.", skipped);
        Assert.Contains("Line 9: c1 was never created (the fork that would have made it did nothing, its parent having ended), so this step does nothing.", skipped);
    }
}
