using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Kernel;

/// <summary>
/// Checks that the kernel's structures agree with each other, in the spirit of Linux's
/// <c>CONFIG_DEBUG_VM</c>; tests turn it on after every step. Each broken invariant throws
/// <see cref="InvariantViolationException"/> with the state that broke it.
/// </summary>
public sealed class InvariantChecker
{
    private readonly Kernel _kernel;

    /// <summary>Creates a checker over <paramref name="kernel"/>.</summary>
    public InvariantChecker(Kernel kernel) => _kernel = kernel;

    /// <summary>Checks every invariant:
    /// every present PTE maps an in-use frame that maps back to it in the reverse map;
    /// map counts equal the number of mappings; no frame is both free and mapped;
    /// an anonymous frame in use is mapped, pinned, or in the swap cache for an entry that holds its slot; swap reference counts equal the
    /// swapped PTEs plus the swap cache plus the swapped pages of shared anonymous memory,
    /// which is freed once nothing maps it; the page cache and file frames agree;
    /// each process's resident and owned counts are right; no PTE grants more than its
    /// region or is writable and copy-on-write; every valid TLB entry agrees with its
    /// PTE; the policy holds exactly the frames in use and remembers no evicted page of an
    /// ended process; the count of running processes is right.
    /// </summary>
    public void Check()
    {
        Require(!_kernel.HasUnreportedFrees, "shared memory was freed but its freeing was never told to the observer");
        var frames = _kernel.Frames;
        var mapped = new int[frames.Count];
        var slotRefs = new int[_kernel.Swap.Slots];
        foreach (var process in _kernel.Processes)
        {
            CheckAddressSpace(process, mapped, slotRefs);
        }

        var owned = new Dictionary<int, int>();
        for (var f = 0; f < frames.Count; f++)
        {
            var frame = new FrameNumber(f);
            ref var record = ref frames[frame];
            var rmapCount = _kernel.ReverseMap.MappingsOf(frame).Length;
            Require(record.MapCount == mapped[f] && rmapCount == mapped[f],
                $"frame {f} has map count {record.MapCount} and {rmapCount} reverse-map records, but {mapped[f]} PTEs map it");
            var free = record.Use == FrameUse.Free;
            Require(free == frames.IsOnFreeList(frame), $"frame {f} is {(free ? "free but not on the free list" : "in use but on the free list")}");
            Require(!free || mapped[f] == 0, $"frame {f} is free but mapped by {mapped[f]} PTEs");
            Require(free || record.Use != FrameUse.Anonymous || mapped[f] > 0 || record.Pinned || _kernel.InSwapCacheForAnother(frame),
                $"anonymous frame {f} is in use but nobody maps it, nor holds its swap slot");
            Require(free != _kernel.PolicyHolds(frame), $"frame {f} is {(free ? "free but still held by the policy" : "in use but unknown to the policy")}");
            if (!free)
            {
                owned[record.Owner] = owned.GetValueOrDefault(record.Owner) + 1;
            }

            if (record.Use.IsInPageCache())
            {
                Require((record.Use == FrameUse.Shmem) == _kernel.Files[record.FileId].IsShmem,
                    $"frame {f} holds a page of {_kernel.Files[record.FileId].Name} as {record.Use} memory");
                Require(_kernel.PageCache.TryFind(record.FileId, record.FilePage, out var cached) && cached == frame,
                    $"file frame {f} (file {record.FileId} page {record.FilePage}) is not in the page cache");
            }

            Require(!record.SwapSlot.IsValid || record.Use.IsSwapBacked(), $"frame {f} holds {record.Use} memory but keeps swap slot {record.SwapSlot}");
            if (record.Use.IsSwapBacked() && record.SwapSlot.IsValid)
            {
                Require(_kernel.Swap.CachedFrame(record.SwapSlot) == frame, $"frame {f} keeps swap slot {record.SwapSlot}, which does not point back to it");
                slotRefs[record.SwapSlot.Value]++;
            }
        }

        foreach (var (key, frame) in _kernel.PageCache.Entries)
        {
            ref var record = ref frames[frame];
            Require(record.Use.IsInPageCache() && record.FileId == key.File && record.FilePage == key.Page,
                $"the page cache says frame {frame} holds page {key.Page} of file {key.File}, but the frame disagrees");
        }

        CheckSharedAnonymousMemory(slotRefs);
        var ghosts = _kernel.Policy as IGhostKeeper;
        for (var s = 0; s < slotRefs.Length; s++)
        {
            Require(_kernel.Swap.ReferencesOf(new SwapSlot(s)) == slotRefs[s],
                $"swap slot {s} has {Plural.Count(_kernel.Swap.ReferencesOf(new SwapSlot(s)), "reference")}, but PTEs and swap-cache frames hold it {Plural.Count(slotRefs[s], "time")}");
            Require(slotRefs[s] > 0 || ghosts is null || !ghosts.Remembers(PageIdentity.InSwap(new SwapSlot(s))),
                $"policy {_kernel.Policy.Name} still remembers the page of swap slot {s}, which is free");
        }

        foreach (var process in _kernel.Processes)
        {
            Require(process.AddressSpace.OwnedFrames == owned.GetValueOrDefault(process.Pid),
                $"{process} is said to own {Plural.Count(process.AddressSpace.OwnedFrames, "frame")}, but owns {owned.GetValueOrDefault(process.Pid)}");
        }

        var running = _kernel.Processes.Count(p => p.IsRunning);
        Require(_kernel.RunningProcesses == running, $"the kernel counts {_kernel.RunningProcesses} running processes, but {running} are");
        if (ghosts is not null)
        {
            foreach (var process in _kernel.Processes.Where(p => !p.IsRunning))
            {
                Require(!ghosts.Remembers(process.Pid), $"policy {_kernel.Policy.Name} still remembers evicted pages of {process}, which has ended");
            }

            foreach (var memory in _kernel.Files.Files.Where(f => f.Freed))
            {
                Require(!ghosts.RemembersObject(memory.Id), $"policy {_kernel.Policy.Name} still remembers evicted pages of {memory.Name}, which has been freed");
            }
        }

        foreach (var entry in _kernel.Tlb.ValidEntries())
        {
            var process = _kernel.FindProcess(entry.Asid);
            Require(process is { IsRunning: true }, $"TLB entry {entry.Slot} belongs to ASID {entry.Asid}, which is not a running process");
            var pte = entry.Pte.Entry;
            Require(pte.IsPresent && pte.Frame == entry.Frame, $"TLB entry {entry.Slot} maps page {entry.Page} of P{entry.Asid} to frame {entry.Frame}, but its PTE says {Describe(pte)}");
            Require((entry.Permissions & ~(pte.Flags & PteFlags.Permissions)) == 0,
                $"TLB entry {entry.Slot} for page {entry.Page} of P{entry.Asid} grants {entry.Permissions}, more than its PTE's {pte.Flags & PteFlags.Permissions}");
            Require((entry.Usage & ~pte.Flags) == 0,
                $"TLB entry {entry.Slot} for page {entry.Page} of P{entry.Asid} has set {entry.Usage} in its PTE, but the PTE has {pte.Flags & (PteFlags.Accessed | PteFlags.Dirty)}: whoever cleared them did not flush the entry");
        }
    }

