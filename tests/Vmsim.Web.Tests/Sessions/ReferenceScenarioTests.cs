using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Web.Sessions;

namespace Vmsim.Web.Tests.Sessions;

/// <summary>The visualizer steps a reference string as a scenario: it must count exactly what Core's reference-string mode counts.</summary>
public class ReferenceScenarioTests
{
    public static TheoryData<string> Policies() => [.. PolicyCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Faults_evictions_and_write_backs_equal_the_reference_string_mode(string policy)
    {
        var random = new Random(7);
        var strings = new[]
        {
            ReferenceString.Parse(TestWorkloads.BeladyString),
            ReferenceString.Parse("7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1"),
            [.. Enumerable.Range(0, 300).Select(_ => new PageReference((ulong)random.Next(12), random.Next(3) == 0 ? AccessKind.Write : AccessKind.Read))],
        };
        foreach (var references in strings)
        {
            foreach (var frames in new[] { 1, 3, 4, 7 })
            {
                var config = new MachineConfig { Frames = frames, Policy = policy, CheckInvariants = true };
                var expected = ReferenceStringRun.Run(references, config).Counters;
                var actual = ScenarioRun.Run(ReferenceScenario.Build(references, config), config).Machine.Counters;
                Assert.Equal(expected.Faults, actual.Faults);
                Assert.Equal(expected.Evictions, actual.Evictions);
                Assert.Equal(expected.Writebacks, actual.Writebacks);
                Assert.Equal(expected.Accesses, actual.Accesses);
            }
        }
    }

    [Fact]
    public void A_page_beyond_the_address_space_is_refused_in_words()
    {
        var config = new MachineConfig { Geometry = PageGeometry.X86 };
        var e = Assert.Throws<VisualizerInputException>(() => ReferenceScenario.Build(ReferenceString.Parse("1 0x100000"), config));
        Assert.Contains("outside the 32-bit address space", e.Message, StringComparison.Ordinal);
    }
}
