using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>The frames a policy's sweep gave a second chance before its victim, as an eviction reports them.</summary>
public class SecondChanceTests
{
    // The Silberschatz string under clock with 3 frames, steps numbered as the step table numbers
    // them: the process's creation and its mapping come first, so reference i is step i + 2.
    private static StepRecorder SilberschatzUnderClock()
    {
        var recorder = new StepRecorder { DecimalPages = true, FaultPaths = true };
        ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"), recorder.Attach);
        return recorder;
    }

    private static RecordedStep Reference(StepRecorder recorder, int reference) => recorder.Steps[reference + 1];

    [Fact]
    public void Clock_on_the_silberschatz_string_names_the_frames_its_hand_gave_a_second_chance()
    {
        var recorder = SilberschatzUnderClock();

        // Reference -> (frames whose reference bit the hand found set and cleared, the victim's frame).
        // The 4th (page 2): every bit set, so the hand clears frames 0, 1 and 2 and comes back to
        // frame 0 (page 7); the 6th (page 3): frame 1 (page 0, referenced at the 5th) is spared,
        // frame 2 (page 1) goes.
        var expected = new Dictionary<int, (int[] Spared, int Victim)>
        {
            [4] = ([1, 2], 0),
            [6] = ([1], 2),
            [8] = ([1, 2], 0),
            [9] = ([], 1),
            [11] = ([0, 1], 2),
            [12] = ([], 0),
            [14] = ([2, 0], 1),
            [15] = ([], 2),
            [16] = ([], 0),
            [18] = ([2, 0], 1),
            [20] = ([], 2),
        };
        for (var reference = 1; reference <= 20; reference++)
        {
            var evictions = Reference(recorder, reference).Evictions;
            if (!expected.TryGetValue(reference, out var sweep))
            {
                Assert.Empty(evictions);
                continue;
            }

            var eviction = Assert.Single(evictions);
            Assert.Equal(sweep.Victim, eviction.Frame.Value);
            Assert.Equal(sweep.Spared, eviction.SecondChances.Select(s => s.Frame.Value));
        }
    }

    [Fact]
    public void The_eviction_sentence_says_which_frames_were_spared_and_that_their_tlb_entries_went()
    {
        var step = Reference(SilberschatzUnderClock(), 4);

        Assert.Contains("the clock policy gave frames 1 and 2 (pages 0 and 1) a second chance (reference bits found set and cleared; their TLB entries dropped) and evicted page 7 of P1 (refs) from frame 0", step.Explanation);
        var frame = Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Frame);
        Assert.Contains("gave frames 1 and 2 (pages 0 and 1) a second chance", frame.Body);
        Assert.Equal([[new MappedPage(1, new PageNumber(0))], [new MappedPage(1, new PageNumber(1))]], step.Evictions[0].SecondChances.Select(s => s.TlbDropped));
    }

    [Fact]
    public void One_frame_spared_reads_in_the_singular()
    {
        var step = Reference(SilberschatzUnderClock(), 6);

        Assert.Contains("the clock policy gave frame 1 (page 0) a second chance (reference bit found set and cleared; its TLB entry dropped) and evicted page 1 of P1 (refs) from frame 2", step.Explanation);
    }

    [Fact]
    public void A_victim_found_at_once_reads_as_before()
    {
        var step = Reference(SilberschatzUnderClock(), 9);

        Assert.Contains("the clock policy evicted page 0 of P1 (refs) from frame 1", step.Explanation);
        Assert.DoesNotContain("second chance", step.Explanation);
    }

    [Fact]
    public void Fifo_gives_no_second_chances()
    {
        var recorder = new StepRecorder();
        ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "fifo"), recorder.Attach);

        Assert.All(recorder.Steps.SelectMany(s => s.Evictions), e => Assert.Empty(e.SecondChances));
    }

    [Fact]
    public void A_victim_whose_bit_the_sweep_cleared_on_its_way_round_says_so()
    {
        // The 4th reference finds every bit set: the hand clears frames 0, 1 and 2 and takes frame
        // 0 when it comes back; the 6th spares frame 1 and takes frame 2, whose bit was clear.
        var recorder = SilberschatzUnderClock();

        var roundTrip = Assert.Single(Reference(recorder, 4).Evictions);
        Assert.True(roundTrip.VictimBitCleared);
        Assert.Contains("from frame 0, whose own reference bit it had found set and cleared too before it came back to it", Reference(recorder, 4).Explanation, StringComparison.Ordinal);
        var direct = Assert.Single(Reference(recorder, 6).Evictions);
        Assert.False(direct.VictimBitCleared);
        Assert.DoesNotContain("whose own reference bit", Reference(recorder, 6).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_deactivating_a_referenced_active_page_does_not_call_it_a_second_chance()
    {
        // Before the 18th reference (page 8) the active list holds 3, 4 and 2, all referenced,
        // and the inactive list 1 and 7. To keep the lists balanced the search moves page 3 to the
        // inactive list, clearing its bit on the way (aged, not spared), then takes page 1.
        var recorder = new StepRecorder { DecimalPages = true };
        ReferenceStringRun.Run(ReferenceString.Parse("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9"), Checked(5, "linux"), recorder.Attach);

        var eviction = Assert.Single(Reference(recorder, 18).Evictions);
        Assert.Equal(1UL, eviction.Page.Value);
        Assert.Empty(eviction.SecondChances);
        Assert.DoesNotContain("second chance", Reference(recorder, 18).Explanation, StringComparison.Ordinal);

        // Inactive pages found referenced are spared, and named: pages 2 to 5, in frames 1 to 4.
        Assert.Equal([1, 2, 3, 4], Reference(recorder, 9).Evictions.Single().SecondChances.Select(c => c.Frame.Value));
    }

    [Fact]
    public void A_run_nobody_watches_counts_the_same_and_keeps_no_tlb_history()
    {
        // Noting second chances and TLB departures changes nothing the machine counts.
        var watched = new StepRecorder();
        var seen = ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"), watched.Attach);
        var unseen = ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3, "clock"));

        Assert.Equal(CounterFields.Of(seen.Counters), CounterFields.Of(unseen.Counters));
        Assert.Null(unseen.Tlb.History);
    }
}
