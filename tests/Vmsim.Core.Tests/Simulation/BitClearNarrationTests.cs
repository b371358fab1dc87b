using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// The bits a policy clears other than as second chances in its victim search (deactivations, a
/// hand after the load, the new page's own bit, a tick, a write-back that keeps the page), each
/// named in the step that cleared it.
/// </summary>
public class BitClearNarrationTests
{
    // Steps as the step table numbers them: the process's creation and its mapping come first,
    // so reference i is step i + 2 (index i + 1).
    private static RecordedStep Reference(StepRecorder recorder, int reference) => recorder.Steps[reference + 1];

    // The policies that clear reference or dirty bits, each in its own way.
    public static TheoryData<string> ClearingPolicies => ["clock", "clock-pro", "linux", "aging", "wsclock", "car", "sieve"];

    // A victim of P1's page in a frame, taken by the search for the fault's first frame or its second.
    private static EvictionEvent Victim(int frame, ulong page, bool second) =>
        new(new FrameNumber(frame), 1, new PageNumber(page), FrameUse.Anonymous, false, SwapSlot.None, [], -1, 0, EvictionCause.MemoryFull) { SecondFrame = second };

    // A deactivation of P1's page in a frame, its bit found clear, made after the step's first
    // `before` evictions and `killed` OOM kills.
    private static BitClear Deactivated(int frame, ulong page, int before, int killed) =>
        new(new FrameNumber(frame), BitClearKind.Deactivated, new MappedPage(1, new PageNumber(page)), [], BitSet: false) { EvictionsBefore = before, KillsBefore = killed };

    // An OOM kill of P2 for P1's fault, for the fault's first frame or its second.
    private static OomKillEvent Kill(bool second) => new(2, 3, 1) { SecondFrame = second };

    // The sentences of the clears of each victim search of a step, as the narrator tells them
    // against the step's evictions and kills.
    private static IReadOnlyList<(bool SecondFrame, string Text)> SearchClears(StepNarrator narrator, IReadOnlyList<BitClear> clears, IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent>? kills = null)
    {
        kills ??= [];
        var searched = StepNarrator.Searched(clears, evictions, kills);
        var (first, second) = StepNarrator.Reclaim.Split(0, evictions, kills, searched);
        return narrator.Sentences(searched, kills, first, second).Searches;
    }

    // What reclaim did for each frame of P1's fault, the clears' searches worked out as the step does.
    private static (StepNarrator.Reclaim First, StepNarrator.Reclaim Second) Split(IReadOnlyList<EvictionEvent> evictions, IReadOnlyList<OomKillEvent> kills, IReadOnlyList<BitClear> clears) =>
        StepNarrator.Reclaim.Split(1, evictions, kills, StepNarrator.Searched(clears, evictions, kills));

    // A write-back of P1's page in a frame, made after the step's first `before` evictions.
    private static BitClear Cleaned(int frame, ulong page, int before) =>
        new(new FrameNumber(frame), BitClearKind.Cleaned, new MappedPage(1, new PageNumber(page)), []) { EvictionsBefore = before };

    private static StepRecorder Recorded(string references, MachineConfig config)
    {
        var recorder = new StepRecorder { DecimalPages = true, FaultPaths = true };
        ReferenceStringRun.Run(ReferenceString.Parse(references), config, recorder.Attach);
        return recorder;
    }

