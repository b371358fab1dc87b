using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

public class SwapAndFileTests
{
    [Fact]
    public void A_dirty_anonymous_page_evicted_and_touched_again_is_swapped_out_and_in()
    {
        var machine = new Machine(Checked(frames: 2));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 3, Protection.ReadWrite);
        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0), AccessKind.Write));
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        machine.Access(p, Page(machine, 2), AccessKind.Read); // evicts page 0 (FIFO), dirty: to swap

        Assert.Equal(1, machine.Counters.SwapOuts);
        Assert.Equal(1, machine.Counters.Writebacks);
        Assert.Equal(FaultKind.SwapIn, machine.Access(p, Page(machine, 0), AccessKind.Read));
        Assert.Equal(1, machine.Counters.SwapIns);
        Assert.Equal(1, machine.Counters.MajorFaults);
    }

    [Fact]
    public void A_clean_page_swapped_in_is_dropped_without_a_second_write()
    {
        var machine = new Machine(Checked(frames: 2));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 3, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0), AccessKind.Write);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        machine.Access(p, Page(machine, 2), AccessKind.Read); // page 0 to swap
        machine.Access(p, Page(machine, 0), AccessKind.Read); // back in, clean, keeps its slot
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        machine.Access(p, Page(machine, 2), AccessKind.Read);
        Assert.Equal(1, machine.Counters.SwapOuts);
        Assert.Equal(FaultKind.SwapIn, machine.Access(p, Page(machine, 0), AccessKind.Read));
        Assert.Equal(1, machine.Counters.SwapOuts);
    }

    [Fact]
    public void A_clean_anonymous_page_never_written_is_dropped_and_zero_filled_again()
    {
        var machine = new Machine(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0), AccessKind.Read);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0), AccessKind.Read));
        Assert.Equal(0, machine.Counters.SwapOuts);
    }

    [Fact]
    public void A_clean_file_page_evicted_is_read_again_from_its_file()
    {
        var machine = new Machine(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadExecute, file: "prog", name: "text");
        Assert.Equal(FaultKind.FileRead, machine.Access(p, Page(machine, 0), AccessKind.Execute));
        machine.Access(p, Page(machine, 1), AccessKind.Execute);
        Assert.Equal(FaultKind.FileRead, machine.Access(p, Page(machine, 0), AccessKind.Execute));
        Assert.Equal(0, machine.Counters.Writebacks);
        Assert.Equal(3, machine.Kernel.Files.Open("prog").PagesRead);
    }

    [Fact]
    public void A_dirty_shared_file_page_is_written_to_its_file_not_to_swap()
    {
        var machine = new Machine(Checked(frames: 1));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite, file: "db", shared: true);
        machine.Access(p, Page(machine, 0), AccessKind.Write);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(1, machine.Kernel.Files.Open("db").PagesWritten);
        Assert.Equal(0, machine.Counters.SwapOuts);
    }

    [Fact]
    public void A_second_process_finds_a_shared_file_page_in_the_page_cache()
    {
        var machine = new Machine(Checked(frames: 4));
        var a = machine.Spawn("a");
        var b = machine.Spawn("b");
        machine.Mmap(a, new PageNumber(0x10), 1, Protection.Read, file: "lib.so", shared: true);
        machine.Mmap(b, new PageNumber(0x80), 1, Protection.Read, file: "lib.so", shared: true);
        Assert.Equal(FaultKind.FileRead, machine.Access(a, Page(machine, 0x10), AccessKind.Read));
        Assert.Equal(FaultKind.PageCache, machine.Access(b, Page(machine, 0x80), AccessKind.Read));
        Assert.Equal(1, machine.Counters.MajorFaults);
        Assert.Equal(1, machine.Counters.MinorFaults);
    }

    [Fact]
    public void A_private_write_to_a_file_page_takes_a_copy_and_leaves_the_cached_page_alone()
    {
        var machine = new Machine(Checked(frames: 4));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 1, Protection.ReadWrite, file: "config", shared: false);
        var fault = machine.Access(p, Page(machine, 0x10), AccessKind.Write);
        Assert.Equal(FaultKind.FileRead, fault);
        Assert.Equal(1, machine.Counters.CowCopy);
        Assert.Equal(1, machine.Kernel.PageCache.Count);
        Assert.Equal(2, machine.Kernel.Frames.Count - machine.Kernel.Frames.FreeCount);

        // One fault, counted as a file read and as a copy: the copy came within the load.
        Assert.Equal(1, machine.Counters.Faults);
        Assert.Equal(1, machine.Counters.FileRead);
        Assert.Equal(1, machine.Counters.CowWithinLoad);
        Assert.Equal(1, p.Counters.CowWithinLoad);
    }

    [Fact]
    public void A_copy_on_write_break_of_a_present_page_is_not_within_a_load()
    {
        var machine = new Machine(Checked(frames: 4));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10), 1, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0x10), AccessKind.Write);
        var child = machine.Fork(parent);
        Assert.Equal(FaultKind.CowCopy, machine.Access(child, Page(machine, 0x10), AccessKind.Write));
        Assert.Equal(FaultKind.CowReuse, machine.Access(parent, Page(machine, 0x10), AccessKind.Write));
        Assert.Equal(1, machine.Counters.CowCopy);
        Assert.Equal(1, machine.Counters.CowReuse);
        Assert.Equal(0, machine.Counters.CowWithinLoad);
    }

    [Fact]
    public void When_swap_is_full_the_oom_killer_kills_the_process_with_the_most_resident_pages()
    {
        var machine = new Machine(Checked(frames: 3, swap: 1));
        var small = machine.Spawn("small");
        var big = machine.Spawn("big");
        machine.Mmap(small, new PageNumber(0), 1, Protection.ReadWrite);
        machine.Mmap(big, new PageNumber(0), 8, Protection.ReadWrite);
        machine.Access(small, Page(machine, 0), AccessKind.Write);
        machine.Access(big, Page(machine, 0), AccessKind.Write);
        machine.Access(big, Page(machine, 1), AccessKind.Write);
        machine.Access(big, Page(machine, 2), AccessKind.Write); // FIFO sends small's page to the only slot
        Assert.Equal(1, machine.Kernel.Swap.UsedSlots);
        Assert.Equal(0, small.AddressSpace.ResidentPages);

        var fault = machine.Access(big, Page(machine, 3), AccessKind.Write);
        Assert.Equal(FaultKind.Oom, fault);
        Assert.Equal(ProcessState.Oom, big.State);
        Assert.Contains("OOM", big.EndReason, StringComparison.OrdinalIgnoreCase);
        Assert.True(small.IsRunning);
        Assert.Equal(1, machine.Counters.OomKills);
        Assert.Equal(FaultKind.SwapIn, machine.Access(small, Page(machine, 0), AccessKind.Read));
        Assert.True(small.IsRunning);
    }

    [Fact]
    public void Local_replacement_takes_the_faulting_process_own_page_and_global_may_take_another()
    {
        foreach (var scope in new[] { ReplacementScope.Local, ReplacementScope.Global })
        {
            var machine = new Machine(Checked(frames: 4) with { Scope = scope });
            var dormant = machine.Spawn("dormant", frameQuota: 2);
            var busy = machine.Spawn("busy", frameQuota: 2);
            machine.Mmap(dormant, new PageNumber(0), 2, Protection.ReadWrite);
            machine.Mmap(busy, new PageNumber(0), 4, Protection.ReadWrite);
            machine.Access(dormant, Page(machine, 0), AccessKind.Read);
            machine.Access(dormant, Page(machine, 1), AccessKind.Read);
            for (ulong page = 0; page < 4; page++)
            {
                machine.Access(busy, Page(machine, page), AccessKind.Read);
            }

            var expected = scope == ReplacementScope.Local ? 2 : 0;
            Assert.Equal(expected, dormant.AddressSpace.ResidentPages);
        }
    }

    [Fact]
    public void Under_local_replacement_a_process_below_its_share_takes_frames_back_from_one_above_it()
    {
        // The first process fills 8 of 12 frames while it runs alone (its share is all 12). A second
        // process halves every share to 6: its faults take frames back from the first, which is
        // above its share, rather than evicting its own pages at 4.
        var machine = new Machine(Checked(frames: 12) with { Scope = ReplacementScope.Local });
        var first = machine.Spawn("first");
        machine.Mmap(first, new PageNumber(0), 8, Protection.ReadWrite);
        for (ulong page = 0; page < 8; page++)
        {
            machine.Access(first, Page(machine, page), AccessKind.Read);
        }

        var second = machine.Spawn("second");
        machine.Mmap(second, new PageNumber(0), 6, Protection.ReadWrite);
        for (ulong page = 0; page < 6; page++)
        {
            machine.Access(second, Page(machine, page), AccessKind.Read);
        }

        Assert.Equal(6, machine.Kernel.QuotaOf(second));
        Assert.Equal(6, second.AddressSpace.ResidentPages);
        Assert.Equal(6, first.AddressSpace.ResidentPages);
    }
}
