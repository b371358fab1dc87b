using System.Collections;
using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>
/// Finds frames (Linux's page allocator with <c>vmscan.c</c> behind it): from the free
/// list, or else by asking the replacement policy for a victim, unmapping it from every
/// process that maps it through the reverse map, and writing it back if it is dirty
/// (anonymous pages to swap, file pages to their file); a clean page is dropped. When
/// nothing can be evicted, the OOM killer runs. This is also the policy's view of the
/// frames (<see cref="IFrameHost"/>).
/// </summary>
public sealed class Reclaimer : IFrameHost
{
    private readonly Kernel _kernel;

    // How many of the policy's next victims reclaim prefetches for.
    private const int UpcomingVictimsAhead = 4;

    // Why reclaim is looking for a victim now, which says whose frames may go: the faulting
    // process's own (AtQuota, OwnPage), those of processes over their quotas (OverQuota), or
    // anyone's (MemoryFull, and whenever a policy asks outside a search).
    private EvictionCause _scope = EvictionCause.MemoryFull;

    // The process whose fault is asking for a frame now, or -1 (IFrameHost.Faulting).
    private int _faultingPid = -1;

    // True while the frame asked for is a fault's second (AllocateFrame's secondOfFault), for reports.
    private bool _secondFrame;

    // While the policy looks for a victim with an observer listening: the frames CanEvict refused,
    // each once, in the order asked (for the eviction's event); null otherwise, so that a search
    // nobody listens to records nothing.
    private List<PassedOverFrame>? _passedOver;

    // Which frames _passedOver holds, by frame number, so that each is noted once without a
    // scan of the list: allocated by the first search recorded, cleared after each.
    private BitArray? _passedOverFrames;

    // While the policy looks for a victim with an observer listening: the frames whose reference
    // bits it cleared, in order (for the eviction's event); null otherwise, as _passedOver.
    private List<SecondChanceFrame>? _secondChances;

    // The TLB entries one clear dropped, gathered here and copied only for a clear that is noted:
    // a clock's search tests many frames whose bits were clear.
    private readonly List<MappedPage> _dropped = [];

    // What the last search that found no victim passed over, for the OOM kill that follows it.
    private IReadOnlyList<PassedOverFrame> _lastPassedOver = [];

    internal Reclaimer(Kernel kernel) => _kernel = kernel;

    /// <inheritdoc/>
    public int FrameCount => _kernel.Frames.Count;

    /// <inheritdoc/>
    public long Now => _kernel.Clock.Now;

    /// <inheritdoc/>
    public PageIdentity IdentityOf(FrameNumber frame)
    {
        // An anonymous page with a swap slot goes by the slot; any other page by its name.
        ref readonly var record = ref _kernel.Frames[frame];
        return !record.Use.IsInPageCache() && record.SwapSlot.IsValid ? PageIdentity.InSwap(record.SwapSlot) : NameOf(record);
    }

    /// <inheritdoc/>
    public PageIdentity NameOf(FrameNumber frame) => NameOf(_kernel.Frames[frame]);

    // A page cache page goes by its object and index, a private page by its owner and page.
    private static PageIdentity NameOf(in Frame record) =>
        record.Use.IsInPageCache() ? PageIdentity.InObject(record.FileId, record.FilePage)
            : PageIdentity.Private(record.Owner, record.OwnerPage);

    /// <inheritdoc/>
    public PageIdentity MissingName { get; private set; }

    /// <inheritdoc/>
    public int TickInterval => _kernel.Config.TickInterval;