    [Fact]
    public void Clock_pro_names_the_new_page_s_bit_and_the_hot_hand_s_clears_after_the_load()
    {
        // Silberschatz, 3 frames: the 9th reference (page 2) loads page 2 into frame 2 and clears
        // the bit its restarted access set; then, still in the load, the hot hand runs: it passes
        // page 0 (frame 1), referenced at the 7th, and clears its bit.
        var step = Reference(Recorded(Silberschatz, Checked(3, "clock-pro")), 9);

        Assert.Equal([BitClearKind.NewPage, BitClearKind.HandPassed], step.BitClears.Select(c => c.Kind));
        Assert.Equal([2UL, 0UL], step.BitClears.Select(c => c.Page.Page.Value));
        Assert.Contains("The clock-pro policy then cleared the new page's reference bit in frame 2, which the restarted access had set, so that only a later reference counts (its TLB entry dropped).", step.Explanation, StringComparison.Ordinal);
        Assert.Contains("After the load, the clock-pro policy's hand passed frame 1 (page 0), clearing its reference bit, found set (its TLB entry dropped).", step.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("second chance", step.Explanation, StringComparison.Ordinal);

        var restart = Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Restart);
        Assert.Contains("hand passed frame 1 (page 0)", restart.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_names_the_pages_it_deactivated_while_it_looked_for_a_victim_apart_from_second_chances()
    {
        // Before the 18th reference (page 8) the active list holds 3, 4 and 2, all referenced,
        // and the inactive list 1 and 7: the search moves page 3 to the inactive list (aged,
        // not spared), then takes page 1.
        var step = Reference(Recorded("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9", Checked(5, "linux")), 18);

        var deactivated = Assert.Single(step.BitClears);
        Assert.Equal(BitClearKind.Deactivated, deactivated.Kind);
        Assert.Equal(3UL, deactivated.Page.Page.Value);
        Assert.Contains($"the linux policy deactivated frame {deactivated.Frame} (page 3), moving it to its inactive list and clearing its reference bit (aged, not spared;", step.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("second chance", step.Explanation, StringComparison.Ordinal);
        Assert.Contains($"deactivated frame {deactivated.Frame} (page 3)", Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Frame).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_tells_a_page_it_deactivated_and_kept_before_the_victim_it_then_took_as_it_searched()
    {
        // The 18th reference, as above: Linux deactivates first (shrink_active_list), then looks
        // at its inactive list for the victim, so the deactivation of page 3 is told first, in
        // the narration and in the fault path's Frame stage alike, and only once.
        var step = Reference(Recorded("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9", Checked(5, "linux")), 18);
        var frame = Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Frame).Body;

        foreach (var text in new[] { step.Explanation, frame })
        {
            var deactivated = text.IndexOf("deactivated frame", StringComparison.Ordinal);
            Assert.InRange(deactivated, 0, text.IndexOf("evicted page 1 ", StringComparison.Ordinal));
            Assert.Equal(deactivated, text.LastIndexOf("deactivated", StringComparison.Ordinal));
        }

        Assert.Contains("(aged, not spared; its TLB entry dropped), then evicted page 1 ", step.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_linux_deactivated_and_then_took_in_one_search_is_named_as_its_victim_with_its_bit_already_clear()
    {
        // The 14th reference (page 7): the search moves page 2, not referenced since it was
        // last aged, to the inactive list, then takes it from there as its victim. Linux
        // deactivates first, so that is told first, in the clause that leads to the victim,
        // and the victim says it was the page just deactivated; it is not told again.
        var step = Reference(Recorded("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9", Checked(5, "linux")), 14);
        var frame = Assert.Single(step.FaultPath!.Stages, s => s.Kind == FaultStageKind.Frame).Body;

        var deactivated = Assert.Single(step.BitClears);
        Assert.Equal(BitClearKind.Deactivated, deactivated.Kind);
        Assert.False(deactivated.BitSet);
        Assert.Equal(2UL, deactivated.Page.Page.Value);
        foreach (var text in new[] { step.Explanation, frame })
        {
            Assert.Contains($"the linux policy deactivated frame {deactivated.Frame} (page 2), moving it to its inactive list, its reference bit found clear (aged, not spared; the TLB held no entry for it), then gave frames 0 and 4 (pages 6 and 1) a second chance", text, StringComparison.Ordinal);
            Assert.Contains($"evicted page 2 of P1 (refs) from frame {deactivated.Frame}, which it had just deactivated, dropping it", text, StringComparison.Ordinal);
            Assert.Equal(text.IndexOf("deactivated", StringComparison.Ordinal), text.IndexOf("deactivated frame", StringComparison.Ordinal));
            Assert.DoesNotContain("Earlier", text, StringComparison.Ordinal);
            Assert.DoesNotContain("also deactivated", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Aging_s_tick_is_named_in_the_step_of_the_access_that_brought_it_and_a_later_miss_dates_it_there()
    {
        // A tick every 2 accesses: the 2nd reference brings the first, which clears the bits of
        // pages 1 and 2; the 3rd reference, to page 1, walks the table for it.
        var recorder = Recorded("1 2 1", Checked(4, "aging") with { TickInterval = 2 });

        var ticked = Reference(recorder, 2);
        Assert.Equal([BitClearKind.Tick, BitClearKind.Tick], ticked.BitClears.Select(c => c.Kind));
        Assert.Contains("At the tick that followed (one every 2 accesses), the aging policy read every page's reference bit and cleared those found set: frames 0 and 1 (pages 1 and 2), their TLB entries dropped.", ticked.Explanation, StringComparison.Ordinal);
        Assert.Empty(Reference(recorder, 1).BitClears);

        var miss = Reference(recorder, 3).TlbMiss;
        Assert.Equal(new TlbMiss(TlbMissCause.ReferenceBitCleared, ticked.Index + 1), miss);
    }

    [Theory]
    [MemberData(nameof(ClearingPolicies))]
    public void Noting_bit_clears_changes_nothing_the_machine_counts(string policy)
    {
        var config = Checked(3, policy) with { TickInterval = 3, PolicyOptions = new() { WorkingSetWindow = 2 } };
        var references = ReferenceString.Parse("1 2w 3 4 1w 2 5 1 2 3w 4 5 1 2 6 3 1w 2 7 5 3 4");

        var seen = ReferenceStringRun.Run(references, config, new StepRecorder().Attach);
        var unseen = ReferenceStringRun.Run(references, config);

        Assert.Equal(CounterFields.Of(seen.Counters), CounterFields.Of(unseen.Counters));
    }

    [Theory]
    [MemberData(nameof(ClearingPolicies))]
    public void The_tlb_entries_the_steps_name_add_up_to_those_the_bit_clears_dropped(string policy)
    {
        var recorder = new StepRecorder();
        var config = Checked(3, policy) with { TickInterval = 3, PolicyOptions = new() { WorkingSetWindow = 2 } };
        var run = ReferenceStringRun.Run(ReferenceString.Parse("1 2w 3 4 1w 2 5 1 2 3w 4 5 1 2 6 3 1w 2 7 5 3 4"), config, recorder.Attach);

        var named = recorder.Steps.Sum(s => s.BitClears.Sum(c => c.TlbDropped.Count)
            + s.Evictions.Sum(e => e.SecondChances.Sum(c => c.TlbDropped.Count) + e.VictimTlbDropped.Count));
        Assert.True(run.Counters.TlbDroppedByBitClears > 0);
        Assert.Equal(run.Counters.TlbDroppedByBitClears, named);
    }

    [Fact]
    public void A_replay_names_a_step_by_the_access_it_was_or_came_before()
    {
        // spawn, mmap, access 1, access 2, switch, access 3; then access 4 is being narrated.
        var names = new StepNames();
        foreach (var access in new[] { false, false, true, true, false, true })
        {
            names.Recorded(access);
        }

        Assert.Equal(["before access 1", "before access 1", "at access 1", "at access 2", "before access 3", "at access 3", "at access 4"], Enumerable.Range(1, 7).Select(names.At));
    }
    [Fact]
    public void Each_search_of_a_fault_that_searched_twice_tells_its_own_clears_with_its_own_victims()
    {
        // A fault that searched for the page and then for its private copy: the first search
        // cleans page 5 and takes it; the second cleans pages 6 and 7 and takes both. Each search's
        // clears are told apart, each with the victims of its own search.
        var narrator = new StepNarrator(new Machine(Checked(8, "wsclock"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(5, 5, false), Victim(6, 6, true), Victim(7, 7, true)];

        var searches = SearchClears(narrator, [Cleaned(5, 5, 0), Cleaned(6, 6, 1), Cleaned(7, 7, 1)], evictions).ToList();

        Assert.Equal([false, true], searches.Select(s => s.SecondFrame));
        Assert.Equal(" Earlier in its search for the page, the wsclock policy had page 5 of P1 written back (its dirty bit cleared; the TLB held no entry for it), and then took it as its victim.", searches[0].Text);
        Assert.Equal(" Earlier in its search for the private copy, the wsclock policy had pages 6 and 7 of P1 written back (their dirty bits cleared; the TLB held none of their entries), and then took them as its victims.", searches[1].Text);
    }

    [Fact]
    public void A_page_a_search_of_a_fault_that_searched_twice_cleaned_and_kept_is_told_as_that_search_s()
    {
        // The first search cleans page 3 and keeps it, then takes page 5; the second cleans
        // page 4 and keeps it, then takes page 6. Each kept page says which search it was in,
        // and so does each clear itself (BitClear.SearchIn).
        var narrator = new StepNarrator(new Machine(Checked(8, "wsclock"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(5, 5, false), Victim(6, 6, true)];
        BitClear[] clears = [Cleaned(3, 3, 0), Cleaned(4, 4, 1)];

        var searches = SearchClears(narrator, clears, evictions).ToList();

        Assert.Equal([1, 2], clears.Select(c => c.SearchIn(evictions, [])));
        Assert.Equal([false, true], searches.Select(s => s.SecondFrame));
        Assert.StartsWith(" While it looked for a frame for the page, the wsclock policy also had frame 3 (page 3) written back, keeping it resident and clean", searches[0].Text, StringComparison.Ordinal);
        Assert.StartsWith(" While it looked for a frame for the private copy, the wsclock policy also had frame 4 (page 4) written back, keeping it resident and clean", searches[1].Text, StringComparison.Ordinal);

        // A step that searched once keeps the plain words, and its clears are of search 1.
        var once = SearchClears(narrator, [Cleaned(3, 3, 0)], [Victim(5, 5, false)]).Single();
        Assert.StartsWith(" While it looked for a victim, the wsclock policy also had frame 3 (page 3)", once.Text, StringComparison.Ordinal);
        Assert.Equal(1, Cleaned(3, 3, 0).SearchIn([Victim(5, 5, false)], []));
        Assert.Null(Cleaned(3, 3, 1).SearchIn([Victim(5, 5, false)], []));
    }

    [Fact]
    public void A_page_one_search_cleaned_and_the_other_took_is_told_as_taken_by_that_one_by_its_page()
    {
        // The first search cleans pages 3 and 6, keeps both and takes page 5; the search for the
        // private copy then takes page 6. Page 6 was not kept: it is told by its page (its frame
        // holds the copy now), as the other search's victim, and apart from page 3, kept by both.
        var narrator = new StepNarrator(new Machine(Checked(8, "wsclock"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(5, 5, false), Victim(6, 6, true)];

        var search = Assert.Single(SearchClears(narrator, [Cleaned(3, 3, 0), Cleaned(6, 6, 0)], evictions));

        Assert.False(search.SecondFrame);
        Assert.Equal(" While it looked for a frame for the page, the wsclock policy also had frame 3 (page 3) written back, keeping it resident and clean (its dirty bit cleared; the TLB held no entry for it)."
            + " In the same search, the wsclock policy also had page 6 of P1 written back (its dirty bit cleared; the TLB held no entry for it), which its search for the private copy then took as its victim.", search.Text);
    }

    [Fact]
    public void A_page_the_search_for_the_page_deactivated_and_the_search_for_the_copy_took_is_named_by_its_page_and_its_victim_says_so()
    {
        // The search for the page deactivates pages 6 and 3, in that order, and takes page 5; the
        // search for the private copy takes page 6. The first names page 6 by its page (its frame
        // holds the copy now) and page 3 by its frame, in the order deactivated; the second's
        // victim says which search had deactivated it; neither is told again.
        var narrator = new StepNarrator(new Machine(Checked(8, "linux"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(5, 5, false), Victim(6, 6, true)];
        BitClear[] clears = [Deactivated(6, 6, 0, 0), Deactivated(3, 3, 0, 0)];

        var (first, second) = Split(evictions, [], clears);

        Assert.Equal([clears[0]], first.TakenAcross);
        Assert.Equal("the linux policy deactivated page 6 of P1 and frame 3 (page 3), moving them to its inactive list, their reference bits found clear (aged, not spared; the TLB held none of their entries), then evicted page 5 of P1 from frame 5, dropping it since it was never written (it will be zero-filled again)", narrator.PolicyEvictedText(first));
        Assert.Equal("the linux policy evicted page 6 of P1 from frame 6, which its search for the page had deactivated, dropping it since it was never written (it will be zero-filled again)", narrator.PolicyEvictedText(second));
        Assert.Equal(string.Empty, Assert.Single(SearchClears(narrator, clears, evictions)).Text);
    }

    [Fact]
    public void A_page_a_search_deactivated_before_its_kill_and_the_search_for_the_copy_took_is_told_so_by_both()
    {
        // The search for the page deactivates page 6, finds nothing to evict and ends in a kill
        // that frees a frame; the search for the private copy then takes page 6.
        var narrator = new StepNarrator(new Machine(Checked(8, "linux"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(6, 6, true)];
        BitClear[] clears = [Deactivated(6, 6, 0, 0)];

        var (first, second) = Split(evictions, [Kill(false)], clears);

        Assert.Empty(first.Deactivated);
        Assert.Equal(" While it looked for a frame for the page, the linux policy also deactivated page 6 of P1, moving it to its inactive list, its reference bit found clear (the TLB held no entry for it), which its search for the private copy then took as its victim.",
            Assert.Single(SearchClears(narrator, clears, evictions, [Kill(false)])).Text);
        Assert.Contains("from frame 6, which its search for the page had deactivated, ", narrator.PolicyEvictedText(second), StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_that_ended_in_an_oom_kill_keeps_its_own_clears()
    {
        // The search for the private copy deactivates page 3, finds nothing to evict and ends in
        // a kill, with no victim after it: the clear is that search's, told as such and in the
        // second Frame stage, not as the first search's.
        var narrator = new StepNarrator(new Machine(Checked(8, "linux"))) { DecimalPages = true };
        EvictionEvent[] first = [Victim(5, 5, false)];
        var second = Deactivated(3, 3, 1, 0);

        Assert.Equal(2, second.SearchIn(first, [Kill(true)]));
        var told = Assert.Single(SearchClears(narrator, [second], first, [Kill(true)]));
        Assert.True(told.SecondFrame);
        Assert.StartsWith(" While it looked for a frame for the private copy, the linux policy also deactivated frame 3 (page 3), moving it to its inactive list", told.Text, StringComparison.Ordinal);

        // The search for the page deactivates page 3 and ends in a kill that frees a frame; the
        // search for the copy then takes page 6. The clear is the first search's, not given to
        // the victim after the kill.
        EvictionEvent[] copy = [Victim(6, 6, true)];
        var before = Deactivated(3, 3, 0, 0);
        Assert.Equal(1, before.SearchIn(copy, [Kill(false)]));
        var (_, took) = Split(copy, [Kill(false)], [before]);
        Assert.Empty(took.Deactivated);
        Assert.StartsWith(" While it looked for a frame for the page, the linux policy also deactivated frame 3", Assert.Single(SearchClears(narrator, [before], copy, [Kill(false)])).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deactivation_before_an_oom_kill_is_not_told_as_leading_to_the_victim_taken_after_the_kill()
    {
        // One search deactivates page 3, finds nothing to evict, has the OOM killer kill, and
        // then takes page 5: the deactivation did not lead to that victim, so it is told apart
        // from it, and a deactivation made after the kill leads to it.
        var narrator = new StepNarrator(new Machine(Checked(8, "linux"))) { DecimalPages = true };
        EvictionEvent[] evictions = [Victim(5, 5, false)];
        BitClear[] clears = [Deactivated(3, 3, 0, 0), Deactivated(4, 4, 0, 1)];

        Assert.True(clears[0].BeforeKill([Kill(false)], clears[0].SearchIn(evictions, [Kill(false)])));
        Assert.False(clears[1].BeforeKill([Kill(false)], clears[1].SearchIn(evictions, [Kill(false)])));
        var (first, _) = Split(evictions, [Kill(false)], clears);
        Assert.Equal([clears[1]], first.Deactivated);
        Assert.Equal(" While it looked for a victim, the linux policy also deactivated frame 3 (page 3), moving it to its inactive list, its reference bit found clear (aged, not spared; the TLB held no entry for it).",
            Assert.Single(SearchClears(narrator, clears, evictions, [Kill(false)])).Text);
    }

    [Fact]
    public void A_deactivation_is_told_with_its_search_s_victim_only_when_that_search_took_one_with_no_kill_after_the_clear()
    {
        // One search deactivates page 3, has the OOM killer kill, deactivates page 4 and takes a victim.
        var beforeKill = Deactivated(3, 3, 0, 0);
        var afterKill = Deactivated(4, 4, 0, 1);

        Assert.True(afterKill.ToldWithVictim(1, tookVictim: true, [Kill(false)]));
        Assert.False(beforeKill.ToldWithVictim(1, tookVictim: true, [Kill(false)]));
        Assert.False(afterKill.ToldWithVictim(1, tookVictim: false, [Kill(false)]));
        Assert.False(afterKill.ToldWithVictim(null, tookVictim: true, []));
        Assert.False(Cleaned(3, 3, 0).ToldWithVictim(1, tookVictim: true, []));
    }

    [Fact]
    public void The_recorder_notes_with_each_clear_how_many_of_the_step_s_evictions_came_before_it()
    {
        // Silberschatz, 3 frames, the 9th reference (page 2): clock-pro evicts a page to load
        // page 2, then clears the new page's bit and, its hot hand, page 0's: both after the victim.
        var step = Reference(Recorded(Silberschatz, Checked(3, "clock-pro")), 9);

        var evicted = Assert.Single(step.Evictions, e => !e.Departure);
        Assert.Equal([step.Evictions.Count, step.Evictions.Count], step.BitClears.Select(c => c.EvictionsBefore));
        Assert.Equal(evicted, step.Evictions[0]);
    }
}
