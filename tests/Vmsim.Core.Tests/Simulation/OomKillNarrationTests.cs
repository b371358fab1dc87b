using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A step in which reclaim, or the OOM killer, had to find a frame is told in the order things
/// happened: the fault; why no frame could be found; whom the OOM killer killed and what that
/// freed; what was brought in, where; and what became of copy-on-write.
/// </summary>
public class OomKillNarrationTests
{
    // p writes two heap pages and forks c; p copies page 0, c reuses the original, and c's two
    // new pages push p's out to swap, filling both slots (page 1's slot is held by p and c alike).
    // p's write to page 1 then finds every frame dirty anonymous memory with swap full: the OOM
    // killer kills c, and p's page comes back from swap into one of c's frames.
    private const string SwapInAfterKill = """
        machine: { frames: 3, swap: 2, policy: lru }
        processes:
          - name: p
            regions:
              - { name: heap, start: 0x10000000, pages: 4 }
              - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
        script:
          - { touch: p, region: heap, pages: 0-1, access: write }
          - { fork: p, child: c }
          - { touch: p, region: heap, pages: 0, access: write }
          - { touch: c, region: heap, pages: 0, access: write }
          - { touch: c, region: heap, pages: 2-3, access: write }
          - { touch: p, region: heap, pages: 1, access: write }
        """;

    private static (ScenarioRun Run, StepRecorder Recorder) Recorded(string yaml)
    {
        var (run, recorder, _) = RunRecorded(yaml, "oom.yaml", checkInvariants: true);
        return (run, recorder);
    }

    // Asserts that each of the phrases occurs in text, each after the one before.
    private static void InOrder(string text, params string[] phrases)
    {
        var from = 0;
        foreach (var phrase in phrases)
        {
            var at = text.IndexOf(phrase, from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"expected \"{phrase}\" after position {from} in: {text}");
            from = at + phrase.Length;
        }
    }

    [Fact]
    public void A_kill_of_another_process_is_told_before_the_page_it_made_room_for_with_why_and_what_it_freed()
    {
        var (_, recorder) = Recorded(SwapInAfterKill);

        var step = recorder.Steps[^1];
        Assert.Equal(FaultKind.SwapIn, step.Access!.Value.Fault);
        InOrder(step.Explanation,
            "P1 (p) wrote page 0x10001 (heap, rw-), which had been swapped out, so a page fault",
            "None was free, and none could be evicted: every page in memory was dirty anonymous memory with no copy in swap, and swap was full (2 of 2 slots in use).",
            "So the OOM killer killed P2 (c), which had the most resident pages (3); its frames 0, 1 and 2 were freed.",
            "Then the kernel read the page back from swap slot 0 into frame 2 (major fault).");
    }

    [Fact]
    public void A_swapped_page_shared_copy_on_write_with_the_process_killed_is_said_to_be_mapped_writable_without_a_copy()
    {
        var (run, recorder) = Recorded(SwapInAfterKill);

        var step = recorder.Steps[^1];
        var kill = Assert.Single(step.OomKills);
        Assert.Equal([new SwapSlot(0)], kill.KeptSlots);
        Assert.Equal(0, run.Machine.Counters.CowWithinLoad);
        InOrder(step.Explanation,
            "read the page back from swap slot 0",
            "The page had been shared copy-on-write with P2 (c), whose entry held swap slot 0 too; with P2 (c) killed, P1 (p) held the slot alone, so the kernel mapped the page writable for the write, without a copy.");
    }

    [Fact]
    public void A_kill_reports_the_frames_and_slots_it_freed_and_those_others_keep()
    {
        var (run, recorder) = Recorded(SwapInAfterKill);

        var kill = Assert.Single(recorder.Steps[^1].OomKills);
        var c = run.Machine.Kernel.Processes.Single(p => p.Name == "c");
        Assert.Equal(c.Pid, kill.Pid);
        Assert.Equal([new FrameNumber(0), new FrameNumber(1), new FrameNumber(2)], kill.FreedFrames);
        Assert.Empty(kill.KeptFrames);
        Assert.Empty(kill.FreedSlots);
        Assert.Empty(kill.PinnedFrames);
        Assert.False(kill.SecondFrame);
    }

