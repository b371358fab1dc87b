using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Storage;

namespace Vmsim.Core.Kernel;

/// <summary>
/// The simulated operating system's memory manager: the process table, the page cache,
/// the reverse map, the swap device and the replacement policy, with the primitives that
/// map and unmap pages. Page faults go to <see cref="FaultHandler"/>, frame shortage to
/// <see cref="Reclaimer"/>; the system calls are in the other parts of this class.
/// </summary>
public sealed partial class Kernel
{
    // Pids are handed out 1, 2, 3, ...: the process of pid p is _processes[p - 1], found
    // without hashing on the fault and eviction paths.
    private readonly List<Process> _processes = [];

    // Kept as processes start and end: local replacement reads it on every allocation.
    private int _running;

    // Which frames the policy has been told of: a frame filled by a fault whose process
    // the OOM killer then killed is released before the policy hears of its load.
    private readonly bool[] _policyHolds;

    // Shared memory freed by the operation under way, told after the operation's own event.
    private readonly List<OperationEvent> _freedShmem = [];

    internal Kernel(MachineConfig config, IReplacementPolicy policy, Tlb tlb, Counters counters, VirtualClock clock)
    {
        Config = config;
        Geometry = config.Geometry;
        Frames = new FrameTable(config.Frames);
        ReverseMap = new ReverseMap(config.Frames);
        Swap = new SwapDevice(config.SwapSlots);
        Files = new FileSystem();
        PageCache = new PageCache();
        Tlb = tlb;
        Counters = counters;
        Clock = clock;
        Policy = policy;
        _policyHolds = new bool[config.Frames];
        Reclaimer = new Reclaimer(this);
        FaultHandler = new FaultHandler(this);
        OomKiller = new OomKiller(this);
        policy.Attach(Reclaimer);
    }

    /// <summary>The machine's configuration.</summary>
    public MachineConfig Config { get; }

    /// <summary>The page geometry of every address space.</summary>
    public PageGeometry Geometry { get; }

    /// <summary>Physical frames.</summary>
    public FrameTable Frames { get; }

    /// <summary>Who maps each frame.</summary>
    public ReverseMap ReverseMap { get; }

    /// <summary>The swap device.</summary>
    public SwapDevice Swap { get; }

    /// <summary>The files processes may map.</summary>
    public FileSystem Files { get; }

    /// <summary>Resident file pages.</summary>
    public PageCache PageCache { get; }

    /// <summary>The TLB, which the kernel keeps coherent by invalidating entries whenever it changes a PTE.</summary>
    public Tlb Tlb { get; }

    /// <summary>The replacement policy.</summary>
    public IReplacementPolicy Policy { get; }

    /// <summary>Machine-wide counts.</summary>
    public Counters Counters { get; }

    /// <summary>Every process ever created, in pid order.</summary>
    public IReadOnlyList<Process> Processes => _processes;

    /// <summary>Where listeners hear of what happens; null when nobody listens.</summary>
    public IMachineObserver? Observer
    {
        get => _observer;
        set
        {
            _observer = value;
            NotesBitClears = value?.HearsBitClears ?? false;
        }
    }

    private IMachineObserver? _observer;

    /// <summary>True when the observer hears of bit clears (<see cref="IMachineObserver.HearsBitClears"/>), read once when it is attached.</summary>
    internal bool NotesBitClears { get; private set; }

    /// <summary>The page-fault handler.</summary>
    public FaultHandler FaultHandler { get; }

    /// <summary>Reclaim: finds frames when the free list is empty.</summary>
    public Reclaimer Reclaimer { get; }

    /// <summary>The out-of-memory killer.</summary>
    public OomKiller OomKiller { get; }

    internal VirtualClock Clock { get; }

    /// <summary>The process with that pid, or null.</summary>
    public Process? FindProcess(int pid) => (uint)(pid - 1) < (uint)_processes.Count ? _processes[pid - 1] : null;

