using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Kernel;

/// <summary>
/// The page-fault handler (Linux's <c>handle_mm_fault</c> and its cases). The MMU raises
/// a fault and never resolves anything itself; this finds the region, checks the access
/// against it, and then, by the state of the page-table entry, zero-fills, reads a file
/// page, swaps in, or breaks copy-on-write. The caller retries the access afterwards.
/// </summary>
public sealed class FaultHandler
{
    private readonly Kernel _kernel;

    internal FaultHandler(Kernel kernel) => _kernel = kernel;

    /// <summary>
    /// Handles a fault by <paramref name="process"/> on <paramref name="page"/> for an access
    /// of <paramref name="kind"/>. On SIGSEGV or OOM the process may have been killed; the
    /// caller reports it.
    /// </summary>
    public FaultOutcome HandleMmFault(Process process, PageNumber page, AccessKind kind)
    {
        ArgumentNullException.ThrowIfNull(process);
        var mm = process.AddressSpace;
        var vma = mm.FindVma(page);
        if (vma is null)
        {
            return SigSegv(FaultKind.SegvUnmapped, SegvReason.Unmapped);
        }

        var reason = CheckAccess(vma.Protection, kind);
        if (reason != SegvReason.None)
        {
            return SigSegv(FaultKind.SegvProtection, reason);
        }

        var pte = mm.PageTable.Walk(page, alloc: true, out _);
        if (pte.Entry.IsNone)
        {
            return vma.Backing.IsAnonymous
                ? DoAnonymousPage(process, vma, page, pte)
                : DoFileFault(process, vma, page, pte, kind);
        }

        if (pte.Entry.IsSwapped)
        {
            return DoSwapPage(process, vma, page, pte, kind);
        }

        if (kind == AccessKind.Write && (pte.Entry.Flags & PteFlags.Write) == 0)
        {
            return DoWpPage(process, vma, page, pte);
        }

        // The entry already allows the access: nothing to do but retry.
        var spurious = FaultOutcome.Empty;
        spurious.Result = FaultResult.Retry;
        spurious.Frame = pte.Entry.Frame;
        return spurious;
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
    private FaultOutcome DoAnonymousPage(Process process, Vma vma, PageNumber page, PteRef pte)
    {
        var frame = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page);
        if (!frame.IsValid)
        {
            return OutOfMemory();
        }

        _kernel.MapPage(process, page, pte, frame, Pte.FlagsOf(vma.Protection));
        var outcome = Resolved(FaultKind.ZeroFill, FaultResult.Minor, frame);
        outcome.Loaded = frame;
        return outcome;
    }

