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

    [Theory]
    [InlineData(0x1000_0000_0000_0000UL, "x86-64", "SIGSEGV at 0x1000000000000000: not canonical on x86-64: bits 63–48 must all equal bit 47")]
    [InlineData(ulong.MaxValue, "x86-64", "SIGSEGV at 0xffffffffffffffff: in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData(0xffff_8000_0000_0000UL, "x86-64", "SIGSEGV at 0xffff800000000000: in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData(0xffff_0000_0000_0000UL, "x86-64", "SIGSEGV at 0xffff000000000000: not canonical on x86-64: bits 63–48 must all equal bit 47")]
    [InlineData(0x1_0000_0000_0000UL, "x86-64", "SIGSEGV at 0x1000000000000: not canonical on x86-64: bits 63–48 must all equal bit 47")]
    [InlineData(0xff00_0000_0000_0000UL, "x86-64-5level", "SIGSEGV at 0xff00000000000000: in the kernel half of the canonical address space of x86-64-5level; vmsim simulates user address spaces, 0x0 to 0x1ffffffffffffff")]
    [InlineData(0x0200_0000_0000_0000UL, "x86-64-5level", "SIGSEGV at 0x200000000000000: not canonical on x86-64-5level: bits 63–57 must all equal bit 56")]
    [InlineData(0xffff_ffc0_0000_0000UL, "sv39", "SIGSEGV at 0xffffffc000000000: in the kernel half of the canonical address space of sv39; vmsim simulates user address spaces, 0x0 to 0x7fffffffff")]
    [InlineData(0x1_0000_0000UL, "x86-32", "SIGSEGV at 0x100000000: outside the 32-bit address space of x86-32")]
    [InlineData(0x1_0000_0000_0000UL, "x86-64-5level", "SIGSEGV at 0x1000000000000: address not mapped")]
    [InlineData(0xffff_ffffUL, "x86-32", "SIGSEGV at 0xffffffff: address not mapped")]
    public void An_address_beyond_the_address_space_is_a_sigsegv_that_says_so(ulong address, string geometry, string reason)
    {
        var machine = new Machine(Checked() with { Geometry = PageGeometry.FromPreset(geometry)! });
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 1, Protection.ReadWrite);

        Assert.Equal(FaultKind.SegvUnmapped, machine.Access(p, new VirtualAddress(address), AccessKind.Read));
        Assert.Equal(ProcessState.Segv, p.State);
        Assert.Equal(reason, p.EndReason);
    }

    [Theory]
    [InlineData("x86-32", 0x1_0000_0000UL, "wrote address 0x100000000: outside the 32-bit address space of x86-32 (the page table translates addresses below 0x100000000), so the kernel")]
    [InlineData("x86-64", 0x1000_0000_0000_0000UL, "wrote address 0x1000000000000000: not canonical on x86-64: bits 63–48 must all equal bit 47, so the kernel")]
    public void The_narration_of_an_address_beyond_the_address_space_says_why_it_is_beyond(string geometry, ulong address, string said)
    {
        var machine = new Machine(Checked() with { Geometry = PageGeometry.FromPreset(geometry)! });
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var p = machine.Spawn("p");

        machine.Access(p, new VirtualAddress(address), AccessKind.Write);

        Assert.Equal($"{p} {said} sent SIGSEGV and {p} was killed; its pages were released.", recorder.Steps[^1].Explanation);
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
