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
}
