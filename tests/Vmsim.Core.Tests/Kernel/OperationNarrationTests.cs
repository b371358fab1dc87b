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
        Assert.Equal($"{child} exited and released its 1 resident page (no frame freed: it is still mapped by other processes or kept in the page cache)", operations.Descriptions[^2]);
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

    [Fact]
    public void An_exit_says_how_many_of_its_pages_freed_a_frame_when_some_are_shared()
    {
        var machine = new Machine(Checked(frames: 8));
        var operations = new Operations();
        machine.Observer = operations;
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x100), 3, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0x100), AccessKind.Write);
        var child = machine.Fork(parent, "child");
        machine.Mmap(child, new PageNumber(0x200), 2, Protection.ReadWrite);
        machine.Access(child, Page(machine, 0x200), AccessKind.Write);
        machine.Access(child, Page(machine, 0x201), AccessKind.Write);
        var free = machine.Kernel.Frames.FreeCount;
        machine.Exit(child);

        Assert.Equal(free + 2, machine.Kernel.Frames.FreeCount);
        Assert.Equal($"{child} exited and released its 3 resident pages (2 frames freed; the other page is still mapped by other processes or kept in the page cache)", operations.Descriptions[^1]);
    }
}