    [Fact]
    public void The_faulting_process_killed_itself_is_told_with_the_same_reason_and_what_its_death_freed()
    {
        var (_, recorder) = Recorded("""
            machine: { frames: 2, swap: 1, policy: lru }
            processes:
              - name: a
                regions: [{ name: heap, start: 0x10000, pages: 4, prot: rw- }]
            script:
              - { touch: a, region: heap, access: write }
            """);

        var step = recorder.Steps.Last(s => s.Access is not null);
        Assert.Equal(FaultKind.Oom, step.Access!.Value.Fault);
        InOrder(step.Explanation,
            "P1 (a) wrote page 0x13",
            "a page fault, so the kernel needed a frame.",
            "None was free, and none could be evicted: every page in memory was dirty anonymous memory with no copy in swap, and swap was full (1 of 1 slot in use).",
            "So the OOM killer killed P1 (a), the faulting process itself, which had the most resident pages (2); its frames 0 and 1 and swap slot 0 were freed.");
    }

    [Fact]
    public void A_copy_whose_other_sharer_is_killed_for_its_frame_names_the_sharer_and_the_source_freed_after()
    {
        // No swap: c's two pages and the page p shares with c fill memory, and p's write to it
        // needs a frame for the copy while the page is held for copying.
        var (_, recorder) = Recorded("""
            machine: { frames: 3, swap: 0, policy: lru }
            processes:
              - name: p
                regions: [{ name: heap, start: 0x10000000, pages: 4 }]
            script:
              - { touch: p, region: heap, pages: 0, access: write }
              - { fork: p, child: c }
              - { touch: c, region: heap, pages: 1-2, access: write }
              - { touch: p, region: heap, pages: 0, access: write }
            """);

        var step = recorder.Steps[^1];
        Assert.Equal(FaultKind.CowCopy, step.Access!.Value.Fault);
        Assert.Equal([new FrameNumber(0)], Assert.Single(step.OomKills).PinnedFrames);
        InOrder(step.Explanation,
            "P1 (p) wrote page 0x10000 (heap, rw-): it was shared copy-on-write with P2 (c), so the kernel needed a frame.",
            "none could be evicted: frame 0 held the page the fault was copying; every other page in memory was dirty anonymous memory with no copy in swap, and there is no swap to write it to.",
            "So the OOM killer killed P2 (c), which had the most resident pages (3); its frames 1 and 2 were freed.",
            "Then the kernel copied frame 0 into frame 2",
            "With P2 (c) killed, nobody mapped frame 0 any more, and it was freed.");
    }

    [Fact]
    public void A_kill_that_frees_no_frame_is_followed_by_the_next_and_each_is_told()
    {
        // b writes its heap page, which it shares with its child c1, with no frame free and no
        // swap: the OOM killer ends c1, whose pages b keeps mapped, then b itself.
        var (_, recorder) = Recorded(CopyOnWriteIntoOom);

        var step = recorder.Steps.Last(s => s.OomKills.Count > 0);
        Assert.Equal(2, step.OomKills.Count);
        Assert.Empty(step.OomKills[0].FreedFrames);
        InOrder(step.Explanation,
            "So the OOM killer killed P3 (c1), which had the most resident pages (3); that freed no frame: its pages were still mapped by other processes or kept in the page cache.",
            "Still no frame could be found, so the OOM killer killed P2 (b), the faulting process itself, which had the most resident pages (2); its frames 0 and 2 were freed.");
    }

    [Fact]
    public void A_fault_that_reads_a_page_and_copies_it_tells_each_frame_found_before_its_use()
    {
        // Two frames, both p's dirty heap pages: the read of the private file page evicts one,
        // the private copy the write takes evicts the other.
        var (_, recorder) = Recorded("""
            machine: { frames: 2, swap: 4, policy: fifo }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 2 }
                  - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
            script:
              - { touch: p, region: heap, pages: 0-1, access: write }
              - { touch: p, region: data, pages: 0, access: write }
            """);

        var step = recorder.Steps[^1];
        Assert.Equal([false, true], step.Evictions.Select(e => e.SecondFrame));
        InOrder(step.Explanation,
            "so the kernel freed a frame first (none was free: the fifo policy evicted page 0x10000 of P1 (p) from frame 0",
            "then read it from file 'data.bin' (page 0) into frame 0 (major fault).",
            "The write was to a private mapping, so the kernel freed a frame first (none was free: the fifo policy evicted page 0x10001 of P1 (p) from frame 1",
            "then copied it into frame 1 for this process alone (copy-on-write).");
    }

