using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Tests.Replacement;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// Denning's working-set policy through the whole machine: each process's resident set is
/// its working set W(t, tau), the pages of its own last tau references, so with memory to
/// spare a reference faults exactly when its page is not in W(t - 1, tau). The expected
/// working sets are counted here from each process's history, independently of the policy.
/// </summary>
public class WorkingSetPolicyTests
{
    private const ulong Base = 0x100;

    public static TheoryData<long> Windows() => [1, 2, 3, 5, 8, 25];

    // W(t, tau) by brute force: the distinct pages among the last tau references of a history.
    private static HashSet<ulong> WorkingSetOf(List<ulong> history, long tau) =>
        [.. history.Skip(Math.Max(0, history.Count - (int)tau))];

    // A checked machine running ws with window tau.
    private static MachineConfig Ws(int frames, long tau, int swap = 16) =>
        Checked(frames, "ws", swap) with { PolicyOptions = new PolicyOptions { WorkingSetWindow = tau } };

    // A checked machine running ws with window tau; each process maps a file of its own
    // (or the one named for it), shared, over its pages, so that every first touch and
    // every refault is a fault.
    private static (Machine Machine, Process[] Processes) Machine(int processes, int frames, long tau, int pages = 64, params string[] files)
    {
        var machine = new Machine(Ws(frames, tau, swap: 64));
        var spawned = new Process[processes];
        for (var i = 0; i < processes; i++)
        {
            spawned[i] = machine.Spawn($"p{i}");
            machine.Mmap(spawned[i], new PageNumber(Base), (ulong)pages, Protection.ReadWrite, file: i < files.Length ? files[i] : $"data{i}", shared: true);
        }

        return (machine, spawned);
    }

