using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Replacement;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// CLOCK-Pro in the whole machine when a write to a private file mapping whose page is not in
/// the page cache takes two frames, the page read in and its private copy, before the policy
/// hears of either load: with memory full each frame may cost a cold page in its test period,
/// and the second eviction may find m + 1 non-resident pages already, one more than the load
/// that follows leaves.
/// </summary>
public sealed class ClockProPrivateFileWriteTests
{
    private const int Frames = 8;
    private const ulong Private = 0x100;
    private const int PrivatePages = 512;
    private const ulong Shared = 0x400;
    private const int SharedPages = 16;

    [Fact]
    public void Clock_pro_keeps_at_most_one_more_non_resident_page_than_frames_and_no_more_than_frames_after_an_access()
    {
        var fullAtSecondEviction = 0;
        for (var seed = 1; seed <= 4; seed++)
        {
            var clockPro = new ClockPro();
            var watched = new WatchedPolicy(clockPro, () => clockPro.NonResidentCount, f => !clockPro.IsHot(f) && clockPro.InTest(f));
            Run(seed, watched, () => Assert.InRange(clockPro.NonResidentCount, 0, Frames));
            fullAtSecondEviction += watched.EvictionsFindingTableFull;
        }

        // The test shows something only if a fault's second eviction found the table full.
        Assert.True(fullAtSecondEviction > 0, "no eviction of a page in its test period found m + 1 non-resident pages");
    }

    [Fact]
    public void Clock_pro_evicts_what_hands_on_one_clock_evict_when_private_file_writes_take_two_frames()
    {
        for (var seed = 1; seed <= 4; seed++)
        {
            var clockPro = new ClockPro();
            var oneClock = new OneClockClockPro();
            var policy = new WatchedPolicy(clockPro, () => clockPro.NonResidentCount);
            var model = new WatchedPolicy(oneClock, () => oneClock.NonResidentCount);
            Run(seed, policy);
            Run(seed, model);
            Assert.Equal(model.Victims, policy.Victims);
        }
    }

    // One process writes and reads a private file mapping much larger than memory, so that most
    // writes read a page in and copy it, goes back to a few pages it wrote (hits, swap-ins and
    // refaults) and reads a shared file.
    private static void Run(int seed, IReplacementPolicy policy, Action? afterAccess = null)
    {
        var random = new Random(seed);
        var machine = new Machine(Checked(frames: Frames, policy: "clock-pro", swap: PrivatePages), policy);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(Private), PrivatePages, Protection.ReadWrite, file: "data", name: "private file");
        machine.Mmap(p, new PageNumber(Shared), SharedPages, Protection.Read, file: "shared.db", shared: true);
        for (var step = 0; step < 1500; step++)
        {
            var roll = random.Next(10);
            var (page, kind) = roll switch
            {
                < 4 => (Private + (ulong)random.Next(PrivatePages), random.Next(4) == 0 ? AccessKind.Read : AccessKind.Write),
                < 7 => (Private + (ulong)random.Next(12), random.Next(2) == 0 ? AccessKind.Read : AccessKind.Write),
                _ => (Shared + (ulong)random.Next(SharedPages), AccessKind.Read),
            };
            machine.Access(p, Page(machine, page), kind);
            afterAccess?.Invoke();
        }
    }

    // A policy passed through, with the non-resident count checked after every eviction and the
    // victims noted; an eviction of a cold page in its test period that finds m + 1 non-resident
    // pages is counted (only a fault's second eviction can: the load after each trims to m).
    private sealed class WatchedPolicy(IReplacementPolicy inner, Func<int> nonResident, Func<FrameNumber, bool>? coldInTest = null) : IReplacementPolicy
    {
        private int _frames;

        public List<int> Victims { get; } = [];

        public int EvictionsFindingTableFull { get; private set; }

        public string Name => inner.Name;

        public PolicyNeeds Needs => inner.Needs;

        public void Attach(IFrameHost host)
        {
            _frames = host.FrameCount;
            inner.Attach(host);
        }

        public void OnMiss(PageIdentity page) => inner.OnMiss(page);

        public void OnLoad(FrameNumber frame, in AccessContext access) => inner.OnLoad(frame, access);

        public void OnHit(FrameNumber frame, in AccessContext access) => inner.OnHit(frame, access);

        public void OnRemove(FrameNumber frame, RemovalReason reason)
        {
            if (reason == RemovalReason.Evicted && nonResident() == _frames + 1 && coldInTest?.Invoke(frame) == true)
            {
                EvictionsFindingTableFull++;
            }

            inner.OnRemove(frame, reason);
            Assert.InRange(nonResident(), 0, _frames + 1);
        }

        public void OnAddressSpaceExit(int asid) => inner.OnAddressSpaceExit(asid);

        public void OnObjectFreed(int file) => inner.OnObjectFreed(file);

        public void OnSwapSlotFreed(SwapSlot slot) => inner.OnSwapSlotFreed(slot);

        public FrameNumber SelectVictim()
        {
            var victim = inner.SelectVictim();
            Victims.Add(victim.Value);
            return victim;
        }

        public void OnTick(long now) => inner.OnTick(now);

        public PolicyView Inspect() => inner.Inspect();
    }
}
