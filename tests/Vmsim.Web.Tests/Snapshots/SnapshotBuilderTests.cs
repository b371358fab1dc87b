using Vmsim.Web.Api;
using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

public class SnapshotBuilderTests
{
    private static long Counter(StepSnapshot s, string key) => (long)s.Counters.Single(c => c.Key == key).Value;

    // Every frame the step released has the released mark, and every swap slot it released is flagged.
    private static void AssertMarksReleased(StepSnapshot s)
    {
        Assert.All(s.Released!.Frames, f => Assert.Contains("released", s.Frames.Rows.Single(r => r.Frame == f).Marks));
        Assert.All(s.Released.Slots, slot => Assert.True(s.Swap.Rows.Single(r => r.Slot == slot).Released));
    }

    [Fact]
    public void The_first_cow_copy_shows_the_childs_entry_writable_in_a_new_frame_and_the_parents_still_shared()
    {
        var session = Open(Example("fork-cow"));
        var step = session.Find(0, "CowCopy", forward: true)!.Value;
        var s = session.Snapshot(step);

        Assert.Equal("CowCopy", s.Event.Fault);
        Assert.Equal("minor", s.Event.FaultClass);
        Assert.Equal("write", s.Event.Access);
        var child = s.Processes.Single(p => p.Name == "child");
        var parent = s.Processes.Single(p => p.Name == "parent");
        Assert.Equal(child.Pid, s.Event.Pid);
        var childEntry = child.Pages.Single(e => e.Page == s.Event.Page);
        var parentEntry = parent.Pages.Single(e => e.Page == s.Event.Page);
        Assert.True(childEntry.Current);
        Assert.Equal("present", childEntry.State);
        Assert.True(childEntry.Write);
        Assert.False(childEntry.Cow);
        Assert.True(childEntry.Dirty);
        Assert.Equal(s.Event.Frame, childEntry.Frame);
        Assert.Equal(s.Event.SourceFrame, parentEntry.Frame);
        Assert.NotEqual(childEntry.Frame, parentEntry.Frame);
        Assert.True(parentEntry.Cow);
        Assert.False(parentEntry.Write);

        var text = string.Join(' ', s.Explanation);
        Assert.Contains("copy-on-write", text, StringComparison.Ordinal);
        Assert.Contains($"copied frame {s.Event.SourceFrame} into frame {s.Event.Frame}", text, StringComparison.Ordinal);
        Assert.Equal(1, Counter(s, "cowCopy"));

        var copy = s.Frames.Rows.Single(f => f.Frame == s.Event.Frame);
        Assert.Contains("used", copy.Marks);
        Assert.Equal([$"P{child.Pid} {s.Event.Page}"], copy.Mappings);
        var source = s.Frames.Rows.Single(f => f.Frame == s.Event.SourceFrame);
        Assert.Contains("source", source.Marks);
        Assert.Equal([$"P{parent.Pid} {s.Event.Page}"], source.Mappings);
        Assert.StartsWith("Line ", s.Label, StringComparison.Ordinal);
        Assert.True(s.Line > 0);
    }

    [Fact]
    public void Shared_anonymous_memory_shows_its_frames_its_region_and_its_swapped_pages()
    {
        var session = Open(Example("shared-memory"));
        var hit = session.Find(0, "PageCache", forward: true)!.Value;
        var s = session.Snapshot(hit);

        var frame = s.Frames.Rows.Single(f => f.Frame == s.Event.Frame);
        Assert.Equal("shmem", frame.Use);
        Assert.Equal("shared anon #1", frame.File);
        Assert.Equal(2, frame.Mappings.Count);
        var region = s.Processes.Single(p => p.Name == "parent").Regions.Single(r => r.Name == "shared");
        Assert.True(region.Shared);
        Assert.Equal("shared anon #1", region.Backing);

        // Later the worker's buffer pushes the shared pages out: their object holds the slots.
        var swapIn = session.Find(hit, "SwapIn", forward: true)!.Value;
        var before = session.Snapshot(swapIn - 1);
        Assert.Contains(before.Swap.Rows, row => row.HeldBy.Any(h => h.StartsWith("shared anon #1 p", StringComparison.Ordinal)));
    }

