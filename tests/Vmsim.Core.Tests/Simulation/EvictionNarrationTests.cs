using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// What an eviction tells its observers and how the narration says it: every page-table
/// entry the reverse map found and cleared, and the page's file when it was cached.
/// </summary>
public class EvictionNarrationTests
{
    private static (Machine Machine, StepRecorder Recorder) Recorded(int frames)
    {
        var machine = new Machine(Checked(frames: frames));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        return (machine, recorder);
    }

    [Fact]
    public void A_file_page_two_processes_map_is_unmapped_from_both_and_the_narration_names_both()
    {
        var (machine, recorder) = Recorded(frames: 1);
        var writer = machine.Spawn("writer");
        var reader = machine.Spawn("reader");
        machine.Mmap(writer, new PageNumber(0x100), 1, Protection.Read, file: "data.db", shared: true);
        machine.Mmap(reader, new PageNumber(0x700), 1, Protection.Read, file: "data.db", shared: true);
        machine.Mmap(writer, new PageNumber(0x200), 1, Protection.ReadWrite);
        machine.Access(writer, Page(machine, 0x100), AccessKind.Read);
        machine.Access(reader, Page(machine, 0x700), AccessKind.Read); // the same frame, from the page cache
        machine.Access(writer, Page(machine, 0x200), AccessKind.Write); // evicts it

        var step = recorder.Steps[^1];
        var eviction = Assert.Single(step.Evictions);
        Assert.Equal(
            [new MappedPage(writer.Pid, new PageNumber(0x100)), new MappedPage(reader.Pid, new PageNumber(0x700))],
            eviction.Unmapped.OrderBy(m => m.Pid));
        Assert.Equal(0, eviction.FilePage);
        Assert.Equal("data.db", machine.Kernel.Files[eviction.FileId].Name);
        Assert.Contains($"evicted page 0x100 of {writer} from frame 0", step.Explanation);
        Assert.Contains($"through the reverse map also unmapped it from {reader} (its page 0x700)", step.Explanation);
    }

