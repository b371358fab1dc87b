using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;
using Vmsim.Core.Storage;

namespace Vmsim.Core.Kernel;

/// <summary>
/// The page-fault handler (Linux's <c>handle_mm_fault</c> and its cases). The MMU raises
/// a fault and never resolves anything itself; this finds the region, checks the access
/// against it, and then, by the state of the page-table entry, zero-fills, reads a file
/// page, swaps in, or breaks copy-on-write. The caller retries the access afterwards.
/// </summary>
/// <remarks>
/// Every case fills the caller's <see cref="FaultOutcome"/> in place rather than
/// returning one: a fault is on the path of every trace replay, and a 40-byte struct
/// copied back through each layer cost more than the work of a cached fault. The rare
/// cases (SIGSEGV, out of memory) are kept out of line so the common ones stay small.
/// </remarks>
public sealed class FaultHandler
{
    private readonly Kernel _kernel;

    internal FaultHandler(Kernel kernel) => _kernel = kernel;

    /// <summary>
    /// Handles a fault by <paramref name="process"/> on <paramref name="page"/> for an access
    /// of <paramref name="kind"/>, describing what it did in <paramref name="outcome"/>. On
    /// SIGSEGV or OOM the process may have been killed; the caller reports it.
    /// </summary>
    public void HandleMmFault(Process process, PageNumber page, AccessKind kind, out FaultOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(process);
        outcome = FaultOutcome.Empty;
        var mm = process.AddressSpace;
        var vma = mm.FindVma(page);
        if (vma is null)
        {
            SigSegv(ref outcome, FaultKind.SegvUnmapped, SegvReason.Unmapped);
            return;
        }

        var reason = CheckAccess(vma.Protection, kind);
        if (reason != SegvReason.None)
        {
            SigSegv(ref outcome, FaultKind.SegvProtection, reason);
            return;
        }

        var pte = mm.PageTable.Walk(page, alloc: true, out _);
        if (pte.Entry.IsNone)
        {
            if (vma.Backing.IsAnonymous)
            {
                DoAnonymousPage(process, vma, page, pte, ref outcome);
            }
            else
            {
                DoFileFault(process, vma, page, pte, kind, ref outcome);
            }
        }
        else if (pte.Entry.IsSwapped)
        {
            DoSwapPage(process, vma, page, pte, kind, ref outcome);
        }
        else if (kind == AccessKind.Write && (pte.Entry.Flags & PteFlags.Write) == 0)
        {
            DoWpPage(process, vma, page, pte, ref outcome);
        }
        else
        {
            // The entry already allows the access: nothing to do but retry.
            outcome.Result = FaultResult.Retry;
            outcome.Frame = pte.Entry.Frame;
        }
    }

    /// <summary>Why a region with <paramref name="protection"/> refuses an access of <paramref name="kind"/>, or <see cref="SegvReason.None"/>.</summary>
    public static SegvReason CheckAccess(Protection protection, AccessKind kind)
    {
        if (ProtectionText.Permits(protection, kind))
        {
            return SegvReason.None;
        }

        return kind switch
        {
            AccessKind.Write => SegvReason.WriteToReadOnly,
            AccessKind.Execute => SegvReason.ExecuteNonExecutable,
            _ => (protection & Protection.Execute) != 0 ? SegvReason.ReadExecuteOnly : SegvReason.ReadNoAccess,
        };
    }

    /// <summary>First touch of an anonymous page: a zeroed frame, mapped with the region's permissions. A minor fault.</summary>
    private void DoAnonymousPage(Process process, Vma vma, PageNumber page, PteRef pte, ref FaultOutcome outcome)
    {
        var frame = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page, PageIdentity.Private(process.Pid, page));
        if (!frame.IsValid)
        {
            OutOfMemory(ref outcome, FrameNumber.None);
            return;
        }