    [Fact]
    public void Right_after_fork_both_page_tables_share_every_heap_frame_read_only_and_cow()
    {
        var session = Open(Example("fork-cow"));
        var fork = Enumerable.Range(0, session.LastStep + 1).First(i => session.Snapshot(i).Event.Operation == "fork");
        var s = session.Snapshot(fork);
        var parent = s.Processes.Single(p => p.Name == "parent");
        var child = s.Processes.Single(p => p.Name == "child");
        var heap = parent.Pages.Where(e => e.Region == "heap").ToArray();
        Assert.Equal(8, heap.Length);
        foreach (var entry in heap)
        {
            var twin = child.Pages.Single(e => e.Page == entry.Page);
            Assert.Equal(entry.Frame, twin.Frame);
            Assert.True(entry.Cow && twin.Cow);
            Assert.False(entry.Write || twin.Write);
        }

        Assert.All(s.Frames.Rows.Where(f => heap.Any(e => e.Frame == f.Frame)), f => Assert.Equal(2, f.Mappings.Count));
    }

    [Fact]
    public void The_demo_shows_swap_slots_held_by_page_table_entries_after_a_dirty_eviction()
    {
        var session = Open(Example("demo"));
        var step = Enumerable.Range(0, session.LastStep + 1).First(i => session.Snapshot(i).Swap.Used > 0);
        var s = session.Snapshot(step);
        var row = s.Swap.Rows[0];
        Assert.NotEmpty(row.HeldBy);
        Assert.True(row.References >= row.HeldBy.Count);
        var holder = row.HeldBy[0].Split(' ');
        var process = s.Processes.Single(p => $"P{p.Pid}" == holder[0]);
        var entry = process.Pages.Single(e => e.Page == holder[1]);
        Assert.Equal("swapped", entry.State);
        Assert.Equal(row.Slot, entry.SwapSlot);
        Assert.True(Counter(s, "swapOuts") >= 1);
    }

    [Fact]
    public void The_tlb_holds_the_translation_just_used_and_marks_it()
    {
        var session = Open(Example("demo"));
        var hit = Enumerable.Range(0, session.LastStep + 1).Select(session.Snapshot).First(s => s.Event.Type == "access" && s.Event.TlbHit);
        var entry = hit.Tlb.Rows.Single(r => r.Current);
        Assert.Equal(hit.Event.Pid, entry.Pid);
        Assert.Equal(hit.Event.Page, entry.Page);
        Assert.Equal(hit.Event.Frame, entry.Frame);
        Assert.Equal("hit", hit.Event.FaultClass);
    }

    [Fact]
    public void A_reference_string_step_is_labelled_by_its_position_and_page()
    {
        var session = Open(Refs(BeladyString));
        var s = session.Snapshot(7);
        Assert.Equal("Reference 7 of 12: read page 5", s.Label);
        Assert.Equal(7, s.Line);
        Assert.Equal(3, s.Frames.Count);
        Assert.Equal("fifo", s.Policy.Name);
        Assert.Contains("queue", s.Policy.Note, StringComparison.Ordinal);
        Assert.Equal(7, Counter(s, "faults"));
        Assert.Single(s.Event.EvictedFrames);
    }

    [Fact]
    public void Last_use_per_frame_follows_the_accesses_and_gives_lru_order()
    {
        var session = Open(Refs(BeladyString, frames: 3, policy: "lru"));
        var s = session.Snapshot(6);
        // After 1 2 3 4 1 2: frames hold 4 (step 4), 1 (step 5), 2 (step 6); 4 is least recently used.
        var byStep = s.Frames.Rows.OrderBy(f => f.LastUsedStep).Select(f => f.Page ?? "free").ToArray();
        Assert.Equal(["4", "1", "2"], byStep);
    }