    /// <summary>
    /// A frame for a page of <paramref name="process"/> (<paramref name="page"/>, for
    /// reports), owned by it. Under local replacement a process at its quota evicts one of
    /// its own pages first. Returns <see cref="FrameNumber.None"/> when memory is exhausted
    /// and the OOM killer chose <paramref name="process"/> itself. The policy hears of the
    /// miss of <paramref name="identity"/> first (<see cref="IReplacementPolicy.OnMiss"/>), once per fault: a second frame
    /// for the same fault (<paramref name="secondOfFault"/>: the private copy of a page the
    /// fault has just brought in) is for the miss it already heard of.
    /// </summary>
    public FrameNumber AllocateFrame(Process process, FrameUse use, PageNumber page, PageIdentity identity, bool secondOfFault = false)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!secondOfFault)
        {
            MissingName = identity.IsInSwap ? PageIdentity.Private(process.Pid, page) : identity;
            _kernel.Policy.OnMiss(identity);
        }

        _faultingPid = process.Pid;
        _secondFrame = secondOfFault;
        try
        {
            return Allocate(process, use, page);
        }
        finally
        {
            _faultingPid = -1;
            _secondFrame = false;
        }
    }

    /// <inheritdoc/>
    public int Faulting => _faultingPid;

    // The free list, else reclaim, else the OOM killer, for AllocateFrame.
    private FrameNumber Allocate(Process process, FrameUse use, PageNumber page)
    {
        var local = _kernel.Config.Scope == ReplacementScope.Local;
        if (local && process.AddressSpace.OwnedFrames >= _kernel.QuotaOf(process))
        {
            EvictOne(EvictionCause.AtQuota);
        }

        while (true)
        {
            if (_kernel.Frames.TryAllocate(use, out var frame))
            {
                ref var record = ref _kernel.Frames[frame];
                record.Owner = process.Pid;
                record.OwnerPage = page;
                process.AddressSpace.OwnedFrames++;
                return frame;
            }

            // Under local replacement a process below its quota finds memory full only when others
            // hold more than theirs (a process that came later shrank every share): one of theirs
            // goes. Quotas given by hand can add up to more than memory; then its own page goes,
            // and only then anyone's.
            if ((local && (EvictOne(EvictionCause.OverQuota) || EvictOne(EvictionCause.OwnPage))) || EvictOne(EvictionCause.MemoryFull))
            {
                continue;
            }

            var killed = _kernel.OomKiller.KillForMemory(process, _secondFrame, _lastPassedOver);
            if (killed is null || killed == process)
            {
                return FrameNumber.None;
            }
        }
    }

    /// <summary>
    /// Asks the policy for a victim among the frames the <paramref name="cause"/> lets go (the
    /// faulting process's own for <see cref="EvictionCause.AtQuota"/> and
    /// <see cref="EvictionCause.OwnPage"/>, those of processes over their quotas for
    /// <see cref="EvictionCause.OverQuota"/>, anyone's for <see cref="EvictionCause.MemoryFull"/>)
    /// and evicts it, for that cause; false if it found none.
    /// </summary>
    private bool EvictOne(EvictionCause cause)
    {
        _scope = cause;
        if (_kernel.Observer is not null)
        {
            _passedOver = [];
            _passedOverFrames ??= new BitArray(_kernel.Frames.Count);
            _secondChances = [];
        }

        var victim = _kernel.Policy.SelectVictim();
        _scope = EvictionCause.MemoryFull;
        var passedOver = _passedOver;
        _passedOver = null;
        if (passedOver is not null)
        {
            foreach (var passed in passedOver)
            {
                _passedOverFrames![passed.Frame.Value] = false;
            }
        }

        var secondChances = _secondChances;
        _secondChances = null;
        if (!victim.IsValid)
        {
            _lastPassedOver = passedOver ?? [];
            return false;
        }

        if (!CanEvict(victim))
        {
            throw new InvalidOperationException($"policy {_kernel.Policy.Name} chose frame {victim}, which cannot be evicted now");
        }

        var victimChance = secondChances is null ? null : WithoutVictim(secondChances, victim);
        Evict(victim, cause, passedOver, secondChances, victimChance);
        PrefetchUpcomingVictims();
        return true;
    }

    // The victim's own bit may have been cleared on the way round (a clock that found every bit
    // set); it is named as the victim, not as a frame spared, and its clearing is returned (with
    // the TLB entries it dropped), null if there was none. No lambda: EvictOne is on the replay
    // path, where a captured variable would cost an allocation per eviction.
    private static SecondChanceFrame? WithoutVictim(List<SecondChanceFrame> chances, FrameNumber victim)
    {
        SecondChanceFrame? found = null;
        for (var i = chances.Count - 1; i >= 0; i--)
        {
            if (chances[i].Frame == victim)
            {
                found = chances[i];
                chances.RemoveAt(i);
            }
        }

        return found;
    }

    /// <summary>
    /// Evicts the pages the policy lets go on its own (<see cref="IReplacementPolicy.NextDeparture"/>:
    /// for the working set, pages that have left every working set), one by one until it
    /// names none, each as a victim is evicted and reported as a departure. Called after an
    /// access the policy has heard of, when the policy asks for it (<see cref="PolicyNeeds.Departures"/>).
    /// </summary>
    internal void EvictDepartures()
    {
        var policy = _kernel.Policy;
        for (var frame = policy.NextUnmap(out var asid); frame.IsValid; frame = policy.NextUnmap(out asid))
        {
            UnmapFrom(frame, asid);
        }

        for (var frame = policy.NextDeparture(); frame.IsValid; frame = policy.NextDeparture())
        {
            // NextDeparture's contract: a departure is a frame the kernel may evict now.
            if (!CanEvict(frame))
            {
                throw new InvalidOperationException($"policy {policy.Name} let frame {frame} go, which cannot be evicted now");
            }

            Evict(frame, EvictionCause.Departure);
        }
    }

    /// <summary>
    /// Takes away the entries of address space <paramref name="asid"/> that map
    /// <paramref name="frame"/>, which stays resident for the processes that still map it
    /// (<see cref="IReplacementPolicy.NextUnmap"/>). A page in the page cache simply loses the
    /// entries (the next touch finds it there, a minor fault); an anonymous page keeps its
    /// content in the swap cache, with a swap slot allocated now if it has none (and the page
    /// then counted dirty: the slot holds nothing yet), and each entry points to the slot. With
    /// no slot free, the entries stay.
    /// </summary>
    private void UnmapFrom(FrameNumber frame, int asid)
    {
        var kernel = _kernel;
        ref var record = ref kernel.Frames[frame];
        if (record.Use == FrameUse.Free || !IsMappedBy(frame, asid))
        {
            return;
        }

        var slot = SwapSlot.None;
        if (record.Use == FrameUse.Anonymous)
        {
            slot = record.SwapSlot;
            if (!slot.IsValid)
            {
                if (!kernel.Swap.TryAllocate(out slot))
                {
                    return;
                }

                record.SwapSlot = slot;
                record.Dirty = true;
                kernel.Swap.SetCachedFrame(slot, frame);
            }
        }

        foreach (var mapping in kernel.ReverseMap.MappingsOf(frame))
        {
            if (mapping.Asid == asid)
            {
                UnmapToSlot(mapping, slot, TlbMissCause.LeftWorkingSet);
            }
        }
    }

    // Clears one mapping's entry; with a valid slot (an anonymous page's swap copy) the entry
    // holds the slot instead, with a reference of its own. True if the TLB held the page's entry.
    private bool UnmapToSlot(in ReverseMap.Mapping mapping, SwapSlot slot, TlbMissCause cause)
    {
        _kernel.UnmapPte(mapping.Asid, mapping.Page, mapping.Pte, out var tlbDropped, cause);
        if (slot.IsValid)
        {
            _kernel.Swap.Retain(slot);
            mapping.Pte.Entry = new Pte { Flags = PteFlags.Swapped, Value = slot.Value };
        }

        return tlbDropped;
    }

    /// <inheritdoc/>
    public bool IsMapped(FrameNumber frame) => _kernel.ReverseMap.FirstMapping(frame) >= 0;

    /// <inheritdoc/>
    public bool IsMappedBy(FrameNumber frame, int asid)
    {
        var rmap = _kernel.ReverseMap;
        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.NextMapping(cursor))
        {
            if (rmap.MappingAt(cursor).Asid == asid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// On a large footprint an eviction waits on a chain of cache misses: the victim's frame
    /// record and reverse-map node, then the PTE the node points to and the page-cache slot
    /// the record names. Where the policy can tell its next victims, this starts fetching
    /// them into the host's cache in stages, evictions apart: the records and nodes of the
    /// third and fourth victims ahead, the PTEs of the next two (their nodes came with
    /// earlier evictions), and the page-cache slot of the next. Four, because a clock's
    /// sweep reads the accessed bits of the frames it passes before it finds its victim. A
    /// hint to the host processor: nothing simulated changes, and a wrong guess costs only
    /// the fetch.
    /// </summary>
    private void PrefetchUpcomingVictims()
    {
        Span<FrameNumber> next = stackalloc FrameNumber[UpcomingVictimsAhead];
        var count = _kernel.Policy.UpcomingVictims(next);

        // Furthest first: the records and nodes, whose addresses the frame numbers give.
        for (var i = count - 1; i >= 2; i--)
        {
            _kernel.Frames.Prefetch(next[i]);
            _kernel.ReverseMap.PrefetchHome(next[i]);
        }

        // Nearer: the PTEs, whose addresses are in nodes fetched by earlier evictions.
        for (var i = Math.Min(count, 2) - 1; i >= 0; i--)
        {
            _kernel.ReverseMap.PrefetchFirstPte(next[i]);
        }

        // The next victim: the page-cache slot its record names.
        if (count > 0)
        {
            ref var record = ref _kernel.Frames[next[0]];
            if (record.Use.IsInPageCache())
            {
                _kernel.PageCache.Prefetch(record.FileId, record.FilePage);
            }
        }
    }

    /// <summary>
    /// Evicts the page in <paramref name="frame"/>: every mapping is unmapped (an anonymous
    /// page with a swap copy leaves each entry holding the slot; a page of shared anonymous
    /// memory leaves the slot with its memory object), a dirty page is written back first,
    /// and the frame returns to the free list. Its event gives the <paramref name="cause"/>: the
    /// scope reclaim took the victim from, or a departure, a page the policy let go on its own
    /// rather than a victim chosen to free a frame, evicted and counted the same.
    /// </summary>
    /// <param name="frame">The frame to free.</param>
    /// <param name="cause">Why it goes.</param>
    /// <param name="passedOver">For the event: the frames the policy's search passed over before this one, if recorded.</param>
    /// <param name="secondChances">For the event: the frames the search gave a second chance, if recorded.</param>
    /// <param name="victimChance">For the event: the search's clearing of this frame's own reference bit before it took it, if it did.</param>
    internal void Evict(FrameNumber frame, EvictionCause cause, IReadOnlyList<PassedOverFrame>? passedOver = null, IReadOnlyList<SecondChanceFrame>? secondChances = null, SecondChanceFrame? victimChance = null)
    {
        var kernel = _kernel;
        var rmap = kernel.ReverseMap;
        ref var record = ref kernel.Frames[frame];
        var dirty = IsDirty(frame);
        var slot = record.Use.IsSwapBacked() ? record.SwapSlot : SwapSlot.None;
        if (dirty)
        {
            slot = WriteBack(frame);
        }

        List<MappedPage>? unmapped = kernel.Observer is null ? null : [];
        List<MappedPage>? tlbDropped = unmapped is null ? null : [];
        var entrySlot = record.Use == FrameUse.Anonymous ? slot : SwapSlot.None;
        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.FirstMapping(frame))
        {
            var mapping = rmap.MappingAt(cursor);
            var dropped = UnmapToSlot(mapping, entrySlot, TlbMissCause.Evicted);
            if (unmapped is not null)
            {
                var page = new MappedPage(mapping.Asid, mapping.Page);
                unmapped.Add(page);
                if (dropped)
                {
                    tlbDropped!.Add(page);
                }
            }
        }

        var inPageCache = record.Use.IsInPageCache();
        if (slot.IsValid)
        {
            kernel.Swap.SetCachedFrame(slot, FrameNumber.None);
        }

        if (inPageCache)
        {
            kernel.PageCache.Remove(record.FileId, record.FilePage);
            if (slot.IsValid)
            {
                // Shared anonymous memory: its entries simply go, and the object keeps the
                // slot for the page (the frame's reference passes to it), as shmem does.
                kernel.Files[record.FileId].SwappedPages[record.FilePage] = slot;
            }
        }
        else if (slot.IsValid)
        {
            // The page's ghost goes by the slot its entries now hold (IdentityOf), which the frame
            // names until the policy has heard of the eviction; then the frame's reference goes.
            record.SwapSlot = slot;
        }

        kernel.Counters.Evictions++;
        var owner = kernel.FindProcess(record.Owner);
        if (owner is not null)
        {
            owner.Counters.Evictions++;
        }

        if (kernel.Observer is { } observer)
        {
            ReportEviction(observer, frame, cause, dirty, slot, unmapped!, tlbDropped!, passedOver, secondChances, victimChance);
        }

        record.Dirty = false;
        kernel.TellPolicyRemoved(frame, RemovalReason.Evicted);
        if (!inPageCache && slot.IsValid)
        {
            kernel.ReleaseSwapSlot(slot);
        }

        kernel.ReleaseFrame(frame, owner);
    }

    // The eviction's event, for an observer: out of line, so that Evict, on the path of every
    // trace replay's fault once memory is full, keeps a small frame when nobody listens.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportEviction(IMachineObserver observer, FrameNumber frame, EvictionCause cause, bool dirty, SwapSlot slot, List<MappedPage> unmapped, List<MappedPage> tlbDropped, IReadOnlyList<PassedOverFrame>? passedOver, IReadOnlyList<SecondChanceFrame>? secondChances, SecondChanceFrame? victimChance)
    {
        ref readonly var record = ref _kernel.Frames[frame];
        var inPageCache = record.Use.IsInPageCache();
        observer.OnEviction(new EvictionEvent(
            frame, record.Owner, record.OwnerPage, record.Use, dirty, slot, unmapped,
            inPageCache ? record.FileId : -1, inPageCache ? record.FilePage : 0, cause)
        {
            SecondFrame = _secondFrame,
            PassedOver = passedOver ?? [],
            TlbDropped = tlbDropped,
            SecondChances = secondChances ?? [],
            VictimBitCleared = victimChance is not null,
            VictimTlbDropped = victimChance?.TlbDropped ?? [],
            Quota = cause is EvictionCause.AtQuota or EvictionCause.OverQuota or EvictionCause.OwnPage ? _kernel.QuotaOf(_kernel.FindProcess(_faultingPid)!) : 0,
        });
    }

    /// <inheritdoc/>
    public bool IsAccessed(FrameNumber frame)
    {
        var rmap = _kernel.ReverseMap;
        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.NextMapping(cursor))
        {
            if ((rmap.EntryAt(cursor).Flags & PteFlags.Accessed) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool TestAndClearAccessed(FrameNumber frame) => CountAndClearAccessed(frame) > 0;

    /// <inheritdoc/>
    public int CountAndClearAccessed(FrameNumber frame) =>
        _secondChances is null && !_kernel.NotesBitClears ? ClearInMappings(frame, PteFlags.Accessed) : ClearNoting(frame);

    /// <inheritdoc/>
    public void ClearAccessed(FrameNumber frame)
    {
        if (_kernel.NotesBitClears)
        {
            ClearNoting(frame, BitClearKind.Deactivated);
        }
        else
        {
            ClearInMappings(frame, PteFlags.Accessed, cause: TlbMissCause.Deactivated);
        }
    }

    /// <summary>
    /// While the observer hears of bit clears: the frame whose page the policy is being told of
    /// (<see cref="IReplacementPolicy.OnLoad"/>), so that a bit it clears then is the new page's
    /// own or one its hand passed after the load; <see cref="FrameNumber.None"/> otherwise.
    /// </summary>
    internal FrameNumber Loading { get; set; } = FrameNumber.None;

    /// <summary>While the observer hears of bit clears: true during the policy's periodic tick (<see cref="IReplacementPolicy.OnTick"/>).</summary>
    internal bool Ticking { get; set; }

    // While a search or bit clears are recorded: clears frame's reference bits, and if any was set,
    // notes it with the TLB entries that went with the bits: in a victim search, as a second
    // chance (unless kind says otherwise); elsewhere, as a clear of the kind the moment makes it.
    // A deactivation is noted whether or not a bit was set (BitClear.BitSet tells which): the page moved all the same.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ClearNoting(FrameNumber frame, BitClearKind? kind = null)
    {
        _dropped.Clear();
        var found = ClearInMappings(frame, PteFlags.Accessed, _dropped, kind == BitClearKind.Deactivated ? TlbMissCause.Deactivated : null);
        if (kind is null && _secondChances is not null)
        {
            if (found > 0)
            {
                _secondChances.Add(new SecondChanceFrame(frame, [.. _dropped]));
            }

            return found;
        }

        if (found > 0 || kind == BitClearKind.Deactivated)
        {
            ReportBitClear(frame, kind ?? (Ticking ? BitClearKind.Tick : frame == Loading ? BitClearKind.NewPage : BitClearKind.HandPassed), [.. _dropped], found > 0);
        }

        return found;
    }

    // Tells the observer of a clear, if it hears of them.
    private void ReportBitClear(FrameNumber frame, BitClearKind kind, List<MappedPage> dropped, bool bitSet = true)
    {
        if (_kernel.NotesBitClears)
        {
            ref readonly var record = ref _kernel.Frames[frame];
            _kernel.Observer!.OnBitClear(new BitClear(frame, kind, new MappedPage(record.Owner, record.OwnerPage), dropped, bitSet));
        }
    }

    // Clears bit in every entry that maps frame; returns how many had it. A TLB entry that has set
    // the bit would not set it again, so each entry cleared is flushed from the TLB (and the
    // flush counted: it is why TLB hits can be far fewer than hits), and noted in dropped if
    // given. Inlined: a clock's sweep tests a frame's bit at each step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClearInMappings(FrameNumber frame, PteFlags bit, List<MappedPage>? dropped = null, TlbMissCause? cause = null)
    {
        var found = 0;
        var rmap = _kernel.ReverseMap;
        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.NextMapping(cursor))
        {
            ref var entry = ref rmap.EntryAt(cursor);
            if ((entry.Flags & bit) != 0)
            {
                found++;
                entry.Flags &= ~bit;
                var mapping = rmap.MappingAt(cursor);
                if (_kernel.Tlb.Invalidate(mapping.Asid, mapping.Page, cause ?? (bit == PteFlags.Accessed ? TlbMissCause.ReferenceBitCleared : TlbMissCause.DirtyBitCleared)))
                {
                    _kernel.Counters.TlbDroppedByBitClears++;
                    dropped?.Add(new MappedPage(mapping.Asid, mapping.Page));
                }
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public bool IsDirty(FrameNumber frame)
    {
        var rmap = _kernel.ReverseMap;
        if (_kernel.Frames[frame].Dirty)
        {
            return true;
        }

        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.NextMapping(cursor))
        {
            if ((rmap.EntryAt(cursor).Flags & PteFlags.Dirty) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool CanEvict(FrameNumber frame)
    {
        ref var record = ref _kernel.Frames[frame];
        if (record.Use == FrameUse.Free)
        {
            return false;
        }

        if (record.Pinned)
        {
            return PassOver(frame, PassOverReason.Pinned);
        }

        // A process's own frames are in its scope without a lookup; another's only once it has ended.
        if (_scope is EvictionCause.AtQuota or EvictionCause.OwnPage && record.Owner != _faultingPid && _kernel.FindProcess(record.Owner) is { IsRunning: true })
        {
            return PassOver(frame, PassOverReason.OtherProcess);
        }

        if (_scope == EvictionCause.OverQuota && _kernel.FindProcess(record.Owner) is { IsRunning: true } owner
            && owner.AddressSpace.OwnedFrames <= _kernel.QuotaOf(owner))
        {
            return PassOver(frame, PassOverReason.NotOverQuota);
        }

        return !record.Use.IsSwapBacked() || record.SwapSlot.IsValid || HasFreeSwap || !IsDirty(frame)
            || PassOver(frame, PassOverReason.DirtyNoSwap);
    }

    // CanEvict's refusal: false, noted (once a frame) when a search is being recorded. Only a
    // refusal comes here, so a frame that can go costs nothing more.
    private bool PassOver(FrameNumber frame, PassOverReason reason)
    {
        if (_passedOver is { } list && !_passedOverFrames![frame.Value])
        {
            _passedOverFrames[frame.Value] = true;
            list.Add(new PassedOverFrame(frame, reason));
        }

        return false;
    }

    /// <inheritdoc/>
    public bool IsSwapBacked(FrameNumber frame) => _kernel.Frames[frame].Use.IsSwapBacked();

    /// <inheritdoc/>
    public bool HasFreeSwap => _kernel.Swap.FreeSlots > 0;

    /// <inheritdoc/>
    public bool HasEnded(int asid) => _kernel.FindProcess(asid) is { IsRunning: false };

    /// <inheritdoc/>
    public bool Clean(FrameNumber frame)
    {
        ref var record = ref _kernel.Frames[frame];
        if (record.Use == FrameUse.Free || !IsDirty(frame))
        {
            return record.Use != FrameUse.Free;
        }

        if (record.Use.IsSwapBacked() && !record.SwapSlot.IsValid && !HasFreeSwap)
        {
            return false;
        }

        var slot = WriteBack(frame);
        if (slot.IsValid && !record.SwapSlot.IsValid)
        {
            // The slot stays with the resident page as its swap cache.
            record.SwapSlot = slot;
            _kernel.Swap.SetCachedFrame(slot, frame);
        }

        record.Dirty = false;
        List<MappedPage>? dropped = _kernel.NotesBitClears ? [] : null;
        ClearInMappings(frame, PteFlags.Dirty, dropped);
        if (dropped is not null)
        {
            ReportBitClear(frame, BitClearKind.Cleaned, dropped);
        }

        return true;
    }

    /// <summary>
    /// Writes the page in <paramref name="frame"/> to its backing store: an anonymous page or
    /// a page of shared anonymous memory to its swap slot (allocated now if it has none, with
    /// the frame's reference), a file page to its file. Returns the slot written, or none for
    /// a file page.
    /// </summary>
    private SwapSlot WriteBack(FrameNumber frame)
    {
        var kernel = _kernel;
        ref var record = ref kernel.Frames[frame];
        kernel.Counters.Writebacks++;
        var owner = kernel.FindProcess(record.Owner);
        if (owner is not null)
        {
            owner.Counters.Writebacks++;
        }

        if (record.Use == FrameUse.File)
        {
            kernel.Files[record.FileId].PagesWritten++;
            return SwapSlot.None;
        }

        var slot = record.SwapSlot;
        if (!slot.IsValid && !kernel.Swap.TryAllocate(out slot))
        {
            throw new InvalidOperationException($"frame {frame} is written back with no swap slot free; CanEvict should have refused it");
        }

        kernel.Counters.SwapOuts++;
        if (owner is not null)
        {
            owner.Counters.SwapOuts++;
        }

        return slot;
    }
}