    /// <summary>Creates a process with an empty address space.</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="frameQuota">Frames it may hold under local replacement; 0 for an equal share.</param>
    public Process Spawn(string name, int frameQuota = 0)
    {
        var process = new Process(_processes.Count + 1, name, 0, Geometry) { FrameQuota = frameQuota };
        AddProcess(process);
        Observer?.OnOperation(new OperationEvent("spawn", process.Pid, $"{process} was created with an empty address space"));
        return process;
    }

    /// <summary>Ends <paramref name="process"/> by its own exit: every mapping is released, and its event says what that freed (<see cref="OperationEvent.Freed"/>).</summary>
    public void Exit(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("exit");
        var resident = process.AddressSpace.ResidentPages;
        var held = Terminate(process, ProcessState.Exited, null);
        if (held is not null)
        {
            var freed = held.Freed();
            Observer?.OnOperation(new OperationEvent("exit", process.Pid, $"{process} exited and released its {Plural.Count(resident, "resident page")}{FreedText(resident, freed.Frames.Count)}") { Freed = freed });
        }

        ReportFreedShmem();
    }

    /// <summary>
    /// What the frames and swap slots hold now, when an observer listens, so that the event of a
    /// release can say what it freed (<see cref="HeldMemory.Freed"/>); null when nobody listens.
    /// </summary>
    internal HeldMemory? HeldIfObserved() => Observer is null ? null : new HeldMemory(this);

    // How many frames an exit of resident pages freed, when not one each: a page shared with
    // another process, or kept in the page cache, outlives the exit; a page kept in the swap
    // cache for the exiting process alone goes with it.
    private static string FreedText(int resident, int freed) =>
        freed == resident ? string.Empty
        : freed == 0 ? $" (no frame freed: {(resident == 1 ? "it is" : "they are")} still mapped by other processes or kept in the page cache)"
        : freed < resident ? $" ({Plural.Count(freed, "frame")} freed; {(resident - freed == 1 ? "the other page is" : $"the other {resident - freed} pages are")} still mapped by other processes or kept in the page cache)"
        : $" ({Plural.Count(freed, "frame")} freed, pages of its swap cache among them)";

    /// <summary>
    /// Kills <paramref name="process"/>, releasing all it holds (exit_mmap), and records why.
    /// Shared memory it was the last to map is freed now and reported later, by
    /// <see cref="ReportFreedShmem"/>: after the exit event (<see cref="Exit"/>), or after the
    /// access whose fault ended in a SIGSEGV or an OOM kill (<see cref="Simulation.Machine"/>).
    /// Returns what memory held before, when an observer listens, for the event of the end to
    /// say what it freed (<see cref="HeldMemory.Freed"/>); null when nobody listens.
    /// </summary>
    internal HeldMemory? Terminate(Process process, ProcessState state, string? reason)
    {
        var held = HeldIfObserved();
        var mm = process.AddressSpace;
        foreach (var area in mm.Areas.ToArray())
        {
            ZapRange(process, area.Start, area.End);
        }

        mm.Carve(new PageNumber(0), new PageNumber(ulong.MaxValue));
        Tlb.FlushAddressSpace(mm.Asid);
        if (process.IsRunning)
        {
            _running--;
        }

        process.State = state;
        process.EndReason = reason;
        Policy.OnAddressSpaceExit(mm.Asid);
        FreeUnmappedShmem(process.Pid);
        return held;
    }

    /// <summary>True when a region of a running process maps <paramref name="file"/>.</summary>
    internal bool IsMapped(BackingFile file) =>
        _processes.Any(p => p.IsRunning && p.AddressSpace.Areas.Any(a => a.Backing.FileId == file.Id));

