using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

/// <summary>
/// A scenario's fields that its run will not use (a policy setting its policy does not
/// read, a quota under global replacement) are named in notes, at their lines.
/// </summary>
public class ScenarioNotesTests
{
    private const string Yaml = """
        machine:
          frames: 4
          policy: lru
          window: 5
          tick: 7
        processes:
          - name: a
            quota: 2
            regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]
        script:
          - { touch: a, region: data }
          - spawn: b
            quota: 1
          - exit: a
        """;

    [Fact]
    public void Settings_the_policy_does_not_read_and_quotas_under_global_replacement_are_noted_in_line_order()
    {
        var notes = ScenarioNotes.For(ScenarioReader.Parse(Yaml, "s.yaml"));

        Assert.Equal(4, notes.Count);
        Assert.StartsWith("line 4: the machine's window changes nothing here, as the lru policy does not read it; it applies to wsclock and ws", notes[0], StringComparison.Ordinal);
        Assert.StartsWith("line 5: the machine's tick changes nothing here, as the lru policy does not read it; it applies to aging", notes[1], StringComparison.Ordinal);
        Assert.StartsWith("line 7: the quota of a (2 frames) changes nothing here", notes[2], StringComparison.Ordinal);
        Assert.StartsWith("line 12: the quota of b (1 frame) changes nothing here", notes[3], StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_and_scope_that_read_them_leave_no_note()
    {
        var scenario = ScenarioReader.Parse(Yaml, "s.yaml", m => m with { Policy = "ws", Scope = ReplacementScope.Local });

        var notes = ScenarioNotes.For(scenario);

        Assert.Equal(["line 5: the machine's tick changes nothing here, as the ws policy does not read it; it applies to aging."], notes);
    }

    [Fact]
    public void Every_bundled_example_uses_all_it_sets()
    {
        foreach (var name in BundledExamples.Names)
        {
            Assert.Empty(ScenarioNotes.For(BundledExamples.Read(name, m => m)!));
        }
    }
}
