using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

/// <summary>
/// The kernel maps a page only where its entry is not present: a page is unmapped before it is
/// mapped anew, so a mapping never leaves a stale translation in the TLB to drop.
/// </summary>
public class MapPageTests
{
    [Fact]
    public void Mapping_over_a_present_entry_is_an_invariant_violation_that_changes_nothing()
    {
        var machine = new Machine(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 2, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x10), AccessKind.Write);
        var pte = p.AddressSpace.PageTable.Walk(new PageNumber(0x10), alloc: false, out _);
        var before = pte.Entry;
        var resident = p.AddressSpace.ResidentPages;

        var error = Assert.Throws<InvariantViolationException>(() => machine.Kernel.MapPage(p, new PageNumber(0x10), pte, new FrameNumber(3), PteFlags.Write));

        Assert.Contains("over its present entry", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, pte.Entry);
        Assert.Equal(resident, p.AddressSpace.ResidentPages);
    }
}
