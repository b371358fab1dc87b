using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>
/// A whole simulated computer: physical frames, a TLB and MMU, a swap device and files,
/// with the kernel that manages them. <see cref="Access"/> is the path every memory
/// reference takes: translate; on a page fault, let the kernel handle it; then retry
/// the access, as the faulting instruction is re-executed.
/// </summary>
public sealed class Machine
{
    private readonly bool _policyNeedsHits;
    private readonly bool _policyNeedsTicks;
    private readonly bool _policyHitFramesOnly;
    private readonly bool _policyDeparts;
    private readonly long _tickInterval;
    private readonly int _pageNumberBits;
    private readonly int _offsetBits;
    private readonly InvariantChecker? _checker;

    // How many accesses ahead AccessRun prefetches page-table entries.
    private const int PrefetchDistance = 8;
    private int[] _hitFrames = [];

    /// <summary>Builds a machine; the policy is made from <see cref="MachineConfig.Policy"/> unless one is given.</summary>
    public Machine(MachineConfig config, IReplacementPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        policy ??= PolicyCatalog.Create(config.Policy, config.PolicyOptions);
        Tlb = new Tlb(config.TlbEntries, config.TlbEntries == 0 ? 1 : Math.Min(config.TlbWays, config.TlbEntries));
        Counters = new Counters { Cost = config.Cost };
        Clock = new VirtualClock();
        Kernel = new Kernel.Kernel(config, policy, Tlb, Counters, Clock);
        Mmu = new Mmu.Mmu(Tlb, Counters);
        _policyNeedsHits = (policy.Needs & PolicyNeeds.EveryAccess) != 0;
        _policyNeedsTicks = (policy.Needs & PolicyNeeds.Ticks) != 0;
        _policyHitFramesOnly = _policyNeedsHits && (policy.Needs & PolicyNeeds.HitFramesOnly) != 0;
        _policyDeparts = (policy.Needs & PolicyNeeds.Departures) != 0;
        _tickInterval = Math.Max(1, config.TickInterval);
        _pageNumberBits = config.Geometry.PageNumberBits;
        _offsetBits = config.Geometry.OffsetBits;
        _checker = config.CheckInvariants ? new InvariantChecker(Kernel) : null;
        WorkingSets = config.WorkingSetWindow > 0
            ? new WorkingSetMeter(config.WorkingSetWindow, config.Frames, () => Kernel.EndedProcesses, config.Scope == ReplacementScope.Local ? Kernel.QuotaOf : null)
            : null;
    }

    /// <summary>The configuration it was built from.</summary>
    public MachineConfig Config { get; }

    /// <summary>The operating system.</summary>
    public Kernel.Kernel Kernel { get; }

    /// <summary>The MMU.</summary>
    public Mmu.Mmu Mmu { get; }

    /// <summary>The TLB.</summary>
    public Tlb Tlb { get; }

    /// <summary>Machine-wide counts.</summary>
    public Counters Counters { get; }

    /// <summary>Virtual time (accesses made).</summary>
    public VirtualClock Clock { get; }

    /// <summary>The working sets of the processes, when <see cref="MachineConfig.WorkingSetWindow"/> asks for them; otherwise null.</summary>
    public WorkingSetMeter? WorkingSets { get; }

    /// <summary>The process on the CPU, or null before the first and after it exits or is killed.</summary>
    public Process? Current { get; private set; }

    // The process that ended while on the CPU, until the next one is switched in (a switch away from it).
    private Process? _endedOnCpu;

    /// <summary>The page geometry.</summary>
    public PageGeometry Geometry => Config.Geometry;

    /// <summary>Where listeners hear of what happens; null when nobody listens.</summary>
    public IMachineObserver? Observer
    {
        get => Kernel.Observer;
        set => Kernel.Observer = value;
    }