    /// <summary>
    /// Frees the shared anonymous memory that no running process maps any more, its last
    /// mapping gone by munmap or exit (the shmem object's last reference dropped): its
    /// resident pages leave the page cache for the free list, and its swapped pages free
    /// their slots. A file's pages, by contrast, stay cached.
    /// </summary>
    /// <param name="pid">The process whose munmap or end dropped the last mapping, for reports.</param>
    /// <remarks>
    /// What it freed is reported by <see cref="ReportFreedShmem"/> after the munmap or exit
    /// that dropped the mapping, or after the access whose fault ended in a SIGSEGV or an
    /// OOM kill, so that a narration tells them in order.
    /// </remarks>
    private void FreeUnmappedShmem(int pid)
    {
        foreach (var memory in Files.Files)
        {
            if (!memory.IsShmem || memory.Freed || IsMapped(memory))
            {
                continue;
            }

            var resident = 0;
            foreach (var (key, frame) in PageCache.Entries.Where(e => e.Key.File == memory.Id).ToList())
            {
                resident++;
                PageCache.Remove(key.File, key.Page);
                FreePage(frame);
            }

            foreach (var slot in memory.SwappedPages.Values)
            {
                ReleaseSwapSlot(slot);
            }

            Policy.OnObjectFreed(memory.Id);

            if (Observer is not null)
            {
                _freedShmem.Add(new OperationEvent("free", pid,
                    $"{FindProcess(pid)} was the last to map {memory.Name}, so the memory is freed: {Plural.Count(resident, "resident page")} and {Plural.Count(memory.SwappedPages.Count, "swapped one")}"));
            }

            memory.SwappedPages.Clear();
            memory.Freed = true;
        }
    }

    /// <summary>Tells the observer of the shared memory freed since the last report (see <see cref="FreeUnmappedShmem"/>).</summary>
    internal void ReportFreedShmem()
    {
        foreach (var freed in _freedShmem)
        {
            Observer?.OnOperation(freed);
        }

        _freedShmem.Clear();
    }

    /// <summary>True while freed shared memory waits to be reported (for the invariant checker: never between operations).</summary>
    internal bool HasUnreportedFrees => _freedShmem.Count > 0;

    /// <summary>How many processes are running (for the invariant checker).</summary>
    internal int RunningProcesses => _running;

    /// <summary>How many processes have ended, by exit or kill, since the kernel started: it only grows, as no process is ever forgotten.</summary>
    internal long EndedProcesses => _processes.Count - _running;

    /// <summary>
    /// The frame quota that applies to <paramref name="process"/> under local replacement: its
    /// own, or the frames shared evenly among the running processes.
    /// </summary>
    public int QuotaOf(Process process)
    {
        if (process.FrameQuota > 0)
        {
            return process.FrameQuota;
        }

        return Math.Max(1, Frames.Count / Math.Max(1, _running));
    }

    /// <summary>
    /// Makes <paramref name="pte"/>, the entry of <paramref name="page"/> in
    /// <paramref name="process"/>, map <paramref name="frame"/> with <paramref name="flags"/>
    /// (permissions and software bits), recording the mapping in the reverse map. The entry must
    /// not be present: every caller maps a page that faulted or a child's entry that fork has
    /// just made, and a present one replaced would leave its reverse-map record, its frame's map
    /// count and the TLB's translation of it behind (<see cref="InvariantViolationException"/>).
    /// </summary>
    /// <remarks>
    /// The TLB caches present entries only, and every unmap drops its page's translation: an
    /// entry that was not present has none to drop, so the TLB is not searched. A fault, which
    /// maps a page on each miss of a trace replay, saves the search; the check is one branch.
    /// </remarks>
    internal void MapPage(Process process, PageNumber page, PteRef pte, FrameNumber frame, PteFlags flags)
    {
        ref var entry = ref pte.Entry;
        if (entry.IsPresent)
        {
            MappedOverPresent(process, page, frame, entry.Frame);
        }

        entry = new Pte { Flags = PteFlags.Present | PteFlags.User | flags, Value = frame.Value };
        ReverseMap.Add(frame, process.Pid, page, pte);
        Frames[frame].MapCount++;
        process.AddressSpace.ResidentPages++;
    }

