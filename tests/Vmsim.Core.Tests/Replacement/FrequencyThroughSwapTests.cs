using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// W-TinyLFU's frequency sketch keys a page by its program's name for it (address space and
/// virtual page), not by the swap slot ghost lists know it by: the count a page earned before
/// it went to swap is still its own when it comes back, and a freed slot reused by another page
/// passes that page nothing (a sketch cannot forget one key).
/// </summary>
public sealed class FrequencyThroughSwapTests
{
    private const ulong Loved = 0x100;
    private const ulong Once = 0x200;
    private const ulong Filler = 0x400;

    private static Pte PteOf(Process process, ulong page) =>
        process.AddressSpace.PageTable.Walk(new PageNumber(page), alloc: false, out _).Entry;

    private static (Machine Machine, Process Process, WTinyLfu Policy) Start()
    {
        var machine = new Machine(TestMachines.Checked(frames: 4, policy: "w-tinylfu", swap: 64));
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(Loved), 1, Protection.ReadWrite, name: "loved");
        machine.Mmap(process, new PageNumber(Once), 1, Protection.ReadWrite, name: "once");
        machine.Mmap(process, new PageNumber(Filler), 256, Protection.ReadWrite, name: "filler");
        return (machine, process, (WTinyLfu)machine.Kernel.Policy);
    }

    // Reads filler pages, each once, until the page is in swap; returns the next filler page.
    private static ulong ReadUntilSwapped(Machine machine, Process process, ulong page, ulong filler)
    {
        while (!PteOf(process, page).IsSwapped)
        {
            Assert.True(filler < Filler + 256, $"page {page:x} never went to swap");
            machine.Access(process, TestMachines.Page(machine, filler++), AccessKind.Read);
        }

        return filler;
    }

    // On 4 frames (a window of one, a main of three): the loved page, written and read, goes to
    // probation; three filler pages fill the main; a page read three times in the window then
    // beats the loved page (frequency 2) in the admission contest, which sends it to swap still
    // counting its two accesses: well inside the sketch's first sample, so nothing is halved.
    [Fact]
    public void A_page_read_back_from_swap_counts_under_the_name_it_had_before()
    {
        var (machine, process, policy) = Start();
        var name = PageIdentity.Private(process.Pid, new PageNumber(Loved));
        machine.Access(process, TestMachines.Page(machine, Loved), AccessKind.Write);
        machine.Access(process, TestMachines.Page(machine, Loved), AccessKind.Read);
        foreach (var page in new[] { Filler, Filler + 1, Filler + 2, Filler + 3, Filler + 3, Filler + 3, Filler + 4 })
        {
            machine.Access(process, TestMachines.Page(machine, page), AccessKind.Read);
        }

        Assert.True(PteOf(process, Loved).IsSwapped, "the loved page is still resident");
        Assert.Equal(2, policy.FrequencyOf(name));

        machine.Access(process, TestMachines.Page(machine, Loved), AccessKind.Read);

        Assert.Equal(3, policy.FrequencyOf(name));
        Assert.Equal(3, policy.FrequencyOf(PteOf(process, Loved).Frame));
    }

    [Fact]
    public void A_reused_swap_slot_passes_nothing_to_the_next_page()
    {
        var (machine, process, policy) = Start();
        machine.Access(process, TestMachines.Page(machine, Loved), AccessKind.Write);
        var filler = ReadUntilSwapped(machine, process, Loved, Filler);
        var slot = PteOf(process, Loved).Slot;
        for (var i = 0; i < 8; i++)
        {
            machine.Access(process, TestMachines.Page(machine, Loved), AccessKind.Read);
        }

        machine.Munmap(process, new PageNumber(Loved), 1);
        machine.Access(process, TestMachines.Page(machine, Once), AccessKind.Write);
        ReadUntilSwapped(machine, process, Once, filler);
        Assert.Equal(slot, PteOf(process, Once).Slot);

        machine.Access(process, TestMachines.Page(machine, Once), AccessKind.Read);
        Assert.True(policy.FrequencyOf(PteOf(process, Once).Frame) <= 2,
            $"a page touched twice counts {policy.FrequencyOf(PteOf(process, Once).Frame)}");
    }
}