    [Fact]
    public void An_anonymous_page_kept_in_the_swap_cache_for_another_entry_is_named_by_its_slot()
    {
        // Three frames, FIFO: page 0 goes to swap, the child copies it on a write (the original
        // stays in the swap cache for the parent's entry), and two more pages push it out.
        var machine = new Machine(Checked(frames: 3, policy: "fifo"));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0), 8, Protection.ReadWrite);
        for (ulong p = 0; p < 4; p++)
        {
            machine.Access(parent, Page(machine, p), AccessKind.Write);
        }

        var child = machine.Fork(parent);
        machine.Access(child, Page(machine, 0), AccessKind.Write);
        var slot = parent.AddressSpace.PageTable.Walk(new PageNumber(0), alloc: false, out _).Entry.Slot;
        var cached = machine.Kernel.Swap.CachedFrame(slot);
        var evictions = new List<EvictionEvent>();
        var explanations = new List<string>();
        for (ulong p = 4; p < 6 && machine.Kernel.Swap.CachedFrame(slot).IsValid; p++)
        {
            machine.Access(parent, Page(machine, p), AccessKind.Write);
            evictions.AddRange(recorder.Steps[^1].Evictions);
            explanations.Add(recorder.Steps[^1].Explanation);
        }

        var eviction = Assert.Single(evictions, e => e.Frame == cached);
        Assert.Empty(eviction.Unmapped);
        Assert.False(eviction.Dirty);
        Assert.Contains(explanations, x => x.Contains($"the swap cache's page of slot {slot} from frame {cached} (no process mapped it any more), without writing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_dropped_unwritten_and_touched_again_is_zero_filled_again_without_being_called_new()
    {
        var (machine, recorder) = Recorded(frames: 1);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x10), 2, Protection.ReadWrite, name: "heap");
        machine.Access(p, Page(machine, 0x10), AccessKind.Read);
        machine.Access(p, Page(machine, 0x11), AccessKind.Read); // drops page 0x10: never written
        machine.Access(p, Page(machine, 0x10), AccessKind.Read);

        var again = recorder.Steps[^1];
        Assert.Equal(FaultKind.ZeroFill, again.Access!.Value.Fault);
        Assert.Contains("read page 0x10 (heap, rw-): not present, so a page fault. It is anonymous memory with nothing written to it yet", again.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("first time", again.Explanation, StringComparison.Ordinal);
        Assert.Contains("dropping it since it was never written", recorder.Steps[^2].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cached_file_page_that_no_process_maps_is_named_by_its_file()
    {
        var (machine, recorder) = Recorded(frames: 1);
        var p = machine.Spawn("p");
        machine.Mmap(p, new PageNumber(0x100), 4, Protection.Read, file: "lib.so", filePage: 2);
        machine.Mmap(p, new PageNumber(0x200), 1, Protection.ReadWrite);
        machine.Access(p, Page(machine, 0x101), AccessKind.Read); // page 3 of the file
        machine.Munmap(p, new PageNumber(0x100), 4); // stays in the page cache
        machine.Access(p, Page(machine, 0x200), AccessKind.Write);

        var step = recorder.Steps[^1];
        var eviction = Assert.Single(step.Evictions);
        Assert.Empty(eviction.Unmapped);
        Assert.Equal(3, eviction.FilePage);
        Assert.Contains("evicted page 3 of file 'lib.so' from frame 0, which no process mapped any more, dropping it", step.Explanation);
    }

    [Fact]
    public void A_page_whose_loader_has_exited_is_named_as_the_process_still_mapping_it()
    {
        var (machine, recorder) = Recorded(frames: 2);
        var parent = machine.Spawn("parent");
        machine.Mmap(parent, new PageNumber(0x10), 1, Protection.ReadWrite);
        machine.Access(parent, Page(machine, 0x10), AccessKind.Write);
        var child = machine.Fork(parent, "child");
        machine.Exit(parent);
        machine.Mmap(child, new PageNumber(0x20), 2, Protection.ReadWrite);
        machine.Access(child, Page(machine, 0x20), AccessKind.Write);
        machine.Access(child, Page(machine, 0x21), AccessKind.Write); // evicts the page the parent loaded

        var step = recorder.Steps[^1];
        var eviction = Assert.Single(step.Evictions);
        Assert.Equal(parent.Pid, eviction.Owner);
        Assert.Equal([new MappedPage(child.Pid, new PageNumber(0x10))], eviction.Unmapped);
        Assert.Equal(-1, eviction.FileId);
        Assert.Contains($"evicted page 0x10 of {child} from frame 0, writing it to swap slot", step.Explanation);
        Assert.DoesNotContain("reverse map also", step.Explanation);
    }

    // Runs a scenario, checking invariants: its last step, and the one eviction that step made.
    private static (RecordedStep Step, EvictionEvent Eviction) LastEviction(string yaml)
    {
        var (_, recorder, _) = RunRecorded(yaml, "evictions.yaml", checkInvariants: true);
        var step = recorder.Steps[^1];
        return (step, Assert.Single(step.Evictions));
    }

    [Fact]
    public void A_process_at_its_local_quota_with_frames_free_is_told_it_gave_up_its_own_page_for_its_quota()
    {
        // p may hold two of the eight frames: its third page takes the place of its first, while
        // five frames stay free.
        var (step, eviction) = LastEviction("""
            machine: { frames: 8, swap: 8, policy: lru, scope: local }
            processes:
              - name: p
                quota: 2
                regions:
                  - { name: heap, start: 0x10000000, pages: 3, prot: rw- }
              - name: q
                regions:
                  - { name: data, start: 0x20000000, pages: 1, prot: rw- }
            script:
              - { touch: q, region: data, pages: 0, access: write }
              - { touch: p, region: heap, pages: 0-2, access: write }
            """);

        Assert.Equal(EvictionCause.AtQuota, eviction.Cause);
        Assert.Equal(2, eviction.Quota);
        Assert.Contains(
            "so the kernel freed a frame first (P1 (p) held its quota of 2 frames, so under local replacement the lru policy passed over frame 0 (another process's page) and evicted page 0x10000 of P1 (p) from frame 1, writing it to swap slot 0 because it was dirty), then gave it frame 1",
            step.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("none was free", step.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_below_its_local_quota_that_finds_memory_full_is_told_the_page_came_from_one_over_its_quota()
    {
        // p fills the four frames alone; once q is spawned each may hold two, so q's first page
        // finds memory full and takes one of p's, p being over its quota.
        var (step, eviction) = LastEviction("""
            machine: { frames: 4, swap: 8, policy: lru, scope: local }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
            script:
              - { touch: p, region: heap, access: write }
              - { spawn: q, regions: [ { name: data, start: 0x20000000, pages: 1, prot: rw- } ] }
              - { touch: q, region: data, pages: 0, access: write }
            """);

        Assert.Equal(EvictionCause.OverQuota, eviction.Cause);
        Assert.Equal(2, eviction.Quota);
        Assert.Contains(
            "freed a frame first (none was free, and P2 (q) was below its quota of 2 frames, so the page came from a process holding more than its own quota: the lru policy evicted page 0x10000 of P1 (p) from frame 0",
            step.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_eviction_under_global_replacement_is_for_memory_full_with_no_quota()
    {
        var (step, eviction) = LastEviction("""
            machine: { frames: 2, swap: 8, policy: lru }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 3, prot: rw- }
            script:
              - { touch: p, region: heap, access: write }
            """);

        Assert.Equal(EvictionCause.MemoryFull, eviction.Cause);
        Assert.Equal(0, eviction.Quota);
        Assert.Contains("freed a frame first (none was free: the lru policy evicted page 0x10000 of P1 (p) from frame 0", step.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_below_its_local_quota_when_the_quotas_overcommit_memory_is_told_it_gave_up_its_own_page()
    {
        // Quotas of three each on four frames: p holds three, q one, and q's second page finds
        // memory full with nobody over quota, so q gives up its own.
        var (step, eviction) = LastEviction("""
            machine: { frames: 4, swap: 8, policy: lru, scope: local }
            processes:
              - name: p
                quota: 3
                regions:
                  - { name: heap, start: 0x10000000, pages: 3, prot: rw- }
              - name: q
                quota: 3
                regions:
                  - { name: data, start: 0x20000000, pages: 2, prot: rw- }
            script:
              - { touch: p, region: heap, access: write }
              - { touch: q, region: data, access: write }
            """);

        Assert.Equal(EvictionCause.OwnPage, eviction.Cause);
        Assert.Contains(
            "freed a frame first (none was free, and P2 (q) was below its quota of 3 frames and no process held more than its own (the quotas add up to more than memory), so it gave up a page of its own: the lru policy passed over frames 0, 1 and 2 (other processes' pages) and evicted page 0x20000 of P2 (q) from frame 3",
            step.Explanation, StringComparison.Ordinal);
    }
}