    /// <summary>
    /// One memory reference by <paramref name="process"/>: the MMU translates it; if the
    /// page is not present or the entry forbids the access, the kernel handles the page
    /// fault and the access is retried. A SIGSEGV kills the process. Returns the fault
    /// handler's case, or <see cref="FaultKind.None"/> for a hit.
    /// </summary>
    /// <param name="process">The process making the access; if not the current one, the CPU switches to it first.</param>
    /// <param name="address">The virtual address.</param>
    /// <param name="kind">Read, write or execute.</param>
    /// <param name="nextUse">When the same page is accessed next (for OPT), or <see cref="AccessContext.Unknown"/>.</param>
    public FaultKind Access(Process process, VirtualAddress address, AccessKind kind, long nextUse = AccessContext.Unknown)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!ReferenceEquals(process, Current))
        {
            process.RequireRunning("access");
            Switch(process);
        }

        var page = new PageNumber(address.Value >> _offsetBits);
        var time = Clock.Now;
        // The reference joins its process's working set now, whatever follows; the demand is
        // settled once the access is over, when a process it killed has left.
        WorkingSets?.Record(process, page);
        Counters.Accesses++;
        process.Counters.Accesses++;
        var tlbHit = false;
        var frame = (_pageNumberBits >= 64 || page.Value >> _pageNumberBits == 0)
            ? Mmu.Translate(process.AddressSpace, page, kind, out tlbHit)
            : FrameNumber.None;
        FaultKind result;
        if (frame.IsValid)
        {
            Counters.Hits++;
            process.Counters.Hits++;
            if (_policyNeedsHits || Kernel.Observer is not null)
            {
                HitHeard(process, address, page, kind, time, nextUse, frame, tlbHit);
            }

            result = FaultKind.None;
        }
        else
        {
            result = PageFault(process, address, page, kind, time, nextUse, tlbHit);
        }

        WorkingSets?.Settle();
        Clock.Now = time + 1;
        if (_policyNeedsTicks && Clock.Now % _tickInterval == 0 && !Kernel.NotesBitClears)
        {
            Kernel.Policy.OnTick(Clock.Now);
        }

        _checker?.Check();
        return result;
    }

    /// <summary>
    /// Many references by <paramref name="process"/>, in order: the same as calling
    /// <see cref="Access"/> for each, with the same results and counts, but faster. A TLB
    /// hit involves neither the kernel nor the fault path (only the policy, if it hears of
    /// hits), so hits are taken in a tight loop that counts them in bulk; anything else (a
    /// TLB miss, a fault) goes through <see cref="Access"/> after the counts are settled,
    /// so the kernel, the policy and any observer always see them up to date. Stops early
    /// if the process ends (a SIGSEGV, or the OOM killer). Returns how many accesses it made.
    /// </summary>
    public int AccessRun(Process process, ReadOnlySpan<MemoryAccess> run)
    {
        ArgumentNullException.ThrowIfNull(process);

        // With these, every access must be seen one by one: no loop of hits to gain. A policy
        // that lets pages go after an access may take a page the TLB would have hit next.
        var oneByOne = !Tlb.Enabled || _policyNeedsTicks || _policyDeparts || _checker is not null || Kernel.Observer is not null;
        var policy = Kernel.Policy;
        var asid = process.AddressSpace.Asid;
        var pageTable = process.AddressSpace.PageTable;
        var frames = _policyNeedsHits && !oneByOne ? HitFrames(run.Length) : default;
        var made = 0;
        var missing = false;
        while (made < run.Length)
        {
            // After a TLB miss, the next access goes straight to the whole path (which looks
            // the TLB up itself) until one hits again: where misses come in streaks (a large
            // footprint), trying a run of hits before each would find none.
            if (!oneByOne && !missing && ReferenceEquals(process, Current))
            {
                var hits = Tlb.HitRun(asid, run[made..], _offsetBits, frames);
                var time = Clock.Now;
                if (_policyHitFramesOnly && hits > 0)
                {
                    policy.OnHits(MemoryMarshal.Cast<int, FrameNumber>(frames[..hits]));
                }

                for (var i = 0; i < hits && _policyNeedsHits && !_policyHitFramesOnly; i++)
                {
                    // The policy hears of each hit in order, at its time, as Access would tell it.
                    ref readonly var hit = ref run[made + i];
                    Clock.Now = time + i;
                    policy.OnHit(new FrameNumber(frames[i]), new AccessContext(time + i, asid, new PageNumber(hit.Address >> _offsetBits), hit.Kind, hit.NextUse));
                }

                Clock.Now = time + hits;
                SettleHits(process, hits);
                WorkingSets?.RecordHits(process, run.Slice(made, hits), _offsetBits);
                made += hits;
                if (made == run.Length)
                {
                    break;
                }
            }

            // Not a TLB hit (or the first access after a switch): the whole path. Where TLB
            // misses are common (a large footprint), so are cache misses on the PTEs: start
            // fetching the entry of an access a little ahead, so that its miss overlaps this one.
            if (made + PrefetchDistance < run.Length)
            {
                pageTable.Prefetch(new PageNumber(run[made + PrefetchDistance].Address >> _offsetBits));
            }

            ref readonly var access = ref run[made];
            var tlbHits = Counters.TlbHits;
            Access(process, new VirtualAddress(access.Address), access.Kind, access.NextUse);
            missing = Counters.TlbHits == tlbHits;
            made++;
            if (!process.IsRunning)
            {
                break;
            }
        }

        return made;
    }

    // A buffer for the frames of a run of hits, kept between runs.
    private Span<int> HitFrames(int length)
    {
        if (_hitFrames.Length < length)
        {
            _hitFrames = new int[Math.Max(length, 4096)];
        }

        return _hitFrames.AsSpan(0, length);
    }

    // Counts TLB hits taken in bulk, as Access would have counted them one by one.
    private void SettleHits(Process process, long hits)
    {
        Counters.Accesses += hits;
        Counters.Hits += hits;
        Counters.TlbHits += hits;
        process.Counters.Accesses += hits;
        process.Counters.Hits += hits;
    }

    /// <summary>
    /// Sets the machine's counts and every process's back to zero, leaving everything else as
    /// it is (memory, the TLB, the page tables, the policy's state, the clock, the working
    /// sets, whose statistics start again): the end of a warm-up, after which the counts
    /// describe a machine already in its steady state.
    /// </summary>
    public void ResetCounters()
    {
        Counters.Reset();
        foreach (var process in Kernel.Processes)
        {
            process.Counters.Reset();
        }

        WorkingSets?.ResetStatistics();
    }

    /// <summary>Puts <paramref name="process"/> on the CPU; without ASID tags the TLB is flushed.</summary>
    public void Switch(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("switch");
        if (ReferenceEquals(process, Current))
        {
            return;
        }

        var from = Current ?? _endedOnCpu;
        Current = process;
        _endedOnCpu = null;
        if (from is null)
        {
            return;
        }

        Counters.ContextSwitches++;
        if (!Config.TlbAsidTagged)
        {
            Tlb.FlushAll();
        }

        // Words only for an observer: a trace of many processes switches on almost every access.
        if (Kernel.Observer is { } observer)
        {
            var fromText = from.IsRunning ? from.ToString() : $"{from}, which had {(from.State == ProcessState.Exited ? "exited" : "been killed")},";
            observer.OnOperation(new OperationEvent("switch", process.Pid,
                $"the CPU switched from {fromText} to {process}{(Config.TlbAsidTagged ? "; TLB entries are tagged by ASID and stay" : " and flushed the TLB")}"));
        }
    }

    // The process on the CPU has ended: the CPU is idle until the next switch, which counts.
    private void LeftCpu(Process process)
    {
        if (ReferenceEquals(process, Current))
        {
            Current = null;
            _endedOnCpu = process;
        }
    }

    /// <inheritdoc cref="Kernel.Kernel.Spawn"/>
    public Process Spawn(string name, int frameQuota = 0) => Kernel.Spawn(name, frameQuota);

    /// <inheritdoc cref="Kernel.Kernel.Mmap"/>
    public Vma Mmap(Process process, PageNumber start, ulong pages, Protection protection, string? file = null, long filePage = 0, bool shared = false, string? name = null)
    {
        var area = Kernel.Mmap(process, start, pages, protection, file, filePage, shared, name);
        _checker?.Check();
        return area;
    }

    /// <summary>Maps <paramref name="region"/> into <paramref name="process"/> as a scenario describes it.</summary>
    public Vma Mmap(Process process, RegionSpec region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return Mmap(process, region.Start, region.Pages, region.Protection, region.File, region.FilePage, region.Shared, region.Name);
    }

    /// <inheritdoc cref="Kernel.Kernel.Munmap"/>
    public void Munmap(Process process, PageNumber start, ulong pages)
    {
        Kernel.Munmap(process, start, pages);
        _checker?.Check();
    }

    /// <inheritdoc cref="Kernel.Kernel.Mprotect"/>
    public void Mprotect(Process process, PageNumber start, ulong pages, Protection protection)
    {
        Kernel.Mprotect(process, start, pages, protection);
        _checker?.Check();
    }

    /// <inheritdoc cref="Kernel.Kernel.StartHeap"/>
    public void StartHeap(Process process, PageNumber start, PageNumber end) => Kernel.StartHeap(process, start, end);

    /// <inheritdoc cref="Kernel.Kernel.Brk"/>
    public PageNumber Brk(Process process, long deltaPages, PageNumber heapStart)
    {
        var end = Kernel.Brk(process, deltaPages, heapStart);
        _checker?.Check();
        return end;
    }

    /// <inheritdoc cref="Kernel.Kernel.Fork"/>
    public Process Fork(Process parent, string? name = null)
    {
        var child = Kernel.Fork(parent, name);
        _checker?.Check();
        return child;
    }

    /// <inheritdoc cref="Kernel.Kernel.Exit"/>
    public void Exit(Process process)
    {
        WorkingSets?.BeginEnd();
        Kernel.Exit(process);
        LeftCpu(process);
        if (_policyDeparts)
        {
            // Pages the process alone held leave with it, unless nobody maps them (the page cache keeps those).
            Kernel.Reclaimer.EvictDepartures();
        }

        WorkingSets?.SettleEnd();

        _checker?.Check();
    }

    /// <summary>Checks every kernel invariant now; throws <see cref="InvariantViolationException"/> naming the first broken one.</summary>
    public void CheckInvariants() => new InvariantChecker(Kernel).Check();

    // Out of the access loop: the policy and the observer hear of a hit only when they listen.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HitHeard(Process process, VirtualAddress address, PageNumber page, AccessKind kind, long time, long nextUse, FrameNumber frame, bool tlbHit)
    {
        // The walk the translation made, read before the policy can let a page go.
        PageWalk? walk = tlbHit || Kernel.Observer is null ? null : process.AddressSpace.PageTable.Peek(page);
        if (_policyNeedsHits)
        {
            Kernel.Policy.OnHit(frame, new AccessContext(time, process.Pid, page, kind, nextUse));
            if (_policyDeparts)
            {
                Kernel.Reclaimer.EvictDepartures();
            }
        }

        TickHeard(time);
        Kernel.Observer?.OnAccess(new AccessEvent(time, process.Pid, address, page, kind, tlbHit, FaultKind.None, FaultResult.None, frame, FrameNumber.None, SwapSlot.None, SegvReason.None)
        {
            Region = process.AddressSpace.FindVma(page),
            Walk = walk,
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FaultKind PageFault(Process process, VirtualAddress address, PageNumber page, AccessKind kind, long time, long nextUse, bool tlbHit)
    {
        Counters.Faults++;
        process.Counters.Faults++;
        if (tlbHit)
        {
            Counters.TlbHitsFaulted++;
        }

        // The region, for the event, before the fault can end the process and take its regions;
        // and the walk that raised the fault, as the fault handler will find the table.
        var pageTable = process.AddressSpace.PageTable;
        var observed = Kernel.Observer is not null;
        var region = observed ? process.AddressSpace.FindVma(page) : null;
        var inside = pageTable.Geometry.Contains(page);
        PageWalk? walk = observed && !tlbHit && inside ? pageTable.Peek(page) : null;
        var tables = observed ? pageTable.TablePages : 0;
        FreedMemory? freed = null;
        FaultOutcome outcome;
        if (inside)
        {
            Kernel.FaultHandler.HandleMmFault(process, page, kind, out outcome);
        }
        else
        {
            OutsideOutcome(out outcome);
        }

        tables = observed ? pageTable.TablePages - tables : 0;

        Account(process, outcome);
        var frame = FrameNumber.None;
        var retryTlbHit = false;
        var entryAfter = default(Pte);
        if ((outcome.Result & (FaultResult.SigSegv | FaultResult.Oom)) == 0 && process.IsRunning)
        {
            // Re-execute the faulting instruction: now it translates, and sets the accessed and dirty bits.
            frame = Mmu.Translate(process.AddressSpace, page, kind, out retryTlbHit);
            if (!frame.IsValid)
            {
                StillFaults(process, page, kind, outcome.Kind);
            }

            if (observed)
            {
                entryAfter = pageTable.Peek(page).Entry;
            }

            Counters.Retries++;
        }
        else
        {
            freed = ProcessDied(process, address, outcome);
        }

        if (outcome.Loaded.IsValid || outcome.LoadedSecond.IsValid || (frame.IsValid && _policyNeedsHits))
        {
            TellPolicy(process, page, kind, time, nextUse, frame, outcome);
        }

        if (_policyDeparts)
        {
            Kernel.Reclaimer.EvictDepartures();
        }

        var kindSeen = (outcome.Result & FaultResult.Oom) != 0 ? FaultKind.Oom : outcome.Kind;
        if (Kernel.Observer is not null)
        {
            FaultHeard(process, address, page, kind, time, tlbHit, kindSeen, frame, outcome, region, freed, new FaultSeen(walk, tables, retryTlbHit, entryAfter));
            Kernel.ReportFreedShmem();
        }

        return kindSeen;
    }

    // The policy hears of the frames the fault filled, or of a reference to one it already holds.
    private void TellPolicy(Process process, PageNumber page, AccessKind kind, long time, long nextUse, FrameNumber frame, in FaultOutcome outcome)
    {
        var access = new AccessContext(time, process.Pid, page, kind, nextUse);
        if (_policyDeparts && outcome.SourceFrame.IsValid && outcome.SourceFrame != frame)
        {
            // The writer's reference goes to its copy: the page it copied is no longer in its working set.
            Kernel.Policy.OnUnmapped(outcome.SourceFrame, process.Pid);
        }

        if (outcome.Loaded.IsValid)
        {
            Kernel.TellPolicyLoaded(outcome.Loaded, access);
        }

        if (outcome.LoadedSecond.IsValid)
        {
            Kernel.TellPolicyLoaded(outcome.LoadedSecond, access);
        }

        if (frame.IsValid && _policyNeedsHits && frame != outcome.Loaded && frame != outcome.LoadedSecond)
        {
            // A fault that loaded nothing (page cache, swap cache, COW reuse) is a reference to a page the policy already holds.
            Kernel.Policy.OnHit(frame, access);
        }
    }

    // A SIGSEGV kills the process; the OOM killer may have killed it too. Either way it is off the
    // CPU. Returns what a SIGSEGV freed, when an observer listens (the kill's event says its own).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FreedMemory? ProcessDied(Process process, VirtualAddress address, in FaultOutcome outcome)
    {
        FreedMemory? freed = null;
        if ((outcome.Result & FaultResult.SigSegv) != 0)
        {
            freed = Kernel.Terminate(process, ProcessState.Segv, $"SIGSEGV at {address}: {SegvReasonText.Describe(outcome.Segv, process.AddressSpace.PageTable.Geometry, address)}")?.Freed();
            LeftCpu(process);
        }
        else if (!process.IsRunning)
        {
            LeftCpu(process);
        }

        return freed;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StillFaults(Process process, PageNumber page, AccessKind kind, FaultKind resolvedAs) =>
        throw new InvariantViolationException($"{process} still faults on page {page} ({kind}) after the fault handler resolved it as {resolvedAs}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FaultHeard(Process process, VirtualAddress address, PageNumber page, AccessKind kind, long time, bool tlbHit, FaultKind kindSeen, FrameNumber frame, in FaultOutcome outcome, Vma? region, FreedMemory? freed, in FaultSeen seen)
    {
        TickHeard(time);
        Kernel.Observer?.OnAccess(new AccessEvent(time, process.Pid, address, page, kind, tlbHit, kindSeen, outcome.Result, frame, outcome.SourceFrame, outcome.Slot, outcome.Segv)
        {
            Region = region,
            Freed = freed,
            Walk = seen.Walk,
            TablesAllocated = seen.TablesAllocated,
            RetryTlbHit = seen.RetryTlbHit,
            EntryAfter = seen.EntryAfter,
        });
    }

    // While the observer hears of bit clears, the tick the access at time brings is taken before
    // the access is reported, not after it, so that the step names the bits the tick cleared
    // (Access then takes none). The tick touches only the policy's state and the bits, which
    // nothing between here and the end of the access reads.
    private void TickHeard(long time)
    {
        if (_policyNeedsTicks && Kernel.NotesBitClears && (time + 1) % _tickInterval == 0)
        {
            Kernel.Reclaimer.Ticking = true;
            Kernel.Policy.OnTick(time + 1);
            Kernel.Reclaimer.Ticking = false;
        }
    }

    // What an observer's event says of a fault's walk, the tables the handler allocated and the restart.
    private readonly record struct FaultSeen(PageWalk? Walk, int TablesAllocated, bool RetryTlbHit, Pte EntryAfter);

    // An address the page table cannot translate: no region can map it, so it counts as an
    // unmapped address, with its own reason.
    private static void OutsideOutcome(out FaultOutcome outcome)
    {
        outcome = FaultOutcome.Empty;
        outcome.Kind = FaultKind.SegvUnmapped;
        outcome.Result = FaultResult.SigSegv;
        outcome.Segv = SegvReason.OutsideAddressSpace;
    }

    private void Account(Process process, in FaultOutcome outcome)
    {
        var global = Counters;
        var own = process.Counters;
        if ((outcome.Result & FaultResult.Major) != 0)
        {
            global.MajorFaults++;
            own.MajorFaults++;
        }
        else if ((outcome.Result & (FaultResult.Minor | FaultResult.Retry)) != 0)
        {
            global.MinorFaults++;
            own.MinorFaults++;
        }

        if ((outcome.Result & FaultResult.Oom) != 0)
        {
            global.OomFaults++;
            own.OomFaults++;
        }

        Count(global, own, outcome.Kind);
        if ((outcome.Result & FaultResult.Cow) != 0 && outcome.Kind is not (FaultKind.CowCopy or FaultKind.CowReuse))
        {
            // A swap-in or file read that also broke copy-on-write for the write that caused it.
            Count(global, own, outcome.SourceFrame.IsValid ? FaultKind.CowCopy : FaultKind.CowReuse);
            global.CowWithinLoad++;
            own.CowWithinLoad++;
        }
    }

    private static void Count(Counters global, Counters own, FaultKind kind)
    {
        switch (kind)
        {
            case FaultKind.ZeroFill: global.ZeroFill++; own.ZeroFill++; break;
            case FaultKind.PageCache: global.PageCache++; own.PageCache++; break;
            case FaultKind.FileRead: global.FileRead++; own.FileRead++; break;
            case FaultKind.SwapIn: global.SwapInFaults++; own.SwapInFaults++; break;
            case FaultKind.SwapCache: global.SwapCache++; own.SwapCache++; break;
            case FaultKind.CowCopy: global.CowCopy++; own.CowCopy++; break;
            case FaultKind.CowReuse: global.CowReuse++; own.CowReuse++; break;
            case FaultKind.SegvUnmapped: global.SegvUnmapped++; own.SegvUnmapped++; break;
            case FaultKind.SegvProtection: global.SegvProtection++; own.SegvProtection++; break;
            default: break;
        }
    }
}
