using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

public sealed class BrkTests
{
    [Fact]
    public void Shrinking_by_more_pages_than_the_heap_has_is_refused_and_changes_nothing()
    {
        var machine = new Machine(Checked());
        var p = machine.Spawn("p");
        machine.Brk(p, 4, new PageNumber(0x200));

        var error = Assert.Throws<SimulationException>(() => machine.Brk(p, -5, new PageNumber(0x200)));

        Assert.Equal($"brk: the heap of {p} has 4 pages; it cannot shrink by 5 pages", error.Message);
        Assert.Equal(new PageNumber(0x204), p.AddressSpace.HeapEnd);
    }

    [Fact]
    public void A_heap_started_over_a_mapped_region_grows_from_its_end()
    {
        var machine = new Machine(Checked());
        var p = machine.Spawn("p");
        var heap = machine.Mmap(p, new PageNumber(0x200), 2, Protection.ReadWrite, name: "heap");
        machine.StartHeap(p, heap.Start, heap.End);

        Assert.Equal(new PageNumber(0x203), machine.Brk(p, 1, new PageNumber(0x900)));
        Assert.Equal([(0x200UL, 0x202UL), (0x202UL, 0x203UL)], p.AddressSpace.Areas.Select(a => (a.Start.Value, a.End.Value)));
    }
}
