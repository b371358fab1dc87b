using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

public class SegmentationFaultTests
{
    [Theory]
    [InlineData(0x999, AccessKind.Read, FaultKind.SegvUnmapped, "address not mapped")]
    [InlineData(0x10, AccessKind.Write, FaultKind.SegvProtection, "write to read-only memory")]
    [InlineData(0x20, AccessKind.Execute, FaultKind.SegvProtection, "execute of non-executable memory")]
    [InlineData(0x30, AccessKind.Read, FaultKind.SegvProtection, "read of execute-only memory")]
    [InlineData(0x40, AccessKind.Read, FaultKind.SegvProtection, "read of memory with no access")]
    public void Each_kind_of_segfault_kills_only_the_offender(ulong page, AccessKind kind, FaultKind expected, string reason)
    {
        var machine = new Machine(Checked(frames: 8));
        var bystander = machine.Spawn("bystander");
        machine.Mmap(bystander, new PageNumber(0x10), 2, Protection.ReadWrite);
        machine.Access(bystander, Page(machine, 0x10), AccessKind.Write);

        var offender = machine.Spawn("offender");
        machine.Mmap(offender, new PageNumber(0x10), 1, Protection.Read, name: "rodata");
        machine.Mmap(offender, new PageNumber(0x20), 1, Protection.ReadWrite, name: "data");
        machine.Mmap(offender, new PageNumber(0x30), 1, Protection.Execute, name: "xonly");
        machine.Mmap(offender, new PageNumber(0x40), 1, Protection.None, name: "guard");
        machine.Access(offender, Page(machine, 0x20), AccessKind.Write);

        Assert.Equal(expected, machine.Access(offender, Page(machine, page), kind));
        Assert.Equal(ProcessState.Segv, offender.State);
        Assert.Contains(reason, offender.EndReason);
        Assert.Equal(0, offender.AddressSpace.ResidentPages);
        Assert.Throws<SimulationException>(() => machine.Access(offender, Page(machine, 0x20), AccessKind.Read));

        Assert.True(bystander.IsRunning);
        Assert.Equal(FaultKind.None, machine.Access(bystander, Page(machine, 0x10), AccessKind.Read));
        Assert.Equal(1, expected == FaultKind.SegvUnmapped ? machine.Counters.SegvUnmapped : machine.Counters.SegvProtection);
    }

    [Fact]
    public void An_address_beyond_the_address_space_is_unmapped()
    {
        var machine = new Machine(Checked() with { Geometry = PageGeometry.X86 });
        var p = machine.Spawn("p");
        Assert.Equal(FaultKind.SegvUnmapped, machine.Access(p, new VirtualAddress(1UL << 40), AccessKind.Read));
    }

    [Fact]
    public void Mprotect_to_read_only_makes_the_next_write_a_segfault_even_with_a_cached_translation()
    {
        var machine = new Machine(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Write);
        machine.Mprotect(p, new PageNumber(1), 1, Protection.Read);
        Assert.Equal(FaultKind.None, machine.Access(p, Page(machine, 1), AccessKind.Read));
        Assert.Equal(FaultKind.SegvProtection, machine.Access(p, Page(machine, 1), AccessKind.Write));
    }
}
