using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>The textbook numbers again, but through the whole machine: MMU, TLB, fault handler, reclaim.</summary>
public class PolicyThroughMachineTests
{
    [Theory]
    [InlineData("fifo", 3, 15)]
    [InlineData("opt", 3, 9)]
    [InlineData("lru", 3, 12)]
    [InlineData("fifo", 4, 10)]
    [InlineData("opt", 4, 8)]
    [InlineData("lru", 4, 8)]
    [InlineData("clock", 3, 14)]
    public void Silberschatz_string_faults_as_the_textbook_says(string policy, int frames, long faults) =>
        Assert.Equal(faults, Faults(Silberschatz, frames, policy));

    [Fact]
    public void Clock_with_cold_insertion_faults_11_times_on_the_silberschatz_string_with_3_frames()
    {
        var config = Checked(3, "clock") with { PolicyOptions = new PolicyOptions { ClockInsert = ClockInsert.Cold } };
        Assert.Equal(11, ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), config).Counters.Faults);
    }

    [Fact]
    public void Opt_never_faults_more_than_any_policy_on_seeded_random_strings()
    {
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            var refs = Enumerable.Range(0, 120).Select(_ => new PageReference((ulong)random.Next(10), random.Next(4) == 0 ? Vmsim.Core.Addressing.AccessKind.Write : Vmsim.Core.Addressing.AccessKind.Read)).ToArray();
            foreach (var frames in new[] { 2, 3, 5 })
            {
                var opt = ReferenceStringRun.Run(refs, Checked(frames, "opt")).Counters.Faults;
                foreach (var policy in PolicyCatalog.All)
                {
                    var faults = ReferenceStringRun.Run(refs, Checked(frames, policy.Name)).Counters.Faults;
                    Assert.True(opt <= faults, $"seed {seed}, {frames} frames: OPT {opt} > {policy.Name} {faults}");
                }
            }
        }
    }
}