    [Fact]
    public void The_eviction_for_a_private_copy_of_a_page_found_in_the_page_cache_is_told()
    {
        // q reads the file page; p's write to its private mapping of it finds it in the page
        // cache and needs a frame only for the copy, which evicts p's heap page.
        var (_, recorder) = Recorded("""
            machine: { frames: 2, swap: 4, policy: fifo }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 1 }
                  - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
              - name: q
                regions:
                  - { name: data, start: 0x08000000, pages: 1, prot: r--, file: data.bin }
            script:
              - { touch: p, region: heap, pages: 0, access: write }
              - { touch: q, region: data, pages: 0, access: read }
              - { touch: p, region: data, pages: 0, access: write }
            """);

        var step = recorder.Steps[^1];
        Assert.Equal(FaultKind.PageCache, step.Access!.Value.Fault);
        Assert.Single(step.Evictions);
        InOrder(step.Explanation,
            "already had that page in the page cache in frame 1",
            "The write was to a private mapping, so the kernel freed a frame first (none was free: the fifo policy evicted page 0x10000 of P1 (p) from frame 0",
            "then copied it into frame 0 for this process alone (copy-on-write).");
    }

    [Fact]
    public void A_faulting_process_killed_for_the_copy_of_a_page_it_read_is_told_after_the_read()
    {
        // No swap: the read of p's private file page takes q's clean page's frame; the copy its
        // write needs finds only p's dirty heap page and the page being copied.
        var (_, recorder) = Recorded("""
            machine: { frames: 2, swap: 0, policy: lru }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 1 }
                  - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
              - name: q
                regions:
                  - { name: lib, start: 0x20000000, pages: 1, prot: r--, file: lib.so }
            script:
              - { touch: p, region: heap, pages: 0, access: write }
              - { touch: q, region: lib, pages: 0, access: read }
              - { touch: p, region: data, pages: 0, access: write }
            """);

        var step = recorder.Steps.Last(s => s.Access is not null);
        Assert.Equal(FaultKind.Oom, step.Access!.Value.Fault);
        Assert.True(Assert.Single(step.OomKills).SecondFrame);
        InOrder(step.Explanation,
            "P1 (p) wrote page 0x8000 (data, rw-): a page fault, so the kernel freed a frame first (none was free: the lru policy passed over frame 0 (a dirty anonymous page, and no swap) and evicted page 0x20000 of P2 (q) from frame 1",
            "then brought it in, and needed a second frame for a private copy.",
            "none could be evicted: frame 1 held the page the fault was copying; every other page in memory was dirty anonymous memory",
            "So the OOM killer killed P1 (p), the faulting process itself, which had the most resident pages (1); its frame 0 was freed.");
    }

    [Fact]
    public void A_kill_that_freed_no_frame_because_the_fault_held_its_page_says_so()
    {
        // q's one page is the file page p's write then copies from: the fault holds it, so
        // killing q frees no frame, and not because anyone else maps the page.
        var (_, recorder) = Recorded("""
            machine: { frames: 2, swap: 0, policy: lru }
            processes:
              - name: q
                regions:
                  - { name: data, start: 0x08000000, pages: 1, prot: r--, file: data.bin }
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 1 }
                  - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
            script:
              - { touch: q, region: data, pages: 0, access: read }
              - { touch: p, region: heap, pages: 0, access: write }
              - { touch: p, region: data, pages: 0, access: write }
            """);

        var step = recorder.Steps.Last(s => s.OomKills.Count > 0);
        Assert.Empty(step.OomKills[0].FreedFrames);
        InOrder(step.Explanation,
            "So the OOM killer killed P1 (q), which had the most resident pages (1); that freed no frame: the page it mapped was the one the fault was copying from, which the fault held.");
    }
}
