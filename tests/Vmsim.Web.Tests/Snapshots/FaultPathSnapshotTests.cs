using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

/// <summary>The step's fault path in the snapshot: the stages the page's Fault path panel lists.</summary>
public class FaultPathSnapshotTests
{
    private static string[] Kinds(StepSnapshot s) => [.. s.FaultPath!.Select(stage => stage.Kind)];

    private static string Stage(StepSnapshot s, string kind) => s.FaultPath!.Single(stage => stage.Kind == kind).Text;

    [Fact]
    public void A_swap_in_that_evicts_a_dirty_page_goes_through_every_stage_and_its_frame_stage_tells_the_write_back()
    {
        var session = Open(Example("demo"));
        var step = session.Find(0, "SwapIn", forward: true)!.Value;
        var s = session.Snapshot(step);

        Assert.Equal("major", s.Event.FaultClass);
        Assert.NotEmpty(s.Event.EvictedFrames);
        Assert.Equal(["tlb", "walk", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], Kinds(s));
        Assert.Equal(["TLB", "Walk", "Kernel", "Lookup", "Frame", "Fetch", "Page table", "Restart"], s.FaultPath!.Select(stage => stage.Label));
        Assert.StartsWith("PML4[0] → PDPT[0] → PD[128] → PT[0]: the entry is not present; it holds swap slot", Stage(s, "walk"), StringComparison.Ordinal);
        Assert.StartsWith("Swap cache: ", Stage(s, "lookup"), StringComparison.Ordinal);
        var frame = Stage(s, "frame");
        Assert.Matches(@"^none free, so reclaim: the fifo policy evicted page 0x20000 of P2 \(editor\) from frame (\d+), writing it to swap slot \d+ because it was dirty\..*The fault takes frame \1\.$", frame);
        Assert.Contains("the reverse map cleared the entry of P2 (editor) page 0x20000", frame, StringComparison.Ordinal);
        Assert.StartsWith("swap-in: ", Stage(s, "fetch"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cow_copy_found_in_the_tlb_has_no_walk_and_copies_into_a_frame_from_the_free_list()
    {
        var session = Open(Example("fork-cow"));
        var s = session.Snapshot(session.Find(0, "CowCopy", forward: true)!.Value);

        Assert.Equal(["tlb", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], Kinds(s));
        Assert.EndsWith("but the entry does not allow the write → page fault (write, user mode), without a walk.", Stage(s, "tlb"), StringComparison.Ordinal);
        Assert.Equal($"Copy-on-write: frame {s.Event.SourceFrame} is shared with P1 (parent) → copy it (minor fault).", Stage(s, "lookup"));
        Assert.Equal($"frame {s.Event.Frame} from the free list.", Stage(s, "frame"));
        Assert.Equal($"copy of frame {s.Event.SourceFrame} into frame {s.Event.Frame}.", Stage(s, "fetch"));
    }

    [Fact]
    public void A_sigsegv_ends_its_path_at_the_kernel_which_says_why()
    {
        var session = Open(Example("demo"));
        var s = session.Snapshot(session.Find(0, "SegvProtection", forward: true)!.Value);

        Assert.Equal(["tlb", "walk", "kernel"], Kinds(s));
        Assert.Contains("refuses the write (write to read-only memory) → SIGSEGV", Stage(s, "kernel"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tlb_hit_is_a_path_of_one_stage_and_a_hit_after_a_miss_ends_at_the_walk()
    {
        var session = Open(Example("fork-cow"));
        var hits = Enumerable.Range(0, session.LastStep + 1).Select(session.Snapshot).Where(s => s.Event.Type == "access" && s.Event.Fault == "None").ToArray();

        var tlbHit = hits.First(s => s.Event.TlbHit);
        Assert.Equal(["tlb"], Kinds(tlbHit));
        Assert.EndsWith("(hit): frame " + tlbHit.Event.Frame + ", and the entry allows the write. No fault, no walk.", Stage(tlbHit, "tlb"), StringComparison.Ordinal);
        var walked = hits.First(s => !s.Event.TlbHit);
        Assert.Equal(["tlb", "walk"], Kinds(walked));
        Assert.EndsWith("the TLB is filled with it. No fault.", Stage(walked, "walk"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_set_up_and_an_operation_have_no_path()
    {
        var session = Open(Example("fork-cow"));
        Assert.Null(session.Snapshot(0).FaultPath);
        var fork = Enumerable.Range(1, session.LastStep).Select(session.Snapshot).First(s => s.Event.Type == "operation");
        Assert.Equal("fork", fork.Event.Operation);
        Assert.Null(fork.FaultPath);
    }

    [Fact]
    public void Frames_reclaim_passed_over_are_marked_with_why_and_not_as_evicted()
    {
        var session = Open(Example("demo"));
        // The zero-fill after the swap-in: FIFO passes over the dirty anonymous pages swap has no room for.
        var step = session.Find(session.Find(0, "SwapIn", forward: true)!.Value, "eviction", forward: true)!.Value;
        var s = session.Snapshot(step);

        var evicted = Assert.Single(s.Event.EvictedFrames);
        var passed = s.Frames.Rows.Where(r => r.Marks.Contains("passed-over")).ToArray();
        Assert.Equal([0, 1, 2, 3, 5], passed.Select(r => r.Frame));
        Assert.All(passed, r => Assert.Equal("a dirty anonymous page, and no swap slot free", r.PassedOver));
        Assert.All(passed, r => Assert.DoesNotContain("evicted", r.Marks));
        Assert.DoesNotContain("passed-over", s.Frames.Rows.Single(r => r.Frame == evicted).Marks);
        Assert.Contains("passed over frames 5 and 0-3 (dirty anonymous pages, and no swap slot free)", string.Join(' ', s.Explanation), StringComparison.Ordinal);
        Assert.Contains("passed over frames 5 and 0-3", Stage(s, "frame"), StringComparison.Ordinal);

        // A step with no reclaim marks none.
        Assert.DoesNotContain(session.Snapshot(step - 1).Frames.Rows, r => r.Marks.Contains("passed-over") || r.PassedOver is not null);
    }
}