    /// <summary>
    /// A file page not mapped here: found in the page cache (minor) or read from the file
    /// (major). A shared region maps the cached page itself. A private region maps it
    /// read-only and copy-on-write, and a write takes a private copy at once (do_cow_fault).
    /// </summary>
    private FaultOutcome DoFileFault(Process process, Vma vma, PageNumber page, PteRef pte, AccessKind kind)
    {
        var file = vma.Backing.FileId;
        var filePage = vma.FilePageOf(page);
        FaultOutcome outcome;
        if (_kernel.PageCache.TryFind(file, filePage, out var cached))
        {
            outcome = Resolved(FaultKind.PageCache, FaultResult.Minor, cached);
        }
        else
        {
            cached = _kernel.Reclaimer.AllocateFrame(process, FrameUse.File, page);
            if (!cached.IsValid)
            {
                return OutOfMemory();
            }

            ref var record = ref _kernel.Frames[cached];
            record.FileId = file;
            record.FilePage = filePage;
            _kernel.PageCache.Add(file, filePage, cached);
            _kernel.Files[file].PagesRead++;
            outcome = Resolved(FaultKind.FileRead, FaultResult.Major, cached);
            outcome.Loaded = cached;
        }

        var permissions = Pte.FlagsOf(vma.Protection);
        if (vma.Shared)
        {
            _kernel.MapPage(process, page, pte, cached, permissions);
            return outcome;
        }

        if (kind != AccessKind.Write)
        {
            var cow = (permissions & PteFlags.Write) != 0 ? PteFlags.Cow : PteFlags.None;
            _kernel.MapPage(process, page, pte, cached, (permissions & ~PteFlags.Write) | cow);
            return outcome;
        }

        var copy = CopyPage(process, page, cached);
        if (!copy.IsValid)
        {
            return OutOfMemory(outcome.Loaded);
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

        return outcome;
    }

    /// <summary>
    /// A swapped-out page: found still resident in the swap cache (minor), or read back
    /// from its slot into a new frame (major). The page is mapped writable only if no other
    /// entry still holds the slot; otherwise read-only and copy-on-write in a private
    /// region. A write then breaks the sharing at once, as do_swap_page does.
    /// </summary>
    private FaultOutcome DoSwapPage(Process process, Vma vma, PageNumber page, PteRef pte, AccessKind kind)
    {
        var slot = pte.Entry.Slot;
        var swap = _kernel.Swap;
        var frame = swap.CachedFrame(slot);
        FaultOutcome outcome;
        if (frame.IsValid)
        {
            outcome = Resolved(FaultKind.SwapCache, FaultResult.Minor, frame);
        }
        else
        {
            frame = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page);
            if (!frame.IsValid)
            {
                return OutOfMemory();
            }

            swap.Retain(slot);
            swap.SetCachedFrame(slot, frame);
            _kernel.Frames[frame].SwapSlot = slot;
            _kernel.Counters.SwapIns++;
            process.Counters.SwapIns++;
            outcome = Resolved(FaultKind.SwapIn, FaultResult.Major, frame);
            outcome.Loaded = frame;
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
        swap.Release(slot);
        if (kind == AccessKind.Write && (pte.Entry.Flags & PteFlags.Write) == 0)
        {
            var broken = DoWpPage(process, vma, page, pte);
            if ((broken.Result & FaultResult.Oom) != 0)
            {
                return OutOfMemory(outcome.Loaded);
            }

            outcome.Result |= broken.Result;
            outcome.Frame = broken.Frame;
            outcome.SourceFrame = broken.SourceFrame;
            if (broken.Loaded.IsValid)
            {
                outcome.LoadedSecond = broken.Loaded;
            }
        }

        return outcome;
    }

    /// <summary>
    /// A write to a present page whose entry is read-only in a writable region:
    /// copy-on-write. If this process is the page's last user (one mapping, an anonymous
    /// page, no other holder of its swap slot), the page is made writable in place (reuse);
    /// otherwise it is copied to a new frame and this entry repointed there (copy).
    /// </summary>
    private FaultOutcome DoWpPage(Process process, Vma vma, PageNumber page, PteRef pte)
    {
        var frame = pte.Entry.Frame;
        if (vma.Shared || _kernel.IsExclusive(frame))
        {
            pte.Entry.Flags = (pte.Entry.Flags & ~PteFlags.Cow) | PteFlags.Write;
            _kernel.Tlb.Invalidate(process.Pid, page);
            return Resolved(FaultKind.CowReuse, FaultResult.Minor | FaultResult.Cow, frame);
        }

        var copy = CopyPage(process, page, frame);
        if (!copy.IsValid)
        {
            return OutOfMemory();
        }

        _kernel.PutPage(_kernel.UnmapPte(process.Pid, page, pte));
        _kernel.MapPage(process, page, pte, copy, Pte.FlagsOf(vma.Protection));
        var outcome = Resolved(FaultKind.CowCopy, FaultResult.Minor | FaultResult.Cow, copy);
        outcome.SourceFrame = frame;
        outcome.Loaded = copy;
        return outcome;
    }

    /// <summary>Allocates a frame for a private copy of <paramref name="source"/>, which stays pinned meanwhile so reclaim cannot take it.</summary>
    private FrameNumber CopyPage(Process process, PageNumber page, FrameNumber source)
    {
        ref var record = ref _kernel.Frames[source];
        var wasPinned = record.Pinned;
        record.Pinned = true;
        var copy = _kernel.Reclaimer.AllocateFrame(process, FrameUse.Anonymous, page);
        _kernel.Frames[source].Pinned = wasPinned;
        if (copy.IsValid)
        {
            // A private copy exists nowhere else: it must reach swap before its frame can be reused.
            _kernel.Frames[copy].Dirty = true;
        }

        return copy;
    }

    private static FaultOutcome Resolved(FaultKind kind, FaultResult result, FrameNumber frame)
    {
        var outcome = FaultOutcome.Empty;
        outcome.Kind = kind;
        outcome.Result = result | FaultResult.Retry;
        outcome.Frame = frame;
        return outcome;
    }

    private static FaultOutcome SigSegv(FaultKind kind, SegvReason reason)
    {
        var outcome = FaultOutcome.Empty;
        outcome.Kind = kind;
        outcome.Result = FaultResult.SigSegv;
        outcome.Segv = reason;
        return outcome;
    }

    // A frame filled before the allocation that failed is still reported, so the policy hears of it.
    private static FaultOutcome OutOfMemory(FrameNumber? loaded = null)
    {
        var outcome = FaultOutcome.Empty;
        outcome.Kind = FaultKind.Oom;
        outcome.Result = FaultResult.Oom;
        outcome.Loaded = loaded ?? FrameNumber.None;
        return outcome;
    }
}
