using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests.Replacement;

public class PolicyViewTests
{
    public static TheoryData<string> Policies() => CatalogPolicies.All();

    // Calls back after each access, when the policy has heard of it.
    private sealed class AfterEachAccess(Action then) : IMachineObserver
    {
        public void OnAccess(in AccessEvent access) => then();

        public void OnEviction(in EvictionEvent eviction)
        {
        }

        public void OnOomKill(in OomKillEvent kill)
        {
        }

        public void OnOperation(OperationEvent operation)
        {
        }
    }

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

    [Fact]
    public void Clock_gives_each_frames_reference_bit_as_its_note_says_and_starts_at_the_hand()
    {
        // 1 2 3 4 with 3 frames: 4 took the frame of 1, whose bit (like every bit) the sweep
        // cleared; 4 was loaded hot, with its bit set.
        var (machine, pages) = Run("1 2 3 4", 3, "clock");
        var view = machine.Kernel.Policy.Inspect();

        Assert.True(view.FromHand);
        Assert.Equal([2UL, 3UL, 4UL], pages);
        Assert.Equal([false, false, true], view.Order.Select(n => n.Referenced));
        Assert.All(view.Order, n => Assert.Equal(n.Referenced == true ? "referenced" : "not referenced", n.Note));
    }

    [Fact]
    public void Nru_gives_the_dirty_bit_of_a_written_page()
    {
        var (machine, pages) = Run("1w 2 3", 3, "nru");
        var view = machine.Kernel.Policy.Inspect();

        Assert.Equal([true, false, false], view.Order.Select(n => n.Dirty));
        Assert.Equal(1UL, pages[0]);
    }

    [Fact]
    public void Opt_gives_each_frames_next_use_as_a_time()
    {
        // After "1 2 3" (times 0 to 2) the future is "2 1": 3 never again, 2 at time 3, 1 at time 4.
        var views = new List<PolicyView>();
        ReferenceStringRun.Run(ReferenceString.Parse("1 2 3 2 1"), new MachineConfig { Frames = 3, Policy = "opt" }, m => m.Observer = new AfterEachAccess(() => views.Add(m.Kernel.Policy.Inspect())));
        var view = views[2];

        Assert.Equal("next use", view.TimeIs);
        Assert.Equal([AccessContext.Never, 4L, 3L], view.Order.Select(n => n.Time));
        Assert.Equal(["never used again", "next use t=4", "next use t=3"], view.Order.Select(n => n.Note));
    }

    [Fact]
    public void Lfu_gives_each_frames_use_count_as_its_value()
    {
        var (machine, pages) = Run("1 2 1 3 1 2", 3, "lfu");
        var view = machine.Kernel.Policy.Inspect();

        Assert.Equal("uses", view.ValueIs);
        Assert.Equal([3UL, 2UL, 1UL], pages);
        Assert.Equal(["1", "2", "3"], view.Order.Select(n => n.Value));
    }

    [Fact]
    public void Random_ranks_no_frame_above_another()
    {
        var (machine, _) = Run("1 2 3", 3, "random");

        Assert.False(machine.Kernel.Policy.Inspect().Ranked);
        Assert.True(Run("1 2 3", 3, "fifo").Machine.Kernel.Policy.Inspect().Ranked);
    }

    // The views of a policy after each access of a random string with writes, on 6 frames: long
    // enough for every list of every policy to fill and drain.
    private static List<PolicyView> ViewsOfARandomRun(string policy)
    {
        var random = new Random(5);
        var references = string.Join(' ', Enumerable.Range(0, 400).Select(_ => $"{random.Next(14)}{(random.Next(4) == 0 ? "w" : string.Empty)}"));
        var views = new List<PolicyView>();
        ReferenceStringRun.Run(ReferenceString.Parse(references), new MachineConfig { Frames = 6, Policy = policy }, m => m.Observer = new AfterEachAccess(() => views.Add(m.Kernel.Policy.Inspect())));
        return views;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_policy_of_several_lists_names_the_list_of_every_frame_and_keeps_each_list_together(string policy)
    {
        foreach (var view in ViewsOfARandomRun(policy))
        {
            // Every frame on a list or none; each note starts with its list's first word (the
            // visualizer shows notes alone); a list's frames come together (--steps writes each
            // list's name once).
            Assert.True(view.Order.All(n => n.List is null) || view.Order.All(n => !string.IsNullOrEmpty(n.List)), view.Summary);
            Assert.All(view.Order.Where(n => n.List is not null), n => Assert.StartsWith(n.List!.Split(' ')[0], n.Note, StringComparison.Ordinal));
            var runs = view.Order.Select(n => n.List).Where((list, i) => i == 0 || list != view.Order[i - 1].List).ToList();
            Assert.Equal(runs.Distinct().Count(), runs.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_view_says_what_its_times_and_values_are_and_its_summary_has_no_full_stop(string policy)
    {
        foreach (var view in ViewsOfARandomRun(policy))
        {
            Assert.True(!view.Order.Any(n => n.Time is not null) || view.TimeIs is not null, $"{policy} gives times without TimeIs");
            Assert.True(!view.Order.Any(n => n.Value is not null) || view.ValueIs is not null, $"{policy} gives values without ValueIs");
            Assert.False(view.Summary.EndsWith('.'), view.Summary);
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_victim_decided_between_two_lists_names_lists_of_the_view_the_first_listed_first(string policy)
    {
        foreach (var view in ViewsOfARandomRun(policy).Where(v => v.VictimBetween.Count > 0))
        {
            Assert.Equal(2, view.VictimBetween.Count);
            Assert.Equal(view.VictimBetween[0], view.Order[0].List);
            Assert.Contains(view.Order, n => n.List == view.VictimBetween[1]);
        }
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
