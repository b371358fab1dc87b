using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A run of accesses not made is consecutive accesses of one process that had ended: another
/// process's access not made, an access made or an operation between ends it, and the rest of
/// a run after its first is told in one sentence.
/// </summary>
public class SkippedAccessRunTests
{
    private static OperationEvent NotMade(int pid, ulong address) =>
        new("skipped", pid, $"P{pid} has already ended, so its access to {new VirtualAddress(address)} is not made")
        {
            SkippedAddress = new VirtualAddress(address),
        };

    [Fact]
    public void Two_accesses_not_made_of_one_process_one_after_the_other_are_one_run()
    {
        Assert.True(SkippedAccessRun.Continues(NotMade(2, 0x1000b000), NotMade(2, 0x1000c000)));
    }

    [Fact]
    public void An_access_not_made_of_another_process_starts_a_run_of_its_own()
    {
        Assert.False(SkippedAccessRun.Continues(NotMade(1, 0x10000000), NotMade(2, 0x20000000)));
    }

    [Fact]
    public void An_access_made_is_no_part_of_a_run_on_either_side()
    {
        // An access made is recorded as an access, with no operation.
        Assert.False(SkippedAccessRun.Continues(NotMade(1, 0x10000000), null));
        Assert.False(SkippedAccessRun.Continues(null, NotMade(1, 0x10001000)));
    }

    [Fact]
    public void An_operation_of_an_ended_process_that_did_nothing_is_no_part_of_a_run_on_either_side()
    {
        var exit = new OperationEvent("skipped", 1, "line 26: P1 (a) has already ended (segv), so this step does nothing");

        Assert.False(SkippedAccessRun.Continues(NotMade(1, 0x10000000), exit));
        Assert.False(SkippedAccessRun.Continues(exit, NotMade(1, 0x10000000)));
    }

    // a is killed by a wild pointer: its next three accesses are one run; b's accesses, made,
    // end it; a's next access is a run of one, and so is the one after b is killed in turn
    // (b's access that killed it came between); b's last two accesses are a run of b's own.
    private const string Yaml = """
        processes:
          - name: a
            regions: [{ name: heap, start: 0x10000000, pages: 4, prot: rw- }]
          - name: b
            regions: [{ name: heap, start: 0x20000000, pages: 4, prot: rw- }]
        script:
          - { touch: a, address: 0xdead0000 }
          - { touch: a, region: heap, pages: 0-2 }
          - { touch: b, region: heap, pages: 0-1 }
          - { touch: a, region: heap, pages: 3 }
          - { touch: b, address: 0xdead0000 }
          - { touch: a, region: heap, pages: 0 }
          - { touch: b, region: heap, pages: 2-3 }
        """;

    [Fact]
    public void A_scenarios_accesses_not_made_fall_into_runs_split_by_process_and_by_accesses_made()
    {
        Assert.Equal([("P1", 3), ("P1", 1), ("P1", 1), ("P2", 2)], RunsOf(Yaml).Runs);
    }

    [Fact]
    public void The_accesses_of_two_processes_never_created_are_two_runs_each_named_by_the_scenario()
    {
        // a is killed before it forks, so neither c1 nor c2 is ever created: both have no pid.
        const string NeverForked = """
            processes:
              - name: a
                regions: [{ name: data, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, address: 0x70000000 }
              - { fork: a, child: c1 }
              - { fork: a, child: c2 }
              - { touch: c1, region: data, pages: 0-2 }
              - { touch: c2, region: data, pages: 0-1 }
            """;
        var (runs, steps) = RunsOf(NeverForked);

        Assert.Equal([("c1", 3), ("c2", 2)], runs);
        Assert.All(steps.Where(s => s.IsSkippedAccess), s => Assert.Equal(0, s.Operation!.Pid));
    }

    [Theory]
    [InlineData(52, "P2 (hog)", "52 more accesses of P2 (hog) not made, likewise")]
    [InlineData(1, "P2", "1 more access of P2 not made, likewise")]
    [InlineData(2, null, "2 more accesses not made, likewise")]
    [InlineData(1, null, "1 more access not made, likewise")]
    public void The_rest_of_a_run_is_told_in_one_sentence_with_the_count_in_the_singular_for_one(int more, string? process, string expected)
    {
        Assert.Equal(expected, SkippedAccessRun.MoreNotMade(more, process));
    }

    // The runs of accesses not made in a whole scenario, each its process and length, and its steps.
    private static (List<(string Process, int Length)> Runs, IReadOnlyList<RecordedStep> Steps) RunsOf(string yaml)
    {
        var (_, recorder, _) = RunRecorded(yaml, "runs.yaml");

        var runs = new List<(string Process, int Length)>();
        RecordedStep? previous = null;
        foreach (var step in recorder.Steps)
        {
            if (SkippedAccessRun.Continues(previous?.Operation, step.Operation))
            {
                runs[^1] = (runs[^1].Process, runs[^1].Length + 1);
            }
            else if (step.IsSkippedAccess)
            {
                runs.Add((step.Operation!.ProcessLabel, 1));
            }

            previous = step;
        }

        return (runs, recorder.Steps);
    }
}