    // Out of line, so that the message's formatting stays out of the fault path's code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MappedOverPresent(Process process, PageNumber page, FrameNumber frame, FrameNumber present) =>
        throw new InvariantViolationException($"{process} page {page}: mapped to frame {frame} over its present entry, which maps frame {present}; a page is unmapped before it is mapped anew");

    /// <summary>
    /// Clears the present entry <paramref name="pte"/> of <paramref name="page"/> in
    /// address space <paramref name="asid"/> (zap_pte): its dirty bit is folded into the
    /// frame, the reverse-map record goes, the TLB entry is invalidated. Returns the frame,
    /// which the caller must pass to <see cref="PutPage"/> once done with it. <paramref name="cause"/>
    /// says why, for the TLB's history.
    /// </summary>
    internal FrameNumber UnmapPte(int asid, PageNumber page, PteRef pte, TlbMissCause cause = TlbMissCause.Unmapped) => UnmapPte(asid, page, pte, out _, cause);

    /// <summary>
    /// <see cref="UnmapPte(int, PageNumber, PteRef, TlbMissCause)"/>, saying in <paramref name="tlbDropped"/>
    /// whether the TLB held an entry for the page, which the invalidation dropped (for an
    /// eviction's event, without a second search of the TLB).
    /// </summary>
    internal FrameNumber UnmapPte(int asid, PageNumber page, PteRef pte, out bool tlbDropped, TlbMissCause cause = TlbMissCause.Unmapped)
    {
        ref var entry = ref pte.Entry;
        var frame = entry.Frame;
        ref var record = ref Frames[frame];
        if ((entry.Flags & PteFlags.Dirty) != 0)
        {
            record.Dirty = true;
        }

        ReverseMap.Remove(frame, asid, page);
        record.MapCount--;
        if (FindProcess(asid) is { } owner)
        {
            owner.AddressSpace.ResidentPages--;
        }

        entry = default;
        tlbDropped = Tlb.Invalidate(asid, page, cause);
        return frame;
    }

    /// <summary>
    /// True when the page in <paramref name="frame"/> belongs to one mapping alone (an
    /// anonymous page, mapped once, and no other entry holds its swap slot), so a private
    /// mapping may write it in place; otherwise a write must copy it first (PageAnonExclusive).
    /// </summary>
    internal bool IsExclusive(FrameNumber frame)
    {
        ref var record = ref Frames[frame];
        return record.Use == FrameUse.Anonymous && record.MapCount == 1 && !InSwapCacheForAnother(frame);
    }

    /// <summary>
    /// Drops a frame that may have lost its last mapping: an anonymous page nobody maps is
    /// freed (and its swap-cache slot released), unless another entry still holds its swap
    /// slot: then it stays in the swap cache, where that entry's next touch finds it (a minor
    /// fault) or reclaim takes it, as Linux keeps it there until the slot's last user goes. A
    /// file page stays in the page cache until reclaim takes it.
    /// </summary>
    internal void PutPage(FrameNumber frame)
    {
        ref var record = ref Frames[frame];
        if (record.MapCount > 0 || record.Use != FrameUse.Anonymous || record.Pinned || InSwapCacheForAnother(frame))
        {
            return;
        }

        FreePage(frame);
    }

    /// <summary>
    /// True when <paramref name="frame"/> keeps a swap slot that a swapped entry also holds (the
    /// slot has a reference besides the frame's own), so the page must stay in the swap cache.
    /// </summary>
    internal bool InSwapCacheForAnother(FrameNumber frame)
    {
        var slot = Frames[frame].SwapSlot;
        return slot.IsValid && Swap.ReferencesOf(slot) > 1;
    }

    /// <summary>
    /// Drops a swapped entry's hold on <paramref name="slot"/> (free_swap_and_cache): the slot
    /// is freed with its last user, and a page left in the swap cache for it alone, mapped
    /// by nobody, is freed with it.
    /// </summary>
    internal void ReleaseSwapEntry(SwapSlot slot)
    {
        ReleaseSwapSlot(slot);
        if (Swap.CachedFrame(slot) is { IsValid: true } cached)
        {
            PutPage(cached);
        }
    }

