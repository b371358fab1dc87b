using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>The access path allocates nothing once warmed up, whatever the policy, with faults and evictions.</summary>
public class AllocationTests
{
    public static TheoryData<string> Policies() => [.. PolicyCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Accesses_with_faults_and_evictions_allocate_nothing(string policy)
    {
        var machine = new Machine(new MachineConfig { Frames = 64, SwapSlots = 1024, Policy = policy, TlbEntries = 16, TlbWays = 4, TickInterval = 50 });
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 512, Protection.ReadWrite);
        var random = new Random(3);
        var pages = Enumerable.Range(0, 40_000).Select(_ => 0x100UL + (ulong)random.Next(512)).ToArray();
        void Play(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                machine.Access(p, machine.Geometry.AddressOf(new PageNumber(pages[i])), i % 3 == 0 ? AccessKind.Write : AccessKind.Read, pages.Length - i);
            }
        }

        Play(0, 10_000); // warm up: page tables, reverse-map pool, swap slots in use

        // The least of three equal windows: something allocated once (the runtime tiering a
        // method up on this thread) shows in one window, an allocation per access in all.
        var least = long.MaxValue;
        for (var window = 1; window <= 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Play(window * 10_000, (window + 1) * 10_000);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(machine.Counters.Evictions > 10_000, "the workload must evict");
        Assert.True(least < 1024, $"{policy}: {least} bytes allocated over 10,000 accesses in every window");
    }
}