    [Fact]
    public void Aging_shows_each_frames_counter_in_bits()
    {
        var session = Open(Refs(BeladyString, frames: 3, policy: "aging"));
        var s = session.Snapshot(12);
        Assert.Equal("Eviction order", s.Policy.StateLabel);
        Assert.All(s.Frames.Rows, f => Assert.Matches("^#[1-3] · counter [01]{8}, next tick [01]{8}$", f.PolicyState!));
    }

    [Fact]
    public void Lru_numbers_the_frames_in_its_own_recency_order()
    {
        var session = Open(Refs(BeladyString, frames: 3, policy: "lru"));
        var s = session.Snapshot(6);
        // After 1 2 3 4 1 2: LRU's list runs 4, 1, 2.
        var order = s.Frames.Rows.OrderBy(f => f.PolicyState, StringComparer.Ordinal).Select(f => f.Page ?? "free").ToArray();
        Assert.Equal(["4", "1", "2"], order);
        Assert.Contains("least recently used first", s.Policy.Note, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("lru", "The Eviction order column numbers the frames as the policy would consider them, #1 first.")]
    [InlineData("random", "The Eviction order column numbers the frames in frame order: random ranks none above another.")]
    [InlineData("w-tinylfu", "The Eviction order column numbers the frames as the policy would consider them, #1 first, except that the next victim is decided between the first page of window and the first of probation.")]
    public void The_note_says_what_the_eviction_order_column_numbers_for_the_policy(string policy, string sentence)
    {
        var session = Open(Refs(BeladyString, frames: 3, policy: policy));

        // After 1 2 3 4 1 2 memory is full: W-TinyLFU's next fault has a contest ahead.
        Assert.EndsWith(sentence, session.Snapshot(6).Policy.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Clock_says_where_its_hand_is()
    {
        var session = Open(Refs(BeladyString, frames: 3, policy: "clock"));
        var s = session.Snapshot(8);
        Assert.Matches(@"^Hand at frame \d", s.Policy.Note);
        Assert.Single(s.Frames.Rows, f => f.PolicyState!.StartsWith("#1 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Large_regions_list_only_their_touched_pages()
    {
        var yaml = """
            machine: { frames: 4 }
            processes:
              - name: p
                regions:
                  - { name: big, start: 0x10000000, pages: 100000, prot: rw- }
            script:
              - { touch: p, region: big, pages: 500-509, access: write }
            """;
        var session = Open(Yaml(yaml));
        var s = session.Snapshot(session.LastStep);
        var pages = s.Processes.Single().Pages;
        Assert.Equal(10, pages.Count);
        Assert.Equal(4, pages.Count(e => e.State == "present"));
        Assert.Equal(6, pages.Count(e => e.State == "swapped"));
    }

    [Fact]
    public void An_ended_process_is_listed_with_its_state_and_no_entries()
    {
        var session = Open(Example("fork-cow"));
        var s = session.Snapshot(session.LastStep);
        var child = s.Processes.Single(p => p.Name == "child");
        Assert.Equal("exited", child.State);
        Assert.Empty(child.Pages);
    }

    [Fact]
    public void A_segmentation_fault_is_classed_and_kills_the_process()
    {
        var session = Open(Example("segfaults"));
        var step = session.Find(0, "segv", forward: true)!.Value;
        var s = session.Snapshot(step);
        Assert.Equal("segv", s.Event.FaultClass);
        Assert.Contains("SIGSEGV", string.Join(' ', s.Explanation), StringComparison.Ordinal);
        Assert.Contains(s.Processes, p => p.Pid == s.Event.Pid && p.State == "segv");
    }

    [Fact]
    public void Counters_are_the_machines_own_at_that_step()
    {
        var session = Open(Refs(BeladyString, frames: 4));
        var s = session.Snapshot(12);
        Assert.Equal(10, Counter(s, "faults"));
        Assert.Equal(2, Counter(s, "hits"));
        Assert.Equal(12, Counter(s, "accesses"));
        Assert.Equal(6, Counter(s, "evictions"));
    }

    [Fact]
    public void The_machine_form_can_be_read_back_from_the_session()
    {
        var workload = Example("demo", new MachineRequest(4, null, 0, "lru", null));
        var s = Open(workload).Snapshot(0);
        Assert.Equal(4, s.Frames.Count);
        Assert.Equal(0, s.Tlb.Entries);
        Assert.Equal("lru", s.Policy.Name);
    }

    [Fact]
    public void A_trace_names_each_access_by_its_number_and_lists_those_around_it()
    {
        var session = Open(Trace(LackeyLoop(pages: 5, times: 3), machine: new MachineRequest(3, null, null, "fifo", null)));

        var start = session.Snapshot(0);
        Assert.Equal("Start: no process yet; each process of the trace starts at its first access", start.Label);
        Assert.Equal(Enumerable.Range(1, 1 + SnapshotBuilder.TraceLinesAfter), start.Trace!.Select(t => t.Number));

        var spawn = session.Snapshot(1);
        Assert.Equal("Before access 1: trace starts, its backing store mapped over the whole address space", spawn.Label);
        Assert.Equal(1, spawn.Line);

        var first = session.Snapshot(2);
        Assert.Equal("Access 1 of 27: trace executes 0x400000", first.Label);
        Assert.Equal(1, first.Line);
        Assert.Equal("X 0x400000", first.Trace![0].Text);
        Assert.Equal("R 0x10001008", first.Trace[1].Text);
        Assert.Equal("W 0x10001008", first.Trace[2].Text);

        // Access 20 of 27: eight before it, and the seven left after it.
        var later = session.Snapshot(21);
        Assert.Equal(20, later.Line);
        Assert.Equal(Enumerable.Range(20 - SnapshotBuilder.TraceLinesBefore, SnapshotBuilder.TraceLinesBefore + 8), later.Trace!.Select(t => t.Number));
        Assert.Equal("FileRead", session.Snapshot(session.Find(0, "fault", forward: true)!.Value).Event.Fault);
    }

    [Fact]
    public void A_trace_of_several_processes_lists_each_access_with_its_process()
    {
        var csv = System.Text.Encoding.ASCII.GetBytes("address,op,pid\n0x1000,R,1\n0x2000,W,2\n0x1000,R,1\n");
        var session = Open(Trace(csv, "two.csv"));

        var s = session.Snapshot(4);
        Assert.Equal(["R 0x1000  pid 1", "W 0x2000  pid 2", "R 0x1000  pid 1"], s.Trace!.Select(t => t.Text));
        Assert.Equal("Access 2 of 3: trace pid 2 writes 0x2000", s.Label);
        Assert.Null(Open(Example("fork-cow")).Snapshot(3).Trace);
    }

    [Fact]
    public void A_trace_cut_at_the_step_limit_counts_its_accesses_as_the_first_so_many()
    {
        // 5 pages looped 3 times is 27 accesses; 21 steps play the start and the first 20.
        var session = Open(Trace(LackeyLoop(pages: 5, times: 3), machine: new MachineRequest(3, null, null, "fifo", null), maxSteps: 21));

        Assert.Equal("Access 1 of the first 20: trace executes 0x400000", session.Snapshot(2).Label);
    }

    [Fact]
    public void A_reference_strings_pages_are_written_in_decimal_in_every_table_the_badge_and_the_explanation()
    {
        // FIFO on 3 frames: the fifth reference, page 16, evicts page 10, the first in.
        var session = Open(Refs("10 12 14 10w 16"));
        var s = session.Snapshot(5);

        Assert.Equal("16", s.Event.Page);
        var text = string.Join(' ', s.Explanation);
        Assert.Contains("read page 16 ", text, StringComparison.Ordinal);
        Assert.Contains("evicted page 10 of P1 (refs)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0x", text, StringComparison.Ordinal);
        var process = s.Processes.Single();
        Assert.Contains(process.Pages, e => e.Page == "16" && e.Current);
        Assert.All(process.Pages, e => Assert.DoesNotContain("0x", e.Page, StringComparison.Ordinal));
        Assert.Equal(("0", "17"), (process.Regions[0].Start, process.Regions[0].End));
        var frame = s.Frames.Rows.Single(f => f.Frame == s.Event.Frame);
        Assert.Equal("16", frame.Page);
        Assert.Equal(["P1 16"], frame.Mappings);
        Assert.Contains(s.Tlb.Rows, r => r.Page == "16" && r.Current);

        // A scenario's pages stay hexadecimal, as its addresses are.
        var scenario = Open(Example("fork-cow")).Snapshot(3);
        Assert.All(scenario.Processes.SelectMany(p => p.Pages), e => Assert.StartsWith("0x", e.Page, StringComparison.Ordinal));
    }

    [Fact]
    public void The_oom_step_marks_the_frames_and_swap_slots_the_kill_freed()
    {
        var session = Open(Example("oom"));
        var oom = session.Find(0, "Oom", forward: true)!.Value;
        var s = session.Snapshot(oom);
        var before = session.Snapshot(oom - 1);

        var released = s.Released!;
        Assert.Equal("the OOM kill", released.Cause);
        // Every frame the hog held is free after the kill, and each is marked as freed by it.
        var hogFrames = before.Frames.Rows.Where(f => f.Owner is { } o && o.Contains("hog", StringComparison.Ordinal)).Select(f => f.Frame).ToArray();
        Assert.NotEmpty(hogFrames);
        Assert.Equal(hogFrames, released.Frames);
        Assert.Equal(s.Frames.Count, s.Frames.Free);
        // Swap was full before; the slots the hog's pages held are listed as freed, no longer in use.
        Assert.Equal(s.Swap.Slots, before.Swap.Used);
        Assert.Equal(before.Swap.Used - s.Swap.Used, released.Slots.Count);
        AssertMarksReleased(s);

        // A step that ends no process marks nothing.
        Assert.Null(before.Released);
        Assert.DoesNotContain(before.Frames.Rows, f => f.Marks.Contains("released"));
    }

    // Five heap pages written on three frames (two in swap, three in frames), then the step
    // `last`: its snapshot, and the one of the step before.
    private static (StepSnapshot After, StepSnapshot Before) FiveHeapPagesThen(string last)
    {
        var session = Open(Yaml($$"""
            machine: { frames: 3, swap: 8 }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 5, prot: rw- }
            script:
              - { touch: p, region: heap, pages: 0-4, access: write }
              - {{last}}
            """));
        return (session.Snapshot(session.LastStep), session.Snapshot(session.LastStep - 1));
    }

    [Theory]
    [InlineData("{ munmap: p, region: heap, pages: 0-2 }", "the munmap")]
    [InlineData("{ brk: p, pages: -3 }", "the brk")]
    public void An_unmapping_step_marks_the_frames_and_swap_slots_it_freed(string unmap, string cause)
    {
        // Unmapping pages 0 to 2 (or the brk taking the top three back) frees whatever of them is where.
        var (s, before) = FiveHeapPagesThen(unmap);

        var released = s.Released!;
        Assert.Equal(cause, released.Cause);
        Assert.Equal(3, before.Frames.Count - before.Frames.Free);
        Assert.Equal(s.Frames.Free - before.Frames.Free, released.Frames.Count);
        Assert.Equal(before.Swap.Used - s.Swap.Used, released.Slots.Count);
        Assert.Equal(3, released.Frames.Count + released.Slots.Count);
        AssertMarksReleased(s);
    }

    [Theory]
    [InlineData("{ exit: p }", "the exit")]
    [InlineData("{ touch: p, address: 0xdeadbeef }", "the SIGSEGV")]
    public void A_step_that_ends_a_process_marks_every_frame_and_swap_slot_it_held(string end, string cause)
    {
        var (s, before) = FiveHeapPagesThen(end);

        var released = s.Released!;
        Assert.Equal(cause, released.Cause);
        Assert.Equal([0, 1, 2], released.Frames);
        Assert.Equal(2, before.Swap.Used);
        Assert.Equal(2, released.Slots.Count);
        Assert.Equal(0, s.Swap.Used);
        AssertMarksReleased(s);
    }

    [Fact]
    public void A_frame_the_oom_kill_freed_and_the_faulting_access_took_at_once_is_counted_as_freed()
    {
        // No swap: the big process's six written pages cannot leave their frames. The small
        // process's third page finds none free, the OOM killer kills the big one, and the small
        // one's fault takes one of the six frames it freed.
        var yaml = """
            machine: { frames: 8, swap: 0 }
            processes:
              - name: big
                regions:
                  - { name: heap, start: 0x10000000, pages: 6, prot: rw- }
              - name: small
                regions:
                  - { name: heap, start: 0x20000000, pages: 3, prot: rw- }
            script:
              - { touch: big, region: heap, access: write }
              - { touch: small, region: heap, access: write }
            """;
        var session = Open(Yaml(yaml));
        var s = session.Snapshot(session.LastStep);
        var before = session.Snapshot(session.LastStep - 1);

        Assert.Equal("the OOM kill", s.Released!.Cause);
        var bigFrames = before.Frames.Rows.Where(f => f.Owner is { } o && o.Contains("big", StringComparison.Ordinal)).Select(f => f.Frame).ToArray();
        Assert.Equal(6, bigFrames.Length);
        Assert.Contains(s.Event.Frame!.Value, bigFrames);
        Assert.Equal(bigFrames, s.Released!.Frames);
        Assert.Equal(5, s.Frames.Free);
        AssertMarksReleased(s);
    }

    [Fact]
    public void The_narration_of_an_oom_kill_of_another_process_names_the_frames_the_view_marks_as_freed_before_the_page_brought_in()
    {
        // p's write to a swapped page finds every frame dirty and swap full: the OOM killer kills
        // c, and the page comes back into one of c's frames.
        var yaml = """
            machine: { frames: 3, swap: 2, policy: lru }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 4 }
            script:
              - { touch: p, region: heap, pages: 0-1, access: write }
              - { fork: p, child: c }
              - { touch: p, region: heap, pages: 0, access: write }
              - { touch: c, region: heap, pages: 0, access: write }
              - { touch: c, region: heap, pages: 2-3, access: write }
              - { touch: p, region: heap, pages: 1, access: write }
            """;
        var session = Open(Yaml(yaml));
        var s = session.Snapshot(session.LastStep);

        Assert.Equal("the OOM kill", s.Released!.Cause);
        Assert.Equal([0, 1, 2], s.Released.Frames);
        var text = string.Join(' ', s.Explanation);
        var freed = text.IndexOf("its frames 0, 1 and 2 were freed", StringComparison.Ordinal);
        var brought = text.IndexOf($"read the page back from swap slot 0 into frame {s.Event.Frame}", StringComparison.Ordinal);
        Assert.True(freed >= 0 && brought > freed, text);
    }

    [Fact]
    public void Frames_the_oom_kill_freed_for_a_page_read_and_then_copied_are_all_counted_as_freed()
    {
        // q's three dirty heap pages fill memory with no swap. p's write to its private file page
        // needs a frame to read the page into and one for its copy: the kill frees all three,
        // and the fault takes two of them at once.
        var yaml = """
            machine: { frames: 3, swap: 0 }
            processes:
              - name: q
                regions:
                  - { name: heap, start: 0x10000000, pages: 3, prot: rw- }
              - name: p
                regions:
                  - { name: data, start: 0x08000000, pages: 1, prot: rw-, file: data.bin }
            script:
              - { touch: q, region: heap, access: write }
              - { touch: p, region: data, pages: 0, access: write }
            """;
        var session = Open(Yaml(yaml));
        var s = session.Snapshot(session.LastStep);

        Assert.Equal("the OOM kill", s.Released!.Cause);
        Assert.Equal([0, 1, 2], s.Released.Frames);
        Assert.Equal(1, s.Frames.Free);
        AssertMarksReleased(s);
    }
}
