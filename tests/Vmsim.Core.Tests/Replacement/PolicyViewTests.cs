using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests.Replacement;

public class PolicyViewTests
{
    public static TheoryData<string> Policies() => [.. PolicyCatalog.All.Select(p => p.Name)];

    private static (Machine Machine, ulong[] Pages) Run(string refs, int frames, string policy)
    {
        var machine = ReferenceStringRun.Run(ReferenceString.Parse(refs), new MachineConfig { Frames = frames, Policy = policy });
        var view = machine.Kernel.Policy.Inspect();
        return (machine, view.Order.Select(n => machine.Kernel.Frames[n.Frame].OwnerPage.Value).ToArray());
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void The_view_lists_exactly_the_frames_in_use(string policy)
    {
        var (machine, _) = Run(TestMachines.Silberschatz, 3, policy);
        var view = machine.Kernel.Policy.Inspect();
        var inUse = Enumerable.Range(0, 3).Where(f => machine.Kernel.Frames[new FrameNumber(f)].Use != FrameUse.Free);
        Assert.Equal(inUse.Order(), view.Order.Select(n => n.Frame.Value).Order());
        Assert.False(string.IsNullOrWhiteSpace(view.Summary));
    }

    [Fact]
    public void Lru_lists_the_least_recently_used_page_first() =>
        Assert.Equal([2UL, 3UL, 1UL], Run("1 2 3 1", 3, "lru").Pages);

    [Fact]
    public void Fifo_lists_the_oldest_page_first() =>
        Assert.Equal([2UL, 3UL, 4UL], Run("1 2 3 1 4", 3, "fifo").Pages);

    [Fact]
    public void Opt_lists_the_page_used_furthest_ahead_first()
    {
        // After "1 2 3", the future is "2 1": page 3 is never used again, page 1 after page 2.
        var machine = ReferenceStringRun.Run(ReferenceString.Parse("1 2 3 2 1"), new MachineConfig { Frames = 3, Policy = "opt" });
        var view = machine.Kernel.Policy.Inspect();
        Assert.Contains("never used again", view.Order[0].Note);
    }

    [Fact]
    public void Clock_starts_its_list_at_the_hand_and_shows_reference_bits_as_letters()
    {
        var (machine, _) = Run("1 2 3 4", 3, "clock");
        var view = machine.Kernel.Policy.Inspect();
        Assert.Contains($"hand at frame {view.Order[0].Frame}", view.Summary);
        Assert.All(view.Order, n => Assert.Matches("^(not )?referenced$", n.Note));
    }

    [Fact]
    public void Aging_lists_first_the_page_whose_counter_the_next_tick_would_leave_smallest()
    {
        // A tick after every second access. After 1 2 1 3 2 the counters are 1: 1100_0000,
        // 2: 0100_0000 and 3: 1000_0000, and 2 has been accessed since the last tick; the next
        // tick would leave 1: 0110_0000, 2: 1010_0000, 3: 0100_0000. The bare counters would
        // put 2 first, used by the last access.
        var config = new MachineConfig { Frames = 3, Policy = "aging", TickInterval = 2 };
        var machine = ReferenceStringRun.Run(ReferenceString.Parse("1 2 1 3 2"), config);
        var view = machine.Kernel.Policy.Inspect();
        Assert.Equal([3UL, 1UL, 2UL], view.Order.Select(n => machine.Kernel.Frames[n.Frame].OwnerPage.Value));
        Assert.Equal("counter 10000000, next tick 01000000", view.Order[0].Note);
    }

    [Theory]
    [InlineData("ws", "window tau = 1 reference,")]
    [InlineData("wsclock", "window tau = 1 access,")]
    [InlineData("clock-pro", " of 1 frame;")]
    public void A_summary_counts_one_in_the_singular(string policy, string expected)
    {
        var config = new MachineConfig { Frames = 1, Policy = policy, PolicyOptions = new PolicyOptions { WorkingSetWindow = 1 } };
        var machine = ReferenceStringRun.Run(ReferenceString.Parse("1 2 1"), config);
        Assert.Contains(expected, machine.Kernel.Policy.Inspect().Summary);
    }
}