        _kernel.MapPage(process, page, pte, frame, Pte.FlagsOf(vma.Protection));
        Resolved(ref outcome, FaultKind.ZeroFill, FaultResult.Minor, frame);
        outcome.Loaded = frame;
    }

    /// <summary>
    /// A file page not mapped here: found in the page cache (minor) or read from the file
    /// (major); a page of shared anonymous memory not in the page cache is read back from
    /// swap or zero-filled instead (<see cref="DoShmemPage"/>). A shared region maps the cached page itself. A private region maps it
    /// read-only and copy-on-write, and a write takes a private copy at once (do_cow_fault).
    /// </summary>
    private void DoFileFault(Process process, Vma vma, PageNumber page, PteRef pte, AccessKind kind, ref FaultOutcome outcome)
    {
        var file = vma.Backing.FileId;
        var backing = _kernel.Files[file];
        var filePage = vma.FilePageOf(page);
        if (_kernel.PageCache.TryFind(file, filePage, out var cached))
        {
            Resolved(ref outcome, FaultKind.PageCache, FaultResult.Minor, cached);
        }
        else if (backing.IsShmem)
        {
            cached = DoShmemPage(process, backing, filePage, page, ref outcome);
            if (!cached.IsValid)
            {
                return;
            }
        }
        else
        {
            cached = NewCachedPage(process, FrameUse.File, file, filePage, page, ref outcome);
            if (!cached.IsValid)
            {
                return;
            }

            backing.PagesRead++;
            Resolved(ref outcome, FaultKind.FileRead, FaultResult.Major, cached);
        }

        var permissions = Pte.FlagsOf(vma.Protection);
        if (vma.Shared)
        {
            _kernel.MapPage(process, page, pte, cached, permissions);
        }
        else if (kind != AccessKind.Write)
        {
            var cow = (permissions & PteFlags.Write) != 0 ? PteFlags.Cow : PteFlags.None;
            _kernel.MapPage(process, page, pte, cached, (permissions & ~PteFlags.Write) | cow);
        }
        else
        {
            DoCowFault(process, page, pte, cached, permissions, ref outcome);
        }
    }

    /// <summary>
    /// A page of shared anonymous memory that is not in the page cache (Linux's
    /// <c>shmem_get_folio</c>): if its object keeps a swap slot for it, it is read back from
    /// swap (major) and keeps the slot as its swap cache; otherwise it was never written,
    /// or was evicted clean with no swap copy, and a zeroed frame takes it (minor). Either
    /// way it joins the page cache, where the other sharers' faults find it. Returns the
    /// frame, or <see cref="FrameNumber.None"/> when out of memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameNumber DoShmemPage(Process process, BackingFile memory, long index, PageNumber page, ref FaultOutcome outcome)
    {
        var swapped = memory.SwappedPages.TryGetValue(index, out var slot);
        var frame = NewCachedPage(process, FrameUse.Shmem, memory.Id, index, page, ref outcome);
        if (!frame.IsValid)
        {
            return FrameNumber.None;
        }

        if (swapped)
        {
            // The object's reference to the slot passes to the frame, as its swap cache.
            memory.SwappedPages.Remove(index);
            SwapIn(process, slot, frame, ref outcome);
        }
        else
        {
            Resolved(ref outcome, FaultKind.ZeroFill, FaultResult.Minor, frame);
        }

        return frame;
    }

    /// <summary>
    /// A new frame for page <paramref name="index"/> of file <paramref name="file"/> (a file's or
    /// shared anonymous memory's), entered in the page cache and reported as the fault's load;
    /// the caller fills it (a read, a swap-in, zeroes) and says how. Returns
    /// <see cref="FrameNumber.None"/> with the outcome set to out of memory when none is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FrameNumber NewCachedPage(Process process, FrameUse use, int file, long index, PageNumber page, ref FaultOutcome outcome)
    {
        var frame = _kernel.Reclaimer.AllocateFrame(process, use, page, PageIdentity.InObject(file, index));
        if (!frame.IsValid)
        {
            OutOfMemory(ref outcome, FrameNumber.None);
            return frame;
        }

        ref var record = ref _kernel.Frames[frame];
        record.FileId = file;
        record.FilePage = index;
        _kernel.PageCache.Add(file, index, frame);
        outcome.Loaded = frame;
        return frame;
    }

    /// <summary>A write to a private file mapping: the page just found or read is copied at once, and the copy mapped writable (do_cow_fault).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DoCowFault(Process process, PageNumber page, PteRef pte, FrameNumber cached, PteFlags permissions, ref FaultOutcome outcome)
    {
        var copy = CopyPage(process, page, cached, secondOfFault: outcome.Loaded.IsValid);
        if (!copy.IsValid)
        {
            OutOfMemory(ref outcome, outcome.Loaded);
            return;
        }

        _kernel.MapPage(process, page, pte, copy, permissions);
        outcome.Result |= FaultResult.Cow;
        outcome.SourceFrame = cached;
        outcome.Frame = copy;
        if (outcome.Loaded.IsValid)
        {
            outcome.LoadedSecond = copy;
        }
        else
        {
            outcome.Loaded = copy;
        }
    }

    /// <summary>
    /// A swapped-out page: found still resident in the swap cache (minor), or read back
    /// from its slot into a new frame (major). The page is mapped writable only if no other
    /// entry still holds the slot; otherwise read-only and copy-on-write in a private
    /// region. A write then breaks the sharing at once, as do_swap_page does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DoSwapPage(Process process, Vma vma, PageNumber page, PteRef pte, AccessKind kind, ref FaultOutcome outcome)
    {
        var slot = pte.Entry.Slot;
        var swap = _kernel.Swap;
        var frame = swap.CachedFrame(slot);
        if (frame.IsValid)
        {
            Resolved(ref outcome, FaultKind.SwapCache, FaultResult.Minor, frame);
        }
        else
        {
            // The page is known by its slot, whichever process's entry holds it (a parent's or a
            // child's): a refault of the page the slot's eviction remembered.
            frame = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page, PageIdentity.InSwap(slot));
            if (!frame.IsValid)
            {
                OutOfMemory(ref outcome, FrameNumber.None);
                return;
            }

            // The frame's swap cache takes a reference of its own; the entry's goes below.
            swap.Retain(slot);
            SwapIn(process, slot, frame, ref outcome);
        }

        outcome.Slot = slot;
        var exclusive = swap.ReferencesOf(slot) == 2 && _kernel.Frames[frame].MapCount == 0;
        var permissions = Pte.FlagsOf(vma.Protection);
        if (!vma.Shared && !exclusive)
        {
            permissions = (permissions & ~PteFlags.Write) | ((permissions & PteFlags.Write) != 0 ? PteFlags.Cow : PteFlags.None);
        }

        pte.Entry = default;
        _kernel.MapPage(process, page, pte, frame, permissions);

        // The entry no longer holds the slot; the frame's swap-cache reference keeps it.
        _kernel.ReleaseSwapSlot(slot);
        if (kind == AccessKind.Write && (pte.Entry.Flags & PteFlags.Write) == 0)
        {
            var broken = FaultOutcome.Empty;
            DoWpPage(process, vma, page, pte, ref broken, secondOfFault: outcome.Loaded.IsValid);
            if ((broken.Result & FaultResult.Oom) != 0)
            {
                OutOfMemory(ref outcome, outcome.Loaded);
                return;
            }

            outcome.Result |= broken.Result;
            outcome.Frame = broken.Frame;
            outcome.SourceFrame = broken.SourceFrame;
            if (broken.Loaded.IsValid)
            {
                outcome.LoadedSecond = broken.Loaded;
            }
        }
    }

    /// <summary>
    /// A write to a present page whose entry is read-only in a writable region:
    /// copy-on-write. If this process is the page's last user (one mapping, an anonymous
    /// page, no other holder of its swap slot), the page is made writable in place (reuse);
    /// otherwise it is copied to a new frame and this entry repointed there (copy).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DoWpPage(Process process, Vma vma, PageNumber page, PteRef pte, ref FaultOutcome outcome, bool secondOfFault = false)
    {
        var frame = pte.Entry.Frame;
        if (vma.Shared || _kernel.IsExclusive(frame))
        {
            pte.Entry.Flags = (pte.Entry.Flags & ~PteFlags.Cow) | PteFlags.Write;
            _kernel.Tlb.Invalidate(process.Pid, page, TlbMissCause.CopyOnWrite);
            Resolved(ref outcome, FaultKind.CowReuse, FaultResult.Minor | FaultResult.Cow, frame);
            return;
        }

        var copy = CopyPage(process, page, frame, secondOfFault);
        if (!copy.IsValid)
        {
            OutOfMemory(ref outcome, FrameNumber.None);
            return;
        }

        _kernel.PutPage(_kernel.UnmapPte(process.Pid, page, pte, TlbMissCause.CopyOnWrite));
        _kernel.MapPage(process, page, pte, copy, Pte.FlagsOf(vma.Protection));
        Resolved(ref outcome, FaultKind.CowCopy, FaultResult.Minor | FaultResult.Cow, copy);
        outcome.SourceFrame = frame;
        outcome.Loaded = copy;
    }

    /// <summary>
    /// Allocates a frame for a private copy of <paramref name="source"/>, which stays pinned
    /// meanwhile so reclaim cannot take it; <paramref name="secondOfFault"/> when the fault
    /// has just brought <paramref name="source"/> in (see <see cref="Reclaimer.AllocateFrame"/>).
    /// </summary>
    private FrameNumber CopyPage(Process process, PageNumber page, FrameNumber source, bool secondOfFault)
    {
        ref var record = ref _kernel.Frames[source];
        var wasPinned = record.Pinned;
        record.Pinned = true;
        var copy = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page, PageIdentity.Private(process.Pid, page), secondOfFault);
        _kernel.Frames[source].Pinned = wasPinned;

        // The OOM killer may have ended every process that mapped the source while it was
        // pinned, which kept it from being freed with them: free it now if nobody holds it.
        _kernel.PutPage(source);

        if (copy.IsValid)
        {
            // A private copy exists nowhere else: it must reach swap before its frame can be reused.
            _kernel.Frames[copy].Dirty = true;
        }

        return copy;
    }

    // The page in swap slot slot is read into frame, which keeps the slot as its swap cache
    // (the caller has settled who holds the slot's references): a major fault.
    private void SwapIn(Process process, SwapSlot slot, FrameNumber frame, ref FaultOutcome outcome)
    {
        _kernel.Swap.SetCachedFrame(slot, frame);
        _kernel.Frames[frame].SwapSlot = slot;
        _kernel.Counters.SwapIns++;
        process.Counters.SwapIns++;
        Resolved(ref outcome, FaultKind.SwapIn, FaultResult.Major, frame);
        outcome.Slot = slot;
        outcome.Loaded = frame;
    }

    // The outcome arrives empty (FaultOutcome.Empty): each case sets only what it has to say.
    private static void Resolved(ref FaultOutcome outcome, FaultKind kind, FaultResult result, FrameNumber frame)
    {
        outcome.Kind = kind;
        outcome.Result = result | FaultResult.Retry;
        outcome.Frame = frame;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SigSegv(ref FaultOutcome outcome, FaultKind kind, SegvReason reason)
    {
        outcome.Kind = kind;
        outcome.Result = FaultResult.SigSegv;
        outcome.Segv = reason;
    }

    // Whatever the case had found is dropped, except a frame filled before the allocation
    // that failed: it is still reported, so the policy hears of it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OutOfMemory(ref FaultOutcome outcome, FrameNumber loaded)
    {
        outcome = FaultOutcome.Empty;
        outcome.Kind = FaultKind.Oom;
        outcome.Result = FaultResult.Oom;
        outcome.Loaded = loaded;
    }
}