    // Each swapped page of a shared anonymous memory object holds its slot and is not also
    // resident; an object no running process maps has been freed.
    private void CheckSharedAnonymousMemory(int[] slotRefs)
    {
        foreach (var memory in _kernel.Files.Files.Where(f => f.IsShmem))
        {
            foreach (var (index, slot) in memory.SwappedPages)
            {
                slotRefs[slot.Value]++;
                Require(!_kernel.PageCache.TryFind(memory.Id, index, out var frame),
                    $"page {index} of {memory.Name} is both swapped (slot {slot}) and resident (frame {frame})");
            }

            Require(_kernel.IsMapped(memory) || (memory.SwappedPages.Count == 0 && !_kernel.PageCache.Entries.Any(e => e.Key.File == memory.Id)),
                $"{memory.Name} is mapped by no running process but still holds pages");
        }
    }

    private void CheckAddressSpace(Process process, int[] mapped, int[] slotRefs)
    {
        var mm = process.AddressSpace;
        var resident = 0;
        mm.PageTable.ForEachEntry((page, pte) =>
        {
            var entry = pte.Entry;
            Require(process.IsRunning, $"{process} has ended but its page {page} still has an entry: {Describe(entry)}");
            var vma = mm.FindVma(page);
            Require(vma is not null, $"page {page} of {process} has an entry ({Describe(entry)}) but no region maps it");
            if (entry.IsSwapped)
            {
                Require(entry.Slot.Value < slotRefs.Length, $"page {page} of {process} holds swap slot {entry.Slot}, beyond the device");
                slotRefs[entry.Slot.Value]++;
                return;
            }

            resident++;
            var frame = entry.Frame;
            Require(frame.Value >= 0 && frame.Value < mapped.Length, $"page {page} of {process} maps frame {frame}, which does not exist");
            mapped[frame.Value]++;
            Require(_kernel.Frames[frame].Use != FrameUse.Free, $"page {page} of {process} maps frame {frame}, which is free");
            Require(HasMapping(frame, process.Pid, page, pte), $"page {page} of {process} maps frame {frame}, but the reverse map does not know it");
            var granted = entry.Protection;
            Require((granted & ~vma!.Protection) == 0, $"page {page} of {process} grants {ProtectionText.Format(granted)}, more than its region's {ProtectionText.Format(vma.Protection)}");
            Require((entry.Flags & PteFlags.Cow) == 0 || (entry.Flags & PteFlags.Write) == 0, $"page {page} of {process} is copy-on-write but writable");
        });
        Require(mm.ResidentPages == resident, $"{process} is said to have {Plural.Count(mm.ResidentPages, "resident page")}, but {Plural.Count(resident, "PTE")} {(resident == 1 ? "is" : "are")} present");
    }

    private bool HasMapping(FrameNumber frame, int asid, PageNumber page, PteRef pte)
    {
        var rmap = _kernel.ReverseMap;
        for (var cursor = rmap.FirstMapping(frame); cursor >= 0; cursor = rmap.NextMapping(cursor))
        {
            var mapping = rmap.MappingAt(cursor);
            if (mapping.Asid == asid && mapping.Page == page && ReferenceEquals(mapping.Pte.Leaf, pte.Leaf) && mapping.Pte.Index == pte.Index)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Pte entry) => entry.IsPresent
        ? $"present, frame {entry.Frame}, {entry.Flags}"
        : entry.IsSwapped ? $"swapped to slot {entry.Slot}" : "empty";

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }

    // The message is formatted only when the condition fails (see InvariantMessage).
    private static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref InvariantMessage message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message.ToStringAndClear());
        }
    }
}
