using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>fork: a child that shares every page of its parent, copy-on-write.</summary>
public sealed partial class Kernel
{
    /// <summary>
    /// Creates a child of <paramref name="parent"/> with a copy of its address space
    /// (dup_mmap, copy_page_range). Resident pages are shared, not copied: in writable
    /// private regions both entries become read-only and copy-on-write, so the first write
    /// by either side takes a copy; read-only private regions (program text) and shared
    /// regions keep their permissions. Swapped
    /// entries are copied and their slot's reference count raised. No frame is allocated.
    /// </summary>
    public Process Fork(Process parent, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        parent.RequireRunning("fork");
        var child = new Process(_processes.Count + 1, name ?? parent.Name, parent.Pid, Geometry)
        {
            FrameQuota = parent.FrameQuota,
        };
        AddProcess(child);
        var from = parent.AddressSpace;
        var to = child.AddressSpace;
        to.HeapStart = from.HeapStart;
        to.HeapEnd = from.HeapEnd;
        var shared = 0;
        var protectedPages = 0;
        var flushed = 0;
        foreach (var area in from.Areas)
        {
            to.Insert(area.Slice(area.Start, area.End));
            from.PageTable.ForEachEntry(area.Start, area.End, (page, parentPte) =>
            {
                ref var entry = ref parentPte.Entry;
                var childPte = to.PageTable.Walk(page, alloc: true, out _);
                if (entry.IsSwapped)
                {
                    Swap.Retain(entry.Slot);
                    childPte.Entry = entry;
                    return;
                }

                var frame = entry.Frame;
                if ((entry.Flags & PteFlags.Dirty) != 0)
                {
                    // The child's entry starts clean, so the page itself remembers it differs from its backing copy.
                    Frames[frame].Dirty = true;
                }

                var flags = entry.Flags & (PteFlags.Permissions | PteFlags.Cow);
                // Only an entry that grants write is write-protected (copy_present_pte's
                // pte_write test; no entry grants more than its region): a private file page read
                // in is read-only and copy-on-write already.
                if (!area.Shared && (entry.Flags & PteFlags.Write) != 0)
                {
                    flags = (flags & ~PteFlags.Write) | PteFlags.Cow;
                    entry.Flags = (entry.Flags & ~PteFlags.Write) | PteFlags.Cow;
                    protectedPages++;
                    if (Tlb.Invalidate(parent.Pid, page, TlbMissCause.ForkWriteProtect))
                    {
                        flushed++;
                    }
                }

                MapPage(child, page, childPte, frame, flags);
                shared++;
            });
        }

        Observer?.OnOperation(new OperationEvent("fork", parent.Pid,
            $"{parent} forked {child}: {Plural.Count(shared, "resident page")} {(shared == 1 ? "is" : "are")} now shared, private ones read-only and copy-on-write in both{WriteProtectText(parent, protectedPages, flushed)}"));
        return child;
    }

    // What fork's write-protect did to the parent: its writable private pages lost write
    // permission, so the TLB entries that still granted it were flushed (the first write after
    // the fork misses the TLB, walks, and takes the copy-on-write fault).
    private string WriteProtectText(Process parent, int pages, int flushed)
    {
        if (pages == 0)
        {
            return string.Empty;
        }

        var tlb = !Tlb.Enabled ? string.Empty
            : flushed == 0 ? $"; {TlbEntriesText.NoneHeld(pages)}"
            : flushed == pages ? $" and flushed {TlbEntriesText.Entries(pages, flushed)}"
            : $" and flushed their TLB entries ({flushed} of the {pages} {(flushed == 1 ? "was" : "were")} in the TLB)";
        return $"; the kernel write-protected {Plural.Count(pages, "writable private page")} of {parent}{tlb}";
    }
}
