using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Mmu;

public class MmuTests
{
    private static Pte PteOf(Process process, ulong page) =>
        process.AddressSpace.PageTable.Walk(new PageNumber(page), alloc: false, out _).Entry;

    [Fact]
    public void A_read_sets_accessed_and_a_first_write_through_the_tlb_sets_dirty()
    {
        var machine = new Machine(Checked(frames: 4, tlb: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(PteFlags.Accessed, PteOf(p, 1).Flags & (PteFlags.Accessed | PteFlags.Dirty));

        Assert.Equal(FaultKind.None, machine.Access(p, Page(machine, 1), AccessKind.Write));
        Assert.Equal(1, machine.Counters.TlbHits);
        Assert.Equal(PteFlags.Accessed | PteFlags.Dirty, PteOf(p, 1).Flags & (PteFlags.Accessed | PteFlags.Dirty));
    }

    [Fact]
    public void Clearing_the_accessed_bit_flushes_the_tlb_entry_so_the_next_access_sets_it_again()
    {
        var machine = new Machine(Checked(frames: 4, tlb: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(1, machine.Counters.TlbHits);

        Assert.True(machine.Kernel.Reclaimer.TestAndClearAccessed(PteOf(p, 1).Frame));
        Assert.Equal(PteFlags.None, PteOf(p, 1).Flags & PteFlags.Accessed);
        Assert.Equal(FaultKind.None, machine.Access(p, Page(machine, 1), AccessKind.Read));
        Assert.Equal(1, machine.Counters.TlbHits);
        Assert.Equal(PteFlags.Accessed, PteOf(p, 1).Flags & PteFlags.Accessed);
    }

    [Fact]
    public void Cleaning_a_page_flushes_the_tlb_entry_so_the_next_write_sets_dirty_again()
    {
        var machine = new Machine(Checked(frames: 4, tlb: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Write);
        Assert.True(machine.Kernel.Reclaimer.Clean(PteOf(p, 1).Frame));
        Assert.Equal(PteFlags.None, PteOf(p, 1).Flags & PteFlags.Dirty);

        machine.Access(p, Page(machine, 1), AccessKind.Write);
        Assert.Equal(PteFlags.Dirty, PteOf(p, 1).Flags & PteFlags.Dirty);
        Assert.True(machine.Kernel.Reclaimer.IsDirty(PteOf(p, 1).Frame));
    }

    [Fact]
    public void An_entry_dropped_by_clearing_a_bit_is_counted_and_a_bit_cleared_with_no_entry_cached_is_not()
    {
        var machine = new Machine(Checked(frames: 4, tlb: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Write);
        var frame = PteOf(p, 1).Frame;

        Assert.True(machine.Kernel.Reclaimer.TestAndClearAccessed(frame));
        Assert.Equal(1, machine.Counters.TlbDroppedByBitClears);
        Assert.True(machine.Kernel.Reclaimer.Clean(frame)); // the entry is gone already
        Assert.Equal(1, machine.Counters.TlbDroppedByBitClears);

        machine.Access(p, Page(machine, 1), AccessKind.Write);
        Assert.True(machine.Kernel.Reclaimer.Clean(frame));
        Assert.Equal(2, machine.Counters.TlbDroppedByBitClears);
    }

    [Fact]
    public void Clock_drops_the_tlb_entries_of_the_pages_its_hand_passes_so_a_resident_page_misses_the_tlb()
    {
        // Two frames: 1 and 2 come in referenced, 1 hits the TLB; 3's fault sends the hand past
        // both, clearing each bit (and dropping each entry) before it takes 1's frame. 2 is still
        // resident, but its access walks the page table.
        var machine = ReferenceStringRun.Run(ReferenceString.Parse("1 2 1 3 2"), Checked(frames: 2, policy: "clock"));

        Assert.Equal(2, machine.Counters.Hits);
        Assert.Equal(1, machine.Counters.TlbHits);
        Assert.Equal(2, machine.Counters.TlbDroppedByBitClears);
        Assert.Equal(0, ReferenceStringRun.Run(ReferenceString.Parse("1 2 1 3 2"), Checked(frames: 2, policy: "fifo")).Counters.TlbDroppedByBitClears);
    }

    [Fact]
    public void The_walk_visits_one_table_per_level()
    {
        foreach (var (geometry, levels) in new[] { (PageGeometry.X64, 4), (PageGeometry.X86, 2), (PageGeometry.Sv39, 3) })
        {
            var table = new PageTable(geometry);
            table.Walk(new PageNumber(0x12345), alloc: true, out var visited);
            Assert.Equal(levels, visited);
            Assert.Equal(levels, table.TablePages);
        }
    }

    [Fact]
    public void A_walk_without_allocation_stops_at_the_first_missing_table()
    {
        var table = new PageTable(PageGeometry.X64);
        var pte = table.Walk(new PageNumber(0x12345), alloc: false, out var visited);
        Assert.False(pte.IsValid);
        Assert.Equal(1, visited);
    }

    [Fact]
    public void Walk_cost_is_charged_per_level_on_a_tlb_miss()
    {
        var config = Checked(frames: 4, tlb: 0) with { Cost = new CostModel { PageWalkLevelNs = 7, MemoryAccessNs = 0, MinorFaultNs = 0 } };
        var machine = new Machine(config);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(1), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 1), AccessKind.Read); // fault: walk fails at the root, handler, retry walks 4 levels
        var before = machine.Counters.SimulatedNs;
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(4 * 7, machine.Counters.SimulatedNs - before);
    }

    [Fact]
    public void A_set_associative_tlb_evicts_the_least_recently_used_entry_of_the_set()
    {
        var tlb = new Tlb(entries: 4, ways: 2); // 2 sets; even pages in set 0
        var leaf = new Pte[8];
        for (var i = 0; i < 8; i++)
        {
            leaf[i] = new Pte { Flags = PteFlags.Present | PteFlags.Read, Value = i };
        }

        tlb.Insert(1, new PageNumber(0), new PteRef(leaf, 0));
        tlb.Insert(1, new PageNumber(2), new PteRef(leaf, 2));
        Assert.Equal(1, Hit(tlb, 1, 0)); // 0 is now more recent than 2
        tlb.Insert(1, new PageNumber(4), new PteRef(leaf, 4));
        Assert.Equal(1, Hit(tlb, 1, 0));
        Assert.Equal(0, Hit(tlb, 1, 2));
        Assert.Equal(0, Hit(tlb, 2, 0));
    }

    private static int Hit(Tlb tlb, int asid, ulong page) => tlb.TryHit(asid, page, PteFlags.Read, PteFlags.Accessed, out _);

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 0)]
    public void Asid_tags_keep_translations_across_switches_and_flushing_loses_them(bool asid, long hitsAfterSwitch)
    {
        var machine = new Machine(Checked(frames: 8, tlb: 8) with { TlbAsidTagged = asid });
        var a = machine.Spawn("a");
        var b = machine.Spawn("b");
        foreach (var p in new[] { a, b })
        {
            machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite);
            machine.Access(p, Page(machine, 0), AccessKind.Read);
            machine.Access(p, Page(machine, 1), AccessKind.Read);
        }

        var before = machine.Counters.TlbHits;
        machine.Access(a, Page(machine, 0), AccessKind.Read);
        machine.Access(a, Page(machine, 1), AccessKind.Read);
        machine.Access(b, Page(machine, 0), AccessKind.Read);
        machine.Access(b, Page(machine, 1), AccessKind.Read);
        Assert.Equal(hitsAfterSwitch, machine.Counters.TlbHits - before);
        Assert.Equal(3, machine.Counters.ContextSwitches);
    }

    [Fact]
    public void Eviction_invalidates_the_tlb_entry_so_the_next_access_faults()
    {
        var machine = new Machine(Checked(frames: 1, tlb: 8));
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0), 2, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0), AccessKind.Read);
        machine.Access(p, Page(machine, 1), AccessKind.Read);
        Assert.Equal(FaultKind.ZeroFill, machine.Access(p, Page(machine, 0), AccessKind.Read));
    }

    [Fact]
    public void A_walk_through_the_leaf_cache_finds_the_same_entry_and_counts_every_level()
    {
        var table = new PageTable(PageGeometry.X64);
        var random = new Random(2);
        var pages = Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64(1L << 36)).Distinct().ToArray();
        foreach (var page in pages)
        {
            table.Walk(new PageNumber(page), alloc: true, out _).Entry.Value = (int)(page % 1_000_003);
        }

        foreach (var page in pages.Reverse())
        {
            var pte = table.Walk(new PageNumber(page), alloc: false, out var levels);
            Assert.Equal((int)(page % 1_000_003), pte.Entry.Value);
            Assert.Equal(4, levels);
        }
    }
}
