using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>The system calls that shape an address space: mmap, munmap, mprotect and brk.</summary>
public sealed partial class Kernel
{
    /// <summary>
    /// Maps <paramref name="pages"/> pages at <paramref name="start"/> (a fixed address, as
    /// <c>MAP_FIXED_NOREPLACE</c>: it must not overlap an existing region). Nothing is
    /// loaded: pages arrive by demand paging on first touch.
    /// </summary>
    /// <param name="process">The process.</param>
    /// <param name="start">The first page.</param>
    /// <param name="pages">How many pages.</param>
    /// <param name="protection">What accesses are allowed.</param>
    /// <param name="file">The file to map, or null for anonymous memory.</param>
    /// <param name="filePage">For a file, the file page mapped at <paramref name="start"/>.</param>
    /// <param name="shared">
    /// Shared (writes reach the file, and other mappings of it) or private (copy-on-write).
    /// Shared anonymous memory (no file) is a new memory object that the process and its
    /// children after fork share, backed by swap (Linux's shmem).
    /// </param>
    /// <param name="name">A label for reports; defaults to the file name or "anon".</param>
    public Vma Mmap(Process process, PageNumber start, ulong pages, Protection protection, string? file = null, long filePage = 0, bool shared = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("mmap");
        if (pages == 0)
        {
            throw new SimulationException("mmap: a region must hold at least one page");
        }

        var end = new PageNumber(start.Value + pages);
        if (end.Value < start.Value || !Geometry.Contains(new PageNumber(end.Value - 1)))
        {
            throw new SimulationException($"mmap: pages {start} to {end} lie outside the {Geometry.AddressBits}-bit address space");
        }

        if (process.AddressSpace.FirstOverlapping(start, end) is { } other)
        {
            throw new SimulationException($"mmap: {Geometry.AddressOf(start)}-{Geometry.AddressOf(end)} overlaps the region {other.Describe(Geometry)} of {process}");
        }

        // Shared anonymous memory is a new memory object of its own, like an unlinked file.
        var backing = file is not null ? VmaBacking.File(Files.Open(file).Id, filePage)
            : shared ? VmaBacking.File(Files.CreateShmem().Id, 0)
            : VmaBacking.Anonymous;
        var area = new Vma(start, end, protection, backing, shared, name ?? file ?? (shared ? "shared anon" : "anon"));
        process.AddressSpace.Insert(area);
        Observer?.OnOperation(new OperationEvent("mmap", process.Pid, $"{process} mapped {area.Describe(Geometry)}"));
        return area;
    }

    /// <summary>
    /// Unmaps pages <paramref name="start"/> up to <paramref name="start"/> +
    /// <paramref name="pages"/>: resident pages are released (file pages stay in the page
    /// cache), swap slots are freed, regions are split where the range cuts them. Its event
    /// says what that freed (<see cref="OperationEvent.Freed"/>).
    /// </summary>
    public void Munmap(Process process, PageNumber start, ulong pages)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("munmap");
        var end = new PageNumber(start.Value + pages);
        var held = HeldIfObserved();
        ZapRange(process, start, end);
        var removed = process.AddressSpace.Carve(start, end);
        FreeUnmappedShmem(process.Pid);
        if (held is not null)
        {
            Observer?.OnOperation(new OperationEvent("munmap", process.Pid, removed.Count == 0
                ? $"{process} unmapped pages {start} to {end}, where nothing was mapped"
                : $"{process} unmapped {string.Join(", ", removed.Select(r => r.Describe(Geometry)))}") { Freed = held.Freed() });
        }

