using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// Seeded random workloads of several processes (forks, exits, mappings, protection
/// changes and accesses), with the invariant checker on after every step: whatever the
/// policy and scope, the kernel's structures must stay consistent.
/// </summary>
public class RandomWorkloadTests
{
    public static TheoryData<string, ReplacementScope> Policies()
    {
        // Every policy under both scopes: under local replacement the victim must come from one
        // process's frames, which a policy's own order (a clock hand, W-TinyLFU's window, whose
        // least recent page is often another process's) passes over.
        var data = new TheoryData<string, ReplacementScope>();
        foreach (var scope in new[] { ReplacementScope.Global, ReplacementScope.Local })
        {
            foreach (var policy in PolicyCatalog.All)
            {
                data.Add(policy.Name, scope);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Invariants_hold_after_every_step(string policy, ReplacementScope scope)
    {
        for (var seed = 1; seed <= 4; seed++)
        {
            Run(seed, policy, scope);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_counts()
    {
        var a = Run(7, "random", ReplacementScope.Global);
        var b = Run(7, "random", ReplacementScope.Global);
        Assert.Equal(a.Faults, b.Faults);
        Assert.Equal(a.Evictions, b.Evictions);
        Assert.Equal(a.SimulatedNs, b.SimulatedNs);
    }

    private static Counters Run(int seed, string policy, ReplacementScope scope)
    {
        var random = new Random(seed);
        var machine = new Machine(new MachineConfig
        {
            Frames = 6,
            SwapSlots = 10,
            TlbEntries = 4,
            TlbWays = 2,
            TlbAsidTagged = seed % 2 == 0,
            Policy = policy,
            Scope = scope,
            TickInterval = 5,
            PolicyOptions = new PolicyOptions { Seed = seed, WorkingSetWindow = 20 },
            CheckInvariants = true,
        });
        var processes = new List<Process> { Setup(machine, machine.Spawn("init")) };
        for (var step = 0; step < 400; step++)
        {
            processes.RemoveAll(p => !p.IsRunning);
            if (processes.Count == 0)
            {
                processes.Add(Setup(machine, machine.Spawn($"p{step}")));
            }

            var process = processes[random.Next(processes.Count)];
            var roll = random.Next(100);
            if (roll < 4 && processes.Count < 5)
            {
                processes.Add(machine.Fork(process));
            }
            else if (roll < 6 && processes.Count > 1)
            {
                machine.Exit(process);
            }
            else if (roll < 8)
            {
                var protections = new[] { Protection.Read, Protection.ReadWrite, Protection.All, Protection.None };
                machine.Mprotect(process, new PageNumber(0x10 + (ulong)random.Next(4)), 1, protections[random.Next(protections.Length)]);
            }
            else if (roll < 9)
            {
                machine.Munmap(process, new PageNumber(0x10 + (ulong)random.Next(8)), 2);
            }
            else
            {
                ulong[] regions = [0x10, 0x20, 0x30, 0x40];
                var page = regions[random.Next(regions.Length)] + (ulong)random.Next(8);
                var kind = (AccessKind)random.Next(3);
                machine.Access(process, machine.Geometry.AddressOf(new PageNumber(page)), kind, policy == "opt" ? AccessContext.Never : AccessContext.Unknown);
            }
        }

        machine.CheckInvariants();
        return machine.Counters;
    }

    private static Process Setup(Machine machine, Process process)
    {
        machine.Mmap(process, new PageNumber(0x10), 8, Protection.ReadWrite, name: "heap");
        machine.Mmap(process, new PageNumber(0x20), 8, Protection.ReadExecute, file: "prog", name: "text");
        machine.Mmap(process, new PageNumber(0x30), 8, Protection.ReadWrite, file: "shared.db", shared: true);
        machine.Mmap(process, new PageNumber(0x40), 8, Protection.ReadWrite, file: "config", name: "private file");
        return process;
    }
}
