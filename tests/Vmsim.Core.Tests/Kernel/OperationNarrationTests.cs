using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

/// <summary>What the kernel's operations tell their observers, where a count of one takes the singular.</summary>
public sealed class OperationNarrationTests
{
    private sealed class Operations : IMachineObserver
    {
        public List<string> Descriptions { get; } = [];

        public void OnAccess(in AccessEvent access)
        {
        }

        public void OnEviction(in EvictionEvent eviction)
        {
        }

        public void OnOomKill(in OomKillEvent kill)
        {
        }

        public void OnOperation(OperationEvent operation) => Descriptions.Add(operation.Description);
    }

    [Fact]
    public void A_fork_an_exit_and_a_brk_of_one_page_say_one_page()
    {
        var machine = new Machine(Checked(frames: 4));
        var operations = new Operations();
        machine.Observer = operations;
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x100), 2, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0x100), AccessKind.Write);
        var child = machine.Fork(parent, "child");
        machine.Exit(child);
        machine.Brk(parent, 1, new PageNumber(0x200));

        Assert.Contains($"{parent} forked {child}: 1 resident page is now shared,", operations.Descriptions[^3]);
        Assert.Equal($"{child} exited and released its 1 resident page", operations.Descriptions[^2]);
        Assert.EndsWith("(heap of 1 page)", operations.Descriptions[^1]);
    }

    [Fact]
    public void The_oom_killer_names_one_resident_page_in_the_singular()
    {
        var machine = new Machine(Checked(frames: 1, swap: 0));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 2, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x100), AccessKind.Write);
        machine.Access(p, Page(machine, 0x101), AccessKind.Write);

        Assert.Equal("killed by the OOM killer: out of memory with 1 resident page, the most of any process", p.EndReason);
    }
}
