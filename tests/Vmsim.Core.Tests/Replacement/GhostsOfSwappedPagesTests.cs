using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// An anonymous page written to swap is remembered by its swap slot, as Linux keeps its shadow
/// entry in the swap cache: whichever process's entry holds the slot (the parent that loaded the
/// page, a child that forked while it held it) faults on the same page, a refault of its ghost,
/// even after the parent has exited. When the slot is freed the ghost goes with it, so that the
/// next page written there is not taken for a refault of this one.
/// </summary>
public sealed class GhostsOfSwappedPagesTests
{
    public static TheoryData<string> GhostKeepingPolicies() => CatalogPolicies.GhostKeeping();

    private const ulong Data = 0x100;
    private const ulong Hot = 0x200;
    private const ulong Scratch = 0x300;
    private const ulong Buffer = 0x400;

    // On 4 frames the parent reads two hot pages twice each (ARC's T2, and CAR's once its hand
    // passes them), two scratch pages once, and writes its data page; it forks, and reads buffer
    // pages, four in turn, until the data page, shared with the child, is evicted to swap: both
    // entries then hold its slot. Returns that slot. ARC and CAR evict it at the second buffer
    // page, behind the scratch pages, whose ghosts make way for its own; LIRS and CLOCK-Pro once
    // the buffer's pages recur.
    private static (Machine Machine, Process Parent, Process Child, SwapSlot Slot) ParentAndChildSharingASwappedPage(string policy)
    {
        var machine = new Machine(TestMachines.Checked(frames: 4, policy: policy, swap: 64));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(Data), 1, Protection.ReadWrite, name: "data");
        machine.Mmap(parent, new PageNumber(Hot), 2, Protection.ReadWrite, name: "hot");
        machine.Mmap(parent, new PageNumber(Buffer), 64, Protection.ReadWrite, name: "buffer");
        machine.Mmap(parent, new PageNumber(Scratch), 2, Protection.ReadWrite, name: "scratch");
        foreach (var page in new[] { Hot, Hot, Hot + 1, Hot + 1, Scratch, Scratch + 1 })
        {
            machine.Access(parent, TestMachines.Page(machine, page), AccessKind.Read);
        }

        machine.Access(parent, TestMachines.Page(machine, Data), AccessKind.Write);

        var child = machine.Fork(parent);
        for (var i = 0UL; !PteOf(parent, Data).IsSwapped; i++)
        {
            Assert.True(i < 200, $"{policy} never evicted the data page");
            machine.Access(parent, TestMachines.Page(machine, Buffer + (i % 4)), AccessKind.Read);
        }

