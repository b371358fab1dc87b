using System.Text.Json;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// What the steps say of the bits a policy cleared other than as second chances: a page cleared
/// and then taken as the victim in the same search, whether a deactivated page's bit was set,
/// and the same words, in the same order, for <c>refs</c> and a scenario.
/// </summary>
public class BitClearOutputTests
{
    [Fact]
    public void A_page_linux_deactivated_and_then_took_in_one_search_is_told_in_that_order()
    {
        // swappiness under linux, step 36: the search deactivates page 0x40005 (frame 11), then
        // takes it from the inactive list as its victim and loads the swapped-out page there:
        // told in that order, in one clause, the victim named as the page just deactivated.
        var step = Step(Cli.Run("run", "swappiness", "--policy", "linux", "--steps", "--json").Json(), 36);

        var clear = Assert.Single(step.GetProperty("bitClears").EnumerateArray());
        var eviction = Assert.Single(step.GetProperty("evictions").EnumerateArray());
        Assert.Equal("deactivated", clear.GetProperty("kind").GetString());
        Assert.Equal(eviction.GetProperty("page").GetUInt64(), clear.GetProperty("page").GetUInt64());
        var explanation = step.GetProperty("explanation").GetString()!;
        Assert.Contains("the linux policy deactivated frame 11 (page 0x40005), moving it to its inactive list and clearing its reference bit (aged, not spared; its TLB entry dropped), then gave frames 0, 10 and 1 (pages 0x40002, 0x40003 and 0x40004) a second chance (reference bits found set and cleared; their TLB entries dropped) and evicted page 0x40005 of P1 (app) from frame 11, which it had just deactivated, dropping it", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("also deactivated", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_that_searched_twice_tells_each_search_s_clears_with_its_own_victim()
    {
        // fork-cow under wsclock (tau = 2, 8 frames), step 27: the child's write swaps page
        // 0x10003 in, and the first search has pages 0x10005, 0x10006 and 0x10007 written back
        // and takes 0x10005; the private copy then needs a second frame, and a second search
        // takes 0x10006, cleaned by the first one. Each search's clears go with that search, and
        // 0x10006, which the second search took, is told as taken, by its page, never as kept.
        var step = Step(Cli.Run("run", "fork-cow", "--policy", "wsclock", "--window", "2", "--frames", "8", "--steps", "--fault-path", "--json").Json(), 27);

        Assert.Equal([0x10005UL, 0x10006UL], step.GetProperty("evictions").EnumerateArray().Select(e => e.GetProperty("page").GetUInt64()));
        var frames = FrameStages(step);
        Assert.Equal(2, frames.Count);
        Assert.Contains("evicted page 0x10005", frames[0], StringComparison.Ordinal);
        Assert.Contains("Earlier in its search for the page, the wsclock policy had page 0x10005 of P1 (parent) written back (its dirty bit cleared; the TLB held no entry for it), and then took it as its victim.", frames[0], StringComparison.Ordinal);
        Assert.Contains("While it looked for a frame for the page, the wsclock policy also had frame 1 (page 0x10007) written back, keeping it resident and clean (its dirty bit cleared; the TLB held no entry for it). In the same search, the wsclock policy also had page 0x10006 of P1 (parent) written back (its dirty bit cleared; the TLB held no entry for it), which its search for the private copy then took as its victim.", frames[0], StringComparison.Ordinal);
        Assert.Contains("evicted page 0x10006", frames[1], StringComparison.Ordinal);
        Assert.DoesNotContain("written back", frames[1], StringComparison.Ordinal);

        var explanation = step.GetProperty("explanation").GetString()!;
        Assert.Contains("Earlier in its search for the page, the wsclock policy had page 0x10005 of P1 (parent) written back", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier in the same search", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("frame 0 (page 0x10006)", explanation, StringComparison.Ordinal);

        // The pages the first search cleaned are told as that search's, in words and in JSON.
        Assert.Contains("While it looked for a frame for the page, the wsclock policy also had frame 1 (page 0x10007) written back, keeping it resident and clean", explanation, StringComparison.Ordinal);
        Assert.Contains("the wsclock policy also had page 0x10006 of P1 (parent) written back (its dirty bit cleared; the TLB held no entry for it), which its search for the private copy then took as its victim.", explanation, StringComparison.Ordinal);
        var clears = step.GetProperty("bitClears").EnumerateArray().ToList();
        Assert.Equal([0, 1, 7], clears.Select(c => c.GetProperty("frame").GetInt32()).Order());
        Assert.All(clears, c => Assert.Equal(1, c.GetProperty("search").GetInt32()));
    }

    [Fact]
    public void Linux_s_deactivations_in_a_fault_s_second_search_are_told_in_order_with_the_victim_among_them()
    {
        // shared-memory under linux, 8 frames, step 25: the worker's write swaps page 0x10001 in,
        // and the private copy needs a second search, which deactivates frames 0, 1 and 2 and
        // then takes frame 0's page 0x20000 from the inactive list: told in that order, in the
        // second search's words and Frame stage; frames 1 and 2 are kept.
        var step = Step(Cli.Run("run", "shared-memory", "--policy", "linux", "--frames", "8", "--steps", "--fault-path", "--json").Json(), 25);

        var clears = step.GetProperty("bitClears").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], clears.Select(c => c.GetProperty("frame").GetInt32()));
        Assert.All(clears, c => Assert.Equal(2, c.GetProperty("search").GetInt32()));
        var told = "the linux policy deactivated frames 0, 1 and 2 (pages 0x20000, 0x20001 and 0x20002), moving them to its inactive list, their reference bits found clear (aged, not spared; the TLB held none of their entries), then gave frame 6 (page 0x10000) a second chance (reference bit found set and cleared; its TLB entry dropped) and evicted page 0x20000 of P1 (parent) from frame 0, which it had just deactivated, writing it to swap slot 4";
        var explanation = step.GetProperty("explanation").GetString()!;
        Assert.Contains(told, explanation, StringComparison.Ordinal);
        Assert.True(explanation.IndexOf(told, StringComparison.Ordinal) > explanation.IndexOf("The page was still shared copy-on-write", StringComparison.Ordinal));
        Assert.DoesNotContain("Earlier", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("also deactivated", explanation, StringComparison.Ordinal);
        var frames = FrameStages(step);
        Assert.Equal(2, frames.Count);
        Assert.DoesNotContain("deactivated", frames[0], StringComparison.Ordinal);
        Assert.Contains(told, frames[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_linux_deactivated_for_the_page_and_took_for_the_copy_is_named_by_its_page_and_its_victim_says_so()
    {
        // shared-memory under linux, 9 frames, step 26: the worker's write swaps page 0x10002 in;
        // the search for the page deactivates frames 0, 1 and 2 and takes frame 6; the search for
        // the private copy then takes frame 0's page 0x20000, which the first search deactivated.
        // The first search names that page by its page (frame 0 holds the copy now), in the order
        // deactivated, and the second's victim says which search had deactivated it.
        var step = Step(Cli.Run("run", "shared-memory", "--policy", "linux", "--frames", "9", "--steps", "--fault-path", "--json").Json(), 26);

        var clears = step.GetProperty("bitClears").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], clears.Select(c => c.GetProperty("frame").GetInt32()));
        Assert.All(clears, c => Assert.Equal(1, c.GetProperty("search").GetInt32()));
        Assert.Equal([6, 0], step.GetProperty("evictions").EnumerateArray().Select(e => e.GetProperty("frame").GetInt32()));
        const string Deactivated = "the linux policy deactivated page 0x20000 of P1 (parent) and frames 1 and 2 (pages 0x20001 and 0x20002), moving them to its inactive list, their reference bits found clear (aged, not spared; the TLB held none of their entries), then evicted the swap cache's page of slot 1 from frame 6";
        const string Victim = "evicted page 0x20000 of P1 (parent) from frame 0, which its search for the page had deactivated, writing it to swap slot 5";
        var explanation = step.GetProperty("explanation").GetString()!;
        Assert.Contains(Deactivated, explanation, StringComparison.Ordinal);
        Assert.Contains(Victim, explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("frames 0, 1 and 2", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("also deactivated", explanation, StringComparison.Ordinal);
        var frames = FrameStages(step);
        Assert.Equal(2, frames.Count);
        Assert.Contains(Deactivated, frames[0], StringComparison.Ordinal);
        Assert.Contains(Victim, frames[1], StringComparison.Ordinal);
        Assert.DoesNotContain("deactivated page", frames[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_deactivation_says_it_cleared_a_reference_bit_only_when_the_bit_was_set()
    {
        // swappiness under linux, step 60: frames 11 and 4 deactivated, only frame 11's bit set.
        var step = Step(Cli.Run("run", "swappiness", "--policy", "linux", "--steps", "--json").Json(), 60);

        var clears = step.GetProperty("bitClears").EnumerateArray().ToList();
        Assert.Equal([11, 4], clears.Select(c => c.GetProperty("frame").GetInt32()));
        Assert.Equal([true, false], clears.Select(c => c.GetProperty("bitSet").GetBoolean()));
        Assert.Contains("the linux policy deactivated frames 11 and 4 (pages 0x10003 and 0x10004), moving them to its inactive list and clearing the reference bit of frame 11 (page 0x10003), found set (aged, not spared; the TLB entry of frame 11 dropped), then ", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_tells_a_page_deactivated_then_taken_and_whether_its_bit_was_set()
    {
        var json = Cli.Run("refs", "1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9", "--policy", "linux", "--frames", "5", "--steps", "--json").Json();

        // Step 14: page 2, its bit already clear, deactivated and then taken as the victim.
        var taken = Step(json, 14);
        var clear = Assert.Single(taken.GetProperty("bitClears").EnumerateArray());
        Assert.False(clear.GetProperty("bitSet").GetBoolean());
        Assert.Equal(0, clear.GetProperty("tlbDropped").GetInt32());
        var explanation = taken.GetProperty("explanation").GetString()!;
        Assert.Contains("the linux policy deactivated page 2, moving it to its inactive list, its reference bit found clear (aged, not spared), then gave pages 6 and 1 a second chance (their reference bits found set and cleared) and evicted page 2 (clean, dropped), which it had just deactivated, and page 7 was loaded", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("clearing its reference bit", explanation, StringComparison.Ordinal);

        // Step 18: page 3, its bit set, deactivated and kept.
        var kept = Step(json, 18);
        Assert.True(Assert.Single(kept.GetProperty("bitClears").EnumerateArray()).GetProperty("bitSet").GetBoolean());
        Assert.Contains("the linux policy deactivated page 3, moving it to its inactive list and clearing its reference bit (aged, not spared), then evicted page 1 (clean, dropped), and", kept.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("also deactivated", kept.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_words_a_tick_as_the_scenario_does()
    {
        var step = Step(Cli.Run("refs", Cli.Belady, "--policy", "aging", "--tick", "2", "--frames", "3", "--steps", "--json").Json(), 2);

        Assert.Equal("Read of page 2: not in memory, a page fault (file read); frame 1 was free, and page 2 was loaded into frame 1. At the tick that followed (one every 2 accesses), the aging policy read every page's reference bit and cleared those found set: pages 1 and 2.", step.GetProperty("explanation").GetString());
    }

    [Fact]
    public void Refs_tells_a_tick_after_the_departures_as_the_scenario_does()
    {
        // No policy both ticks and lets pages go as they leave the working set, so the step is made.
        var step = new ReferenceStep(
            5, new PageReference(4, AccessKind.Read), FaultKind.None, TlbHit: true, Frame: 0,
            Evicted: [(3UL, false, true)], FramesAfter: [4UL, null],
            BitClears: [new BitClear(new FrameNumber(0), BitClearKind.Tick, new MappedPage(1, new PageNumber(4)), [new MappedPage(1, new PageNumber(4))])]);

        var explanation = StepTableRenderer.Explain(step, "aging", 1);

        Assert.Equal("Read of page 4: in frame 0, a hit. Then the aging policy evicted page 3 (clean, dropped), which had left the working set. At the tick that followed (one every access), the aging policy read every page's reference bit and cleared the one found set: page 4.", explanation);
    }

    // The texts of a step's Frame stages in its fault path, one for each search of the fault.
    private static List<string> FrameStages(JsonElement step) =>
        [.. step.GetProperty("faultPath").EnumerateArray().Where(s => s.GetProperty("stage").GetString() == "frame").Select(s => s.GetProperty("text").GetString()!)];

    private static JsonElement Step(JsonElement json, int number) =>
        json.GetProperty("steps").EnumerateArray().First(s => s.GetProperty("step").GetInt32() == number);
}