    // A ws machine with a recorder, and one process with anonymous memory over pages 0 to 3.
    private static (Machine Machine, StepRecorder Recorder, Process Process) Recorded(int frames, long tau)
    {
        var machine = new Machine(Ws(frames, tau, swap: 8));
        var recorder = new StepRecorder();
        recorder.Attach(machine);
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(0), 4, Protection.ReadWrite);
        return (machine, recorder, process);
    }

    private static FaultKind Touch(Machine machine, Process process, ulong page, bool write = false) =>
        machine.Access(process, Page(machine, Base + page), write ? AccessKind.Write : AccessKind.Read);

    // The pages of process in memory now, by the frames' records.
    private static HashSet<ulong> ResidentPagesOf(Machine machine, Process process)
    {
        var pages = new HashSet<ulong>();
        for (var f = 0; f < machine.Config.Frames; f++)
        {
            ref var record = ref machine.Kernel.Frames[new FrameNumber(f)];
            if (record.Use != FrameUse.Free && record.Owner == process.Pid)
            {
                pages.Add(record.OwnerPage.Value - Base);
            }
        }

        return pages;
    }

    // Plays references on process; returns how many were outside W(t - 1, tau), counted from
    // the history, which afterEach sees after each reference.
    private static int Play(Machine machine, Process process, IEnumerable<Reference> references, long tau, Action<List<ulong>>? afterEach = null)
    {
        var history = new List<ulong>();
        var outside = 0;
        foreach (var reference in references)
        {
            var page = (ulong)reference.Page;
            outside += WorkingSetOf(history, tau).Contains(page) ? 0 : 1;
            history.Add(page);
            Touch(machine, process, page, reference.Write);
            afterEach?.Invoke(history);
        }

        return outside;
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void With_memory_to_spare_a_reference_faults_exactly_when_its_page_is_not_in_the_previous_working_set(long tau)
    {
        for (var seed = 1; seed <= 6; seed++)
        {
            var (machine, processes) = Machine(1, frames: 20, tau);
            var expected = Play(machine, processes[0], ReferenceStrings.Random(seed, 300, 16), tau);
            Assert.True(expected == machine.Counters.Faults, $"tau {tau}, seed {seed}: {machine.Counters.Faults} faults, {expected} references outside W(t-1, tau)");
        }
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void After_each_reference_the_resident_set_is_the_working_set(long tau)
    {
        var (machine, processes) = Machine(1, frames: 20, tau);
        Play(machine, processes[0], ReferenceStrings.Random(7, 300, 16), tau, history =>
            Assert.True(WorkingSetOf(history, tau).SetEquals(ResidentPagesOf(machine, processes[0])),
                $"tau {tau}, after reference {history.Count}: resident {string.Join(' ', ResidentPagesOf(machine, processes[0]).Order())}, W {string.Join(' ', WorkingSetOf(history, tau).Order())}"));

        Assert.Equal(0, ((WorkingSet)machine.Kernel.Policy).VictimsInsideWindow);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void Each_process_keeps_its_own_working_set_in_its_own_references(long tau)
    {
        // Three processes take turns in runs of 1 to 30 references; each one's window counts
        // its own references only, so a process off the CPU keeps its working set.
        var random = new Random(5);
        var (machine, processes) = Machine(3, frames: 60, tau, pages: 16);
        var strings = processes.Select((_, i) => ReferenceStrings.Random(20 + i, 600, 16)).ToArray();
        var histories = processes.Select(_ => new List<ulong>()).ToArray();
        var expected = new long[processes.Length];
        var made = new int[processes.Length];
        while (made.Any(m => m < 600))
        {
            var i = random.Next(processes.Length);
            for (var n = random.Next(1, 31); n > 0 && made[i] < 600; n--, made[i]++)
            {
                var reference = strings[i][made[i]];
                var page = (ulong)reference.Page;
                expected[i] += WorkingSetOf(histories[i], tau).Contains(page) ? 0 : 1;
                histories[i].Add(page);
                Touch(machine, processes[i], page, reference.Write);
                for (var p = 0; p < processes.Length; p++)
                {
                    Assert.True(WorkingSetOf(histories[p], tau).SetEquals(ResidentPagesOf(machine, processes[p])),
                        $"tau {tau}: resident set of {processes[p]} after {histories[p].Count} of its references is not its working set");
                }
            }
        }

        Assert.Equal(expected, processes.Select(p => p.Counters.Faults));
        Assert.Equal(histories.Select(h => (long)h.Count), processes.Select(p => ((WorkingSet)machine.Kernel.Policy).VirtualTimeOf(p.Pid)));
    }

    [Fact]
    public void A_process_that_is_not_running_keeps_its_working_set()
    {
        // tau = 3: P0's working set is {1, 2, 3} when P1 takes the CPU for a hundred references
        // of its own; P0's time has not moved, so its pages are still resident and hit.
        var (machine, processes) = Machine(2, frames: 16, tau: 3);
        foreach (var page in new ulong[] { 1, 2, 3 })
        {
            Touch(machine, processes[0], page);
        }

        for (var i = 0; i < 100; i++)
        {
            Touch(machine, processes[1], (ulong)(i % 7));
        }

        Assert.Equal([1UL, 2, 3], ResidentPagesOf(machine, processes[0]).Order().ToArray());
        Assert.Equal(FaultKind.None, Touch(machine, processes[0], 1));
        Assert.Equal(FaultKind.None, Touch(machine, processes[0], 2));
        Assert.Equal(3, processes[0].Counters.Faults);
    }

    [Fact]
    public void A_page_two_processes_share_stays_while_either_working_set_holds_it()
    {
        // tau = 2, both processes map file "shared". P0 and then P1 read its page 1 (one frame,
        // the page cache's). P1 moves on to 4 and 5: page 1 has left P1's working set, not
        // P0's, whose time has not moved. Only when P0 too moves on (to 2 and 3) does it go.
        var (machine, processes) = Machine(2, frames: 16, tau: 2, pages: 8, "shared", "shared");
        var (p0, p1) = (processes[0], processes[1]);
        Touch(machine, p0, 1);
        Touch(machine, p1, 1);
        Touch(machine, p1, 4);
        Touch(machine, p1, 5);
        Assert.Equal(0, machine.Counters.Evictions);

        Touch(machine, p0, 2);
        Touch(machine, p0, 3);
        Assert.Equal(1, machine.Counters.Evictions);
        Assert.Equal(FaultKind.FileRead, Touch(machine, p1, 1));
    }

    [Fact]
    public void A_page_whose_processes_ended_stays_until_a_frame_is_needed_and_then_goes_first()
    {
        // 3 frames, tau = 100. P1 reads a and b of its file; P0 reads page 1 of another and
        // exits: the page stays in the page cache, in no working set. P1's third page needs a
        // frame: the orphan goes, though a is the least recently used.
        var (machine, processes) = Machine(2, frames: 3, tau: 100, pages: 8);
        var (p0, p1) = (processes[0], processes[1]);
        Touch(machine, p1, 0);
        Touch(machine, p1, 1);
        Touch(machine, p0, 1);
        machine.Exit(p0);
        Assert.Equal(0, machine.Counters.Evictions);
        Assert.Equal(3, machine.Config.Frames - machine.Kernel.Frames.FreeCount);

        Touch(machine, p1, 2);
        Assert.Equal([0UL, 1, 2], ResidentPagesOf(machine, p1).Order().ToArray());
        Assert.Equal(0, ((WorkingSet)machine.Kernel.Policy).VictimsInsideWindow);
    }

    [Fact]
    public void The_window_changes_the_fault_count()
    {
        // Belady's string with 6 frames, enough for all 5 pages: LRU faults only on the 5 first
        // touches. With a window of 1 every reference to another page than the last faults; with
        // 3, the references outside the last three; a window longer than the string is LRU.
        static long Faults(long tau) => ReferenceStringRun.Run(ReferenceString.Parse(Belady),
            Ws(6, tau)).Counters.Faults;

        Assert.Equal(12, Faults(1));
        Assert.Equal(10, Faults(3));
        Assert.Equal(5, Faults(1000));
        Assert.Equal(5, TestMachines.Faults(Belady, 6, "lru"));
    }

    [Fact]
    public void Pages_that_left_the_working_set_are_counted_as_evictions_with_frames_to_spare()
    {
        // tau = 2 over "1 2 3 1": 1 leaves after 3, 2 after the second 1; 16 frames, never short.
        var (machine, processes) = Machine(1, frames: 16, tau: 2);
        foreach (var page in new ulong[] { 1, 2, 3, 1 })
        {
            Touch(machine, processes[0], page);
        }

        var policy = (WorkingSet)machine.Kernel.Policy;
        Assert.Equal(2, machine.Counters.Evictions);
        Assert.Equal(2, policy.Departures);
        Assert.Equal(0, policy.VictimsInsideWindow);
        Assert.Equal(4, machine.Counters.Faults);
        Assert.Equal(14, machine.Kernel.Frames.FreeCount);
    }

    [Fact]
    public void A_dirty_page_that_leaves_its_working_set_is_written_back()
    {
        // tau = 2, anonymous memory: page 0 written, then 1 and 2 read; 0 leaves after 2 and,
        // dirty, goes to swap. Reading it again is a swap-in of what was written.
        var (machine, recorder, process) = Recorded(16, tau: 2);
        machine.Access(process, Page(machine, 0), AccessKind.Write);
        machine.Access(process, Page(machine, 1), AccessKind.Read);
        machine.Access(process, Page(machine, 2), AccessKind.Read);

        var eviction = Assert.Single(recorder.Steps[^1].Evictions);
        Assert.True(eviction.Departure);
        Assert.True(eviction.Dirty);
        Assert.Equal(new PageNumber(0), eviction.Page);
        Assert.Equal(1, machine.Counters.Writebacks);
        Assert.Equal(1, machine.Counters.SwapOuts);
        Assert.Contains("Then the ws policy evicted page 0x0 of", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
        Assert.Contains("which had left the working set, writing it to swap slot 0 because it was dirty", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("none was free", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
        Assert.Equal(FaultKind.SwapIn, machine.Access(process, Page(machine, 0), AccessKind.Read));
    }

    [Fact]
    public void A_victim_taken_for_a_fault_is_not_narrated_as_leaving_the_working_set()
    {
        // tau = 10 over a loop of 4 pages with 3 frames: every page stays in the working set, so
        // each fault's victim is reclaim's, the least recently used, inside the window.
        var (machine, recorder, process) = Recorded(3, tau: 10);
        foreach (var page in new ulong[] { 0, 1, 2, 3 })
        {
            machine.Access(process, Page(machine, page), AccessKind.Read);
        }

        var eviction = Assert.Single(recorder.Steps[^1].Evictions);
        Assert.False(eviction.Departure);
        Assert.Contains("none was free: the ws policy evicted page 0x0 of", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("left the working set", recorder.Steps[^1].Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 6)]
    [InlineData(3, 10)]
    [InlineData(5, 8)]
    public void Under_a_frame_limit_below_the_working_set_the_least_recently_used_page_goes(int frames, long tau)
    {
        // Working sets larger than memory: each fault still needs a victim, and ws takes LRU's,
        // counting it as taken from inside a working set. What stays resident is always within
        // the working set, and every reference outside the working set still faults.
        for (var seed = 1; seed <= 4; seed++)
        {
            var (machine, processes) = Machine(1, frames, tau, pages: 16);
            var outside = Play(machine, processes[0], ReferenceStrings.Random(seed, 300, 16), tau, history =>
                Assert.Subset(WorkingSetOf(history, tau), ResidentPagesOf(machine, processes[0])));

            var policy = (WorkingSet)machine.Kernel.Policy;
            Assert.True(policy.VictimsInsideWindow > 0, $"seed {seed}: the working sets fit");
            Assert.Equal(machine.Counters.Evictions, policy.VictimsInsideWindow + policy.VictimsOutsideWindow + policy.Departures);
            Assert.True(machine.Counters.Faults >= outside, $"seed {seed}: {machine.Counters.Faults} faults, fewer than the {outside} references outside the working set");
        }
    }

    [Fact]
    public void When_no_page_leaves_its_working_set_the_fallback_is_lru()
    {
        // tau = 10 over a loop of 6 pages: every page stays in the working set. With 4 frames
        // ws faults as LRU does, every victim taken from inside the window.
        var loop = string.Join(' ', Enumerable.Repeat("1 2 3 4 5 6", 10));
        var machine = ReferenceStringRun.Run(ReferenceString.Parse(loop),
            Ws(4, tau: 10));
        var policy = (WorkingSet)machine.Kernel.Policy;

        Assert.Equal(TestMachines.Faults(loop, 4, "lru"), machine.Counters.Faults);
        Assert.Equal(machine.Counters.Evictions, policy.VictimsInsideWindow);
        Assert.Equal(0, policy.Departures);
    }

    // A checked ws machine with processes that each map pages 0 to 7 of Base as anonymous private memory.
    private static (Machine Machine, Process[] Processes) Anonymous(int processes, int frames, long tau, int swap = 64)
    {
        var machine = new Machine(Ws(frames, tau, swap));
        var spawned = new Process[processes];
        for (var i = 0; i < processes; i++)
        {
            spawned[i] = machine.Spawn($"p{i}");
            machine.Mmap(spawned[i], new PageNumber(Base), 8, Protection.ReadWrite);
        }

        return (machine, spawned);
    }

    // Reads of the pages given, each by its process, in order.
    private static void Reads(Machine machine, params (Process Process, ulong Page)[] reads)
    {
        foreach (var (process, page) in reads)
        {
            Touch(machine, process, page);
        }
    }

    // A parent that wrote its anonymous page 0 and then forked a child, which shares it copy-on-write.
    private static (Machine Machine, Process Parent, Process Child) ForkedAfterWrite(long tau)
    {
        var (machine, processes) = Anonymous(1, frames: 32, tau);
        Touch(machine, processes[0], 0, write: true);
        return (machine, processes[0], machine.Fork(processes[0], "child"));
    }

    [Fact]
    public void A_fault_takes_the_faulting_process_page_that_leaves_its_window_rather_than_another_process_page()
    {
        // 4 frames, tau 2. B touches 0 1, A touches 0 1: memory is full. A's reference to 2 is its
        // third, and its page 0 leaves W(3, 2) = {1, 2} with it: that page makes room, and B's
        // working set {0, 1} stays whole, so B's next references hit.
        var (machine, processes) = Machine(2, frames: 4, tau: 2);
        var (a, b) = (processes[0], processes[1]);
        Reads(machine, (b, 0), (b, 1), (a, 0), (a, 1), (a, 2));
        Assert.Equal(FaultKind.None, Touch(machine, b, 0));
        Assert.Equal(FaultKind.None, Touch(machine, b, 1));
        Assert.Equal(0, ((WorkingSet)machine.Kernel.Policy).VictimsInsideWindow);
    }

    [Fact]
    public void A_shared_page_that_leaves_one_process_window_is_unmapped_from_it_and_stays_for_the_other()
    {
        // tau 2, Q and P share a file. Both read page 0; Q then reads 1 and 2, so page 0 leaves
        // Q's working set but not P's: Q's next read of it faults (from the page cache), P's hits.
        var (machine, processes) = Machine(2, frames: 32, tau: 2, files: ["data", "data"]);
        var (q, p) = (processes[0], processes[1]);
        Reads(machine, (q, 0), (p, 0), (q, 1), (q, 2));
        Assert.Equal(FaultKind.None, Touch(machine, p, 0));
        Assert.Equal(FaultKind.PageCache, Touch(machine, q, 0));
    }

    [Fact]
    public void A_copy_on_write_page_a_child_still_maps_leaves_with_its_parent()
    {
        // The parent writes page 0 and forks; the child maps it copy-on-write but has not
        // referenced it. When the parent exits, no working set holds the page and the child
        // maps it: it leaves, and the child's first reference faults (W of the child is empty).
        var (machine, parent, child) = ForkedAfterWrite(tau: 3);
        machine.Exit(parent);
        Assert.Equal(FaultKind.SwapIn, Touch(machine, child, 0));
    }

    [Fact]
    public void A_file_page_nobody_maps_stays_cached_when_its_reader_exits()
    {
        var (machine, processes) = Machine(2, frames: 32, tau: 3, files: ["data", "data"]);
        Touch(machine, processes[0], 0);
        machine.Exit(processes[0]);
        Assert.Equal(0, machine.Counters.Evictions);
        Assert.Equal(FaultKind.PageCache, Touch(machine, processes[1], 0));
    }

    [Fact]
    public void A_copy_on_write_writer_holds_its_copy_and_not_the_page_it_copied()
    {
        // tau 2. The parent writes page 0 and forks; the child reads it, then writes it and gets
        // a copy. The parent then touches 1 and 2: the original page leaves the parent's working
        // set, and since the child holds its copy, not the original, it leaves memory (written
        // to swap), so the parent's read of it is a swap-in.
        var (machine, parent, child) = ForkedAfterWrite(tau: 2);
        Assert.Equal(FaultKind.None, Touch(machine, child, 0));
        Assert.Equal(FaultKind.CowCopy, Touch(machine, child, 0, write: true));
        Touch(machine, parent, 1);
        Touch(machine, parent, 2);
        Assert.Equal(FaultKind.SwapIn, Touch(machine, parent, 0));
    }

    [Fact]
    public void A_write_to_a_private_file_page_holds_the_copy_and_leaves_the_file_page_to_the_cache()
    {
        // tau 2. P writes page 0 of a private mapping of /data: the fault reads the file page and
        // copies it, and P references the copy alone. Q maps /data shared and reads 0, 1, 2: page
        // 0 leaves Q's working set and, held by no other, memory; Q's next read of it reads the file.
        var machine = new Machine(Ws(32, 2, swap: 64));
        var p = machine.Spawn("P");
        machine.Mmap(p, new PageNumber(Base), 4, Protection.ReadWrite, file: "data");
        var q = machine.Spawn("Q");
        machine.Mmap(q, new PageNumber(Base), 4, Protection.ReadWrite, file: "data", shared: true);
        Touch(machine, p, 0, write: true);
        Touch(machine, q, 0);
        Touch(machine, q, 1);
        Touch(machine, q, 2);
        Assert.Equal(FaultKind.FileRead, Touch(machine, q, 0));
    }

    [Fact]
    public void Dirty_pages_that_cannot_leave_for_want_of_swap_stay_resident_and_leave_once_a_slot_is_free()
    {
        // No swap: written anonymous pages that leave the working set cannot be written, so they
        // stay, shown as such; the faults are those of the working set all the same.
        var (machine, processes) = Anonymous(1, frames: 32, tau: 2, swap: 0);
        var process = processes[0];
        Touch(machine, process, 0, write: true);
        Touch(machine, process, 1);
        Touch(machine, process, 2);
        Assert.Equal(0, machine.Counters.Evictions);
        var view = machine.Kernel.Policy.Inspect();
        Assert.Contains(view.Order, n => n.Note!.Contains("no swap slot is free", StringComparison.Ordinal));
        Assert.Equal(FaultKind.None, Touch(machine, process, 0));
    }
}
