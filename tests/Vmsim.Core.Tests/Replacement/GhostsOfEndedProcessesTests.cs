using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// A policy that remembers evicted pages (ghosts, shadow entries, non-resident entries)
/// forgets those of a process when it ends, and keeps none of it afterwards: pids are never
/// reused, so such a ghost could never be hit and would only hold a place meant for a live page.
/// </summary>
public sealed class GhostsOfEndedProcessesTests
{
    public static TheoryData<string> GhostKeepingPolicies() => CatalogPolicies.GhostKeeping();

    // Two processes with 64-page heaps take turns over their own pages on 12 frames, so both
    // see pages evicted and remembered: 600 accesses, and more until the policy remembers pages
    // of both (CLOCK-Pro's HAND_hot may just have ended the test periods of nearly all of them).
    private static (Machine Machine, Process A, Process B) TwoProcessesUnderPressure(string policy)
    {
        var machine = new Machine(TestMachines.Checked(frames: 12, policy: policy, swap: 256));
        var a = machine.Spawn("a");
        var b = machine.Spawn("b");
        machine.Mmap(a, new PageNumber(0x100), 64, Protection.ReadWrite, name: "heap");
        machine.Mmap(b, new PageNumber(0x100), 64, Protection.ReadWrite, name: "heap");
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        var random = new Random(7);
        for (var i = 0; i < 600 || (i < 2000 && !(ghosts.Remembers(a.Pid) && ghosts.Remembers(b.Pid))); i++)
        {
            // Mostly a small hot set, sometimes any page: pages are reused after eviction.
            var page = random.Next(4) == 0 ? random.Next(64) : random.Next(8);
            var process = i % 2 == 0 ? a : b;
            machine.Access(process, TestMachines.Page(machine, 0x100 + (ulong)page), random.Next(3) == 0 ? AccessKind.Write : AccessKind.Read);
        }

        return (machine, a, b);
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void An_exit_forgets_the_ghosts_of_the_process_and_keeps_the_others(string policy)
    {
        var (machine, a, b) = TwoProcessesUnderPressure(policy);
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        Assert.True(ghosts.Remembers(a.Pid), $"{policy} remembered no evicted page of a before it exited: the test shows nothing");
        Assert.True(ghosts.Remembers(b.Pid), $"{policy} remembered no evicted page of b");

        machine.Exit(a);

        Assert.False(ghosts.Remembers(a.Pid), $"{policy} still remembers evicted pages of a after its exit");
        Assert.True(ghosts.Remembers(b.Pid), $"{policy} forgot the ghosts of b, which is still running");

        // b goes on; the invariant checker (after every step) finds no ghost of a either.
        for (var page = 0UL; page < 64; page++)
        {
            machine.Access(b, TestMachines.Page(machine, 0x100 + page), AccessKind.Read);
        }

        Assert.False(ghosts.Remembers(a.Pid));
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void A_kill_by_sigsegv_forgets_the_ghosts_too(string policy)
    {
        var (machine, a, _) = TwoProcessesUnderPressure(policy);
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        Assert.True(ghosts.Remembers(a.Pid));

        Assert.Equal(FaultKind.SegvUnmapped, machine.Access(a, TestMachines.Page(machine, 0x9000), AccessKind.Read));

        Assert.Equal(ProcessState.Segv, a.State);
        Assert.False(ghosts.Remembers(a.Pid), $"{policy} still remembers evicted pages of a after SIGSEGV killed it");
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void A_frame_still_shared_with_a_child_leaves_no_ghost_of_its_ended_parent(string policy)
    {
        // The parent loads its heap, forks and exits: the child maps the parent's frames
        // copy-on-write, and the policy knows them by the parent's identity. When the child's
        // own pages push them out, no ghost of the ended parent may appear (the invariant
        // checker runs after every step and would name it).
        var machine = new Machine(TestMachines.Checked(frames: 8, policy: policy, swap: 256));
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x100), 8, Protection.ReadWrite, name: "heap");
        for (var page = 0UL; page < 8; page++)
        {
            machine.Access(parent, TestMachines.Page(machine, 0x100 + page), AccessKind.Write);
        }

        var child = machine.Fork(parent);
        machine.Exit(parent);
        machine.Mmap(child, new PageNumber(0x400), 64, Protection.ReadWrite, name: "buffer");
        for (var round = 0; round < 3; round++)
        {
            for (var page = 0UL; page < 64; page++)
            {
                // A scan, with a hot page of four between its steps: pages seen twice and once.
                machine.Access(child, TestMachines.Page(machine, 0x400 + page), AccessKind.Read);
                machine.Access(child, TestMachines.Page(machine, 0x400 + (page % 4)), AccessKind.Read);
            }
        }

        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        Assert.False(ghosts.Remembers(parent.Pid), $"{policy} remembers an evicted page of the ended parent");
        Assert.True(ghosts.Remembers(child.Pid), $"{policy} remembered nothing of the child: the test shows nothing");
    }

    [Fact]
    public void The_invariant_checker_names_a_policy_that_keeps_ghosts_of_an_ended_process()
    {
        var machine = new Machine(TestMachines.Checked(frames: 4), new NeverForgets());
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(0x100), 4, Protection.ReadWrite, name: "heap");
        machine.Access(process, TestMachines.Page(machine, 0x100), AccessKind.Read);

        var error = Assert.Throws<InvariantViolationException>(() => machine.Exit(process));

        Assert.Contains("still remembers evicted pages of P1 (p), which has ended", error.Message);
    }

    // FIFO, claiming to remember every process's pages forever.
    private sealed class NeverForgets : IReplacementPolicy, IGhostKeeper
    {
        private readonly Fifo _fifo = new();

        public string Name => "never-forgets";

        public PolicyNeeds Needs => _fifo.Needs;

        public void Attach(IFrameHost host) => _fifo.Attach(host);

        public void OnLoad(FrameNumber frame, in AccessContext access) => _fifo.OnLoad(frame, access);

        public void OnHit(FrameNumber frame, in AccessContext access) => _fifo.OnHit(frame, access);

        public void OnRemove(FrameNumber frame, RemovalReason reason) => _fifo.OnRemove(frame, reason);

        public FrameNumber SelectVictim() => _fifo.SelectVictim();

        public void OnTick(long now) => _fifo.OnTick(now);

        public PolicyView Inspect() => _fifo.Inspect();

        public bool Remembers(int asid) => true;

        public bool RemembersObject(int file) => false;

        public bool Remembers(PageIdentity page) => page.IsPrivate;
    }
}