    /// <summary>
    /// Drops one reference to <paramref name="slot"/> (swap_free); when it was the last, the slot
    /// is free and the policy hears of it (<see cref="IReplacementPolicy.OnSwapSlotFreed"/>), so
    /// that it forgets the page known by the slot, as Linux's <c>swap_range_free</c> clears the
    /// slot's shadow entry. Returns true if the slot was freed.
    /// </summary>
    internal bool ReleaseSwapSlot(SwapSlot slot)
    {
        if (!Swap.Release(slot))
        {
            return false;
        }

        Policy.OnSwapSlotFreed(slot);
        return true;
    }

    // Frees the page in a frame nobody maps, with the swap-cache slot it holds, if any.
    private void FreePage(FrameNumber frame)
    {
        var slot = Frames[frame].SwapSlot;
        if (slot.IsValid)
        {
            Swap.SetCachedFrame(slot, FrameNumber.None);
            ReleaseSwapSlot(slot);
        }

        TellPolicyRemoved(frame, RemovalReason.Released);
        ReleaseFrame(frame);
    }

    /// <summary>Returns a frame nobody maps to the free list, settling its owner's count.</summary>
    internal void ReleaseFrame(FrameNumber frame) => ReleaseFrame(frame, FindProcess(Frames[frame].Owner));

    /// <summary>Returns a frame nobody maps to the free list, settling the count of its <paramref name="owner"/>, already looked up.</summary>
    internal void ReleaseFrame(FrameNumber frame, Process? owner)
    {
        if (owner is not null)
        {
            owner.AddressSpace.OwnedFrames--;
        }

        Frames.Free(frame);
    }

    /// <summary>Releases every page of <paramref name="process"/> from <paramref name="start"/> to <paramref name="end"/> (exclusive): zap_page_range.</summary>
    internal void ZapRange(Process process, PageNumber start, PageNumber end)
    {
        var asid = process.Pid;
        process.AddressSpace.PageTable.ForEachEntry(start, end, (page, pte) =>
        {
            if (pte.Entry.IsPresent)
            {
                PutPage(UnmapPte(asid, page, pte));
            }
            else if (pte.Entry.IsSwapped)
            {
                ReleaseSwapEntry(pte.Entry.Slot);
                pte.Entry = default;
            }
        });
    }

    /// <summary>Tells the policy that <paramref name="frame"/> now holds a page, unless the frame was released meanwhile.</summary>
    internal void TellPolicyLoaded(FrameNumber frame, in AccessContext access)
    {
        if (Frames[frame].Use == FrameUse.Free || _policyHolds[frame.Value])
        {
            return;
        }

        _policyHolds[frame.Value] = true;

        // A bit the policy clears now is the new page's own, or one its hand passed after the load.
        if (NotesBitClears)
        {
            Reclaimer.Loading = frame;
        }

        Policy.OnLoad(frame, access);
        Reclaimer.Loading = FrameNumber.None;
    }

    /// <summary>Tells the policy that <paramref name="frame"/> no longer holds its page, if it had heard of it.</summary>
    internal void TellPolicyRemoved(FrameNumber frame, RemovalReason reason)
    {
        if (!_policyHolds[frame.Value])
        {
            return;
        }

        _policyHolds[frame.Value] = false;
        Policy.OnRemove(frame, reason);
    }

    /// <summary>True when the policy has been told <paramref name="frame"/> holds a page (for the invariant checker).</summary>
    internal bool PolicyHolds(FrameNumber frame) => _policyHolds[frame.Value];

    private void AddProcess(Process process)
    {
        if (process.Pid != _processes.Count + 1)
        {
            throw new InvalidOperationException($"pid {process.Pid} is out of order");
        }

        _processes.Add(process);
        _running++;
    }
}
