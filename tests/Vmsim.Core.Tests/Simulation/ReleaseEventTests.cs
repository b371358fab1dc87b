using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// The events of an exit, an munmap, a shrinking brk and a SIGSEGV carry what they freed and what
/// others keep, as the OOM kill's does; and an access whose fault ended its process keeps its region.
/// </summary>
public class ReleaseEventTests
{
    // Five heap pages written on three frames: pages 0 and 1 go to swap, 2 to 4 stay resident.
    private const string FiveOnThree = """
        machine: { frames: 3, swap: 8, policy: fifo }
        processes:
          - name: p
            regions:
              - { name: heap, start: 0x10000000, pages: 5, prot: rw- }
        script:
          - { touch: p, region: heap, pages: 0-4, access: write }

        """;

    // The recorded steps of FiveOnThree followed by the script lines `more`, invariants checked.
    private static StepRecorder FiveOnThreeThen(string more) =>
        RunRecorded(FiveOnThree + more, "release.yaml", checkInvariants: true).Recorder;

    private static OperationEvent LastOperation(StepRecorder recorder, string name) =>
        recorder.Steps.Last(s => s.Operation?.Operation == name).Operation!;

    [Fact]
    public void An_exit_carries_the_frames_and_swap_slots_it_freed()
    {
        var recorder = FiveOnThreeThen("  - { exit: p }\n");

        var freed = LastOperation(recorder, "exit").Freed!;
        Assert.Equal([0, 1, 2], freed.Frames.Select(f => f.Value));
        Assert.Equal([0, 1], freed.Slots.Select(s => s.Value));
        Assert.Empty(freed.KeptFrames);
        Assert.Empty(freed.KeptSlots);
    }

    [Fact]
    public void An_exit_of_a_parent_keeps_the_frames_its_child_still_maps()
    {
        var (_, recorder, _) = RunRecorded("""
            machine: { frames: 4, swap: 8 }
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x10000000, pages: 2, prot: rw- }
            script:
              - { touch: p, region: heap, access: write }
              - { fork: p, child: c }
              - { exit: p }
            """, "fork.yaml", checkInvariants: true);

        var freed = LastOperation(recorder, "exit").Freed!;
        Assert.Empty(freed.Frames);
        Assert.Equal([0, 1], freed.KeptFrames.Select(f => f.Value));
    }

    [Theory]
    [InlineData("  - { munmap: p, region: heap, pages: 1-2 }\n", "munmap")]
    [InlineData("  - { brk: p, pages: -4 }\n", "brk")]
    public void An_unmapping_carries_only_what_it_freed(string unmap, string operation)
    {
        // Page 1 is in swap slot 1 and page 2 in frame 2; the brk also takes pages 3 and 4, in frames 0 and 1.
        var recorder = FiveOnThreeThen(unmap);

        var freed = LastOperation(recorder, operation).Freed!;
        if (operation == "munmap")
        {
            Assert.Equal([2], freed.Frames.Select(f => f.Value));
            Assert.Equal([1], freed.Slots.Select(s => s.Value));
        }
        else
        {
            Assert.Equal([0, 1, 2], freed.Frames.Select(f => f.Value));
            Assert.Equal([1], freed.Slots.Select(s => s.Value));
        }
    }

    [Fact]
    public void A_growing_brk_frees_nothing()
    {
        var recorder = FiveOnThreeThen("  - { brk: p, pages: +2 }\n");

        var freed = LastOperation(recorder, "brk").Freed!;
        Assert.Empty(freed.Frames);
        Assert.Empty(freed.Slots);
    }

    [Fact]
    public void A_sigsegv_carries_what_the_end_of_its_process_freed_and_the_region_refused()
    {
        var recorder = FiveOnThreeThen("  - { mprotect: p, region: heap, pages: 4, prot: r-- }\n  - { touch: p, region: heap, pages: 4, access: write }\n");

        var access = recorder.Steps[^1].Access!.Value;
        Assert.Equal(FaultKind.SegvProtection, access.Fault);
        Assert.Equal([0, 1, 2], access.Freed!.Frames.Select(f => f.Value));
        Assert.Equal([0, 1], access.Freed.Slots.Select(s => s.Value));
        Assert.Equal("heap", access.Region!.Name);
        Assert.StartsWith("P1 (p) wrote address 0x10004000 (heap, r--): write to read-only memory, so the kernel sent SIGSEGV", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_access_that_ends_no_process_carries_nothing_freed()
    {
        var recorder = FiveOnThreeThen(string.Empty);

        Assert.All(recorder.Steps.Where(s => s.Access is not null), s => Assert.Null(s.Access!.Value.Freed));
        Assert.All(recorder.Steps.Where(s => s.Access is not null), s => Assert.Equal("heap", s.Access!.Value.Region!.Name));
    }
}