        ReportFreedShmem();
    }

    /// <summary>
    /// Changes the protection of pages <paramref name="start"/> up to <paramref name="start"/>
    /// + <paramref name="pages"/>, which must all be mapped. Present entries take the new
    /// permissions at once, except that a private page not exclusively this process's
    /// (shared after fork, or a page-cache page) stays read-only and copy-on-write; their
    /// TLB entries are invalidated.
    /// </summary>
    public void Mprotect(Process process, PageNumber start, ulong pages, Protection protection)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("mprotect");
        var mm = process.AddressSpace;
        var end = new PageNumber(start.Value + pages);
        for (var page = start.Value; page < end.Value;)
        {
            var area = mm.FindVma(new PageNumber(page)) ?? throw new SimulationException($"mprotect: page {new PageNumber(page)} of {process} is not mapped");
            page = area.End.Value;
        }

        foreach (var piece in mm.Carve(start, end))
        {
            var updated = piece.Slice(piece.Start, piece.End, protection);
            mm.Insert(updated);
            mm.PageTable.ForEachEntry(piece.Start, piece.End, (page, pte) =>
            {
                ref var entry = ref pte.Entry;
                if (!entry.IsPresent)
                {
                    return;
                }

                // A private page shared with another process (after fork) or with the page
                // cache stays read-only and copy-on-write: the first write must copy it.
                var granted = Pte.FlagsOf(protection);
                var cow = entry.Flags & PteFlags.Cow;
                if (!updated.Shared && (granted & PteFlags.Write) != 0 && !IsExclusive(entry.Frame))
                {
                    granted &= ~PteFlags.Write;
                    cow = PteFlags.Cow;
                }
                else if ((granted & PteFlags.Write) != 0)
                {
                    cow = PteFlags.None;
                }

                entry.Flags = (entry.Flags & ~(PteFlags.Permissions | PteFlags.Cow)) | granted | cow;
                Tlb.Invalidate(process.Pid, page, TlbMissCause.ProtectionChanged);
            });
        }

        Observer?.OnOperation(new OperationEvent("mprotect", process.Pid, $"{process} set {Geometry.AddressOf(start)}-{Geometry.AddressOf(end)} to {ProtectionText.Format(protection)}"));
    }

    /// <summary>
    /// Makes pages <paramref name="start"/> up to <paramref name="end"/>, already mapped, the
    /// heap of <paramref name="process"/>, as a program loader sets the heap's start and the
    /// program break (Linux's <c>start_brk</c> and <c>brk</c>) after exec: <see cref="Brk"/>
    /// then moves its end. A process has one heap, set once.
    /// </summary>
    public void StartHeap(Process process, PageNumber start, PageNumber end)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("brk");
        var mm = process.AddressSpace;
        if (mm.HeapStart is not null)
        {
            throw new InvalidOperationException($"{process} already has a heap, from page {mm.HeapStart} to {mm.HeapEnd}");
        }

        mm.HeapStart = start;
        mm.HeapEnd = end;
    }

    /// <summary>
    /// Moves the program break by <paramref name="deltaPages"/>: the heap is an anonymous,
    /// private, read-write region that starts at <paramref name="heapStart"/> on the first
    /// call, unless <see cref="StartHeap"/> gave it a start. Growing maps pages (loaded on
    /// demand), shrinking unmaps them; shrinking by more pages than the heap has, or growing
    /// it over another region or out of the address space, is refused. Returns the new break;
    /// its event says what a shrink freed (<see cref="OperationEvent.Freed"/>).
    /// </summary>
    public PageNumber Brk(Process process, long deltaPages, PageNumber heapStart)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.RequireRunning("brk");
        var mm = process.AddressSpace;
        var start = mm.HeapStart ?? heapStart;
        var end = mm.HeapEnd ?? start;
        var pages = end.Value - start.Value;
        if (deltaPages < -(long)pages)
        {
            throw new SimulationException($"brk: the heap of {process} has {Plural.Count((long)pages, "page")}; it cannot shrink by {Plural.Count(-deltaPages, "page")}");
        }

        var newEnd = new PageNumber((ulong)((long)end.Value + deltaPages));
        HeldMemory? held = null;
        if (newEnd.Value > end.Value)
        {
            if (!Geometry.Contains(new PageNumber(newEnd.Value - 1)))
            {
                throw new SimulationException($"brk: growing the heap of {process} by {Plural.Count(deltaPages, "page")} would take it beyond the {Geometry.AddressBits}-bit address space");
            }

            if (mm.FirstOverlapping(end, newEnd) is { } other)
            {
                throw new SimulationException($"brk: growing the heap of {process} to {Geometry.AddressOf(start)}-{Geometry.AddressOf(newEnd)} would overlap the region {other.Describe(Geometry)}");
            }

            mm.Insert(new Vma(end, newEnd, Protection.ReadWrite, VmaBacking.Anonymous, false, "heap"));
        }
        else if (newEnd.Value < end.Value)
        {
            held = HeldIfObserved();
            ZapRange(process, newEnd, end);
            mm.Carve(newEnd, end);
        }

        mm.HeapStart = start;
        mm.HeapEnd = newEnd;
        // Only a shrinking heap frees anything.
        Observer?.OnOperation(new OperationEvent("brk", process.Pid, $"{process} moved its program break to {Geometry.AddressOf(newEnd)} (heap of {Plural.Count((long)(newEnd.Value - start.Value), "page")})") { Freed = held?.Freed() ?? FreedMemory.None });

        return newEnd;
    }
}
