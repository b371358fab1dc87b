using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Kernel;

/// <summary>
/// The policy hears of a miss once per fault that loads a page, before the victims for it
/// are chosen, even when the fault loads two frames (the page and a private copy of it):
/// ARC adapts its target on each notice, so a second one for the same fault would adapt
/// it twice.
/// </summary>
public class MissNoticeTests
{
    [Fact]
    public void A_private_write_to_a_file_page_not_present_is_one_miss_for_two_frames()
    {
        var policy = new CountingPolicy();
        var machine = new Machine(Checked(frames: 4), policy);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 1, Protection.ReadWrite, file: "config", shared: false);

        machine.Access(p, Page(machine, 0x10), AccessKind.Write);

        Assert.Equal(1, machine.Counters.CowWithinLoad);
        Assert.Equal(2, policy.Loads);
        // The page goes by its file and index: the copy is the same fault's second frame.
        Assert.Equal([PageIdentity.InObject(machine.Kernel.Files.Open("config").Id, 0)], policy.Misses);
        Assert.Equal([policy.Misses[0], PageIdentity.Private(p.Pid, new PageNumber(0x10))], policy.LoadedIdentities);
    }

    [Fact]
    public void A_write_that_swaps_a_shared_page_in_and_copies_it_is_one_miss()
    {
        var policy = new CountingPolicy();
        var machine = new Machine(Checked(frames: 2), policy);
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0), 3, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0), AccessKind.Write);
        var child = machine.Fork(parent);
        machine.Access(parent, Page(machine, 1), AccessKind.Write);
        machine.Access(parent, Page(machine, 2), AccessKind.Write); // page 0 goes to swap, shared by both
        Assert.True(machine.Counters.SwapOuts > 0);
        var slot = child.AddressSpace.PageTable.Walk(new PageNumber(0), alloc: false, out _).Entry.Slot;
        policy.Misses.Clear();
        policy.LoadedIdentities.Clear();

        // Two frames taken: one to read the page back, one for the child's copy.
        var fault = machine.Access(child, Page(machine, 0), AccessKind.Write);

        Assert.Equal(FaultKind.SwapIn, fault);
        Assert.Equal(1, machine.Counters.CowWithinLoad);
        Assert.Equal(1, machine.Counters.CowCopy);

        // The page read back is known by its slot, which the parent's entry holds too; the copy is the child's own.
        Assert.Equal([PageIdentity.InSwap(slot)], policy.Misses);
        Assert.Equal([PageIdentity.InSwap(slot), PageIdentity.Private(child.Pid, new PageNumber(0))], policy.LoadedIdentities);
    }

    [Fact]
    public void A_copy_on_write_break_of_a_present_page_is_one_miss()
    {
        var policy = new CountingPolicy();
        var machine = new Machine(Checked(frames: 4), policy);
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10), 1, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0x10), AccessKind.Write);
        var child = machine.Fork(parent);
        policy.Misses.Clear();
        policy.LoadedIdentities.Clear();

        Assert.Equal(FaultKind.CowCopy, machine.Access(child, Page(machine, 0x10), AccessKind.Write));
        Assert.Equal([PageIdentity.Private(child.Pid, new PageNumber(0x10))], policy.Misses);
        Assert.Equal(policy.Misses, policy.LoadedIdentities);
    }

    // FIFO, noting each miss and counting the loads.
    private sealed class CountingPolicy : IReplacementPolicy
    {
        private readonly Fifo _fifo = new();

        public List<PageIdentity> Misses { get; } = [];

        public List<PageIdentity> LoadedIdentities { get; } = [];

        public int Loads { get; private set; }

        public string Name => "counting fifo";

        public PolicyNeeds Needs => _fifo.Needs;

        private IFrameHost? _host;

        public void Attach(IFrameHost host)
        {
            _host = host;
            _fifo.Attach(host);
        }

        public void OnMiss(PageIdentity page) => Misses.Add(page);

        public void OnLoad(FrameNumber frame, in AccessContext access)
        {
            Loads++;
            LoadedIdentities.Add(_host!.IdentityOf(frame));
            _fifo.OnLoad(frame, access);
        }

        public void OnHit(FrameNumber frame, in AccessContext access) => _fifo.OnHit(frame, access);

        public void OnRemove(FrameNumber frame, RemovalReason reason) => _fifo.OnRemove(frame, reason);

        public FrameNumber SelectVictim() => _fifo.SelectVictim();

        public void OnTick(long now) => _fifo.OnTick(now);

        public PolicyView Inspect() => _fifo.Inspect();
    }
}