        var slot = PteOf(parent, Data).Slot;
        Assert.Equal(slot, PteOf(child, Data).Slot);
        return (machine, parent, child, slot);
    }

    private static Pte PteOf(Process process, ulong page) =>
        process.AddressSpace.PageTable.Walk(new PageNumber(page), alloc: false, out _).Entry;

    [Fact]
    public void A_child_refaulting_a_page_its_parent_loaded_is_a_b1_ghost_hit_for_arc()
    {
        var (machine, _, child, _) = ParentAndChildSharingASwappedPage("arc");
        var arc = (Arc)machine.Kernel.Policy;
        Assert.Equal(0, arc.Target);

        Assert.Equal(FaultKind.SwapIn, machine.Access(child, TestMachines.Page(machine, Data), AccessKind.Read));

        // Case II: the page was in B1, so T1 was too small: p rises by max(1, |B2|/|B1|) = 1.
        Assert.Equal(1, arc.Target);
    }

    [Fact]
    public void The_ghost_outlives_the_parent_while_the_child_holds_the_slot()
    {
        var (machine, parent, child, _) = ParentAndChildSharingASwappedPage("arc");
        var arc = (Arc)machine.Kernel.Policy;
        machine.Exit(parent);

        Assert.Equal(FaultKind.SwapIn, machine.Access(child, TestMachines.Page(machine, Data), AccessKind.Read));

        Assert.Equal(1, arc.Target);
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void The_ghost_of_a_swapped_page_lives_as_long_as_its_slot(string policy)
    {
        var (machine, parent, child, slot) = ParentAndChildSharingASwappedPage(policy);
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        var page = PageIdentity.InSwap(slot);
        Assert.True(ghosts.Remembers(page), $"{policy} keeps no ghost of the data page by its slot");

        machine.Exit(child);
        Assert.True(ghosts.Remembers(page), $"{policy} forgot the page when the child exited, though the parent's entry still holds slot {slot}");

        machine.Munmap(parent, new PageNumber(Data), 1);
        Assert.Equal(0, machine.Kernel.Swap.ReferencesOf(slot));
        Assert.False(ghosts.Remembers(page), $"{policy} still remembers {page}, which is free");
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void Freed_shared_memory_leaves_no_ghosts(string policy)
    {
        // Shared anonymous memory written page by page on 4 frames, after two heap pages read
        // twice (so that ARC's T1 is not the whole cache, which would evict with no ghost): its
        // evicted pages are ghosts of its memory object, which no fault can reach once its last
        // mapper unmaps it.
        var machine = new Machine(TestMachines.Checked(frames: 4, policy: policy, swap: 64));
        var process = machine.Spawn("p");
        var shared = machine.Mmap(process, new PageNumber(0x100), 8, Protection.ReadWrite, shared: true, name: "shm");
        machine.Mmap(process, new PageNumber(0x400), 8, Protection.ReadWrite, name: "heap");
        foreach (var page in new[] { 0x400UL, 0x400UL, 0x401UL, 0x401UL })
        {
            machine.Access(process, TestMachines.Page(machine, page), AccessKind.Read);
        }

        for (var page = 0UL; page < 8; page++)
        {
            machine.Access(process, TestMachines.Page(machine, 0x100 + page), AccessKind.Write);
        }

        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        var memory = shared.Backing.FileId;
        Assert.True(ghosts.RemembersObject(memory), $"{policy} remembered no evicted page of the shared memory: the test shows nothing");

        machine.Munmap(process, new PageNumber(0x100), 8);

        Assert.True(machine.Kernel.Files[memory].Freed);
        Assert.False(ghosts.RemembersObject(memory), $"{policy} still remembers pages of the shared memory after it was freed");

        // The process goes on; the invariant checker finds no ghost of the freed memory either.
        for (var page = 0UL; page < 8; page++)
        {
            machine.Access(process, TestMachines.Page(machine, 0x400 + page), AccessKind.Write);
        }
    }

    [Fact]
    public void The_invariant_checker_names_a_policy_that_keeps_the_ghost_of_a_free_slot()
    {
        var machine = new Machine(TestMachines.Checked(frames: 1, swap: 4), new NeverForgets(swapSlots: true));
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(0x100), 2, Protection.ReadWrite, name: "heap");
        machine.Access(process, TestMachines.Page(machine, 0x100), AccessKind.Write);
        machine.Access(process, TestMachines.Page(machine, 0x101), AccessKind.Write);

        var error = Assert.Throws<InvariantViolationException>(() => machine.Munmap(process, new PageNumber(0x100), 1));

        Assert.Contains("still remembers the page of swap slot 0, which is free", error.Message);
    }

    [Fact]
    public void The_invariant_checker_names_a_policy_that_keeps_ghosts_of_freed_shared_memory()
    {
        var machine = new Machine(TestMachines.Checked(frames: 1, swap: 4), new NeverForgets(swapSlots: false));
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(0x100), 2, Protection.ReadWrite, shared: true, name: "shm");
        machine.Access(process, TestMachines.Page(machine, 0x100), AccessKind.Write);
        machine.Access(process, TestMachines.Page(machine, 0x101), AccessKind.Write);

        var error = Assert.Throws<InvariantViolationException>(() => machine.Munmap(process, new PageNumber(0x100), 2));

        Assert.Contains("still remembers evicted pages of shared anon #1, which has been freed", error.Message);
    }

    // FIFO, remembering every page it evicts (those in swap, or those of objects) forever.
    private sealed class NeverForgets(bool swapSlots) : IReplacementPolicy, IGhostKeeper
    {
        private readonly Fifo _fifo = new();
        private readonly HashSet<PageIdentity> _evicted = [];
        private IFrameHost? _host;

        public string Name => "never-forgets";

        public PolicyNeeds Needs => _fifo.Needs;

        public void Attach(IFrameHost host)
        {
            _host = host;
            _fifo.Attach(host);
        }

        public void OnLoad(FrameNumber frame, in AccessContext access) => _fifo.OnLoad(frame, access);

        public void OnHit(FrameNumber frame, in AccessContext access) => _fifo.OnHit(frame, access);

        public void OnRemove(FrameNumber frame, RemovalReason reason)
        {
            if (reason == RemovalReason.Evicted && _host!.IdentityOf(frame) is var page && page.IsInSwap == swapSlots)
            {
                _evicted.Add(page);
            }

            _fifo.OnRemove(frame, reason);
        }

        public FrameNumber SelectVictim() => _fifo.SelectVictim();

        public void OnTick(long now) => _fifo.OnTick(now);

        public PolicyView Inspect() => _fifo.Inspect();

        public bool Remembers(int asid) => false;

        public bool RemembersObject(int file) => _evicted.Any(p => p.Owner == PageIdentity.OwnerOfObject(file));

        public bool Remembers(PageIdentity page) => _evicted.Contains(page);
    }
}
