using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Kernel;

/// <summary>
/// A process's virtual address space (Linux's <c>mm_struct</c>): its areas, sorted and
/// never overlapping, and its page table.
/// </summary>
public sealed class AddressSpace
{
    private readonly List<Vma> _areas = [];

    /// <summary>Creates an empty address space with the given ASID.</summary>
    public AddressSpace(int asid, PageGeometry geometry)
    {
        Asid = asid;
        PageTable = new PageTable(geometry);
    }

    /// <summary>The address-space identifier that tags its TLB entries.</summary>
    public int Asid { get; }

    /// <summary>The page table.</summary>
    public PageTable PageTable { get; }

    /// <summary>The areas, in address order.</summary>
    public IReadOnlyList<Vma> Areas => _areas;

    /// <summary>Page-table entries that map a frame.</summary>
    public int ResidentPages { get; internal set; }

    /// <summary>Frames this address space brought in that are still resident (its share under local replacement).</summary>
    public int OwnedFrames { get; internal set; }

    /// <summary>The first page of the heap, set by the first <c>brk</c>.</summary>
    public PageNumber? HeapStart { get; internal set; }

    /// <summary>The page just past the heap (the program break, in pages).</summary>
    public PageNumber? HeapEnd { get; internal set; }

    /// <summary>The area that contains <paramref name="page"/> (Linux's <c>find_vma</c>), or null.</summary>
    public Vma? FindVma(PageNumber page)
    {
        int lo = 0, hi = _areas.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var area = _areas[mid];
            if (page.Value < area.Start.Value)
            {
                hi = mid - 1;
            }
            else if (page.Value >= area.End.Value)
            {
                lo = mid + 1;
            }
            else
            {
                return area;
            }
        }

        return null;
    }

    /// <summary>True when any area overlaps pages <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public bool Overlaps(PageNumber start, PageNumber end) => FirstOverlapping(start, end) is not null;

    /// <summary>The first area that overlaps pages <paramref name="start"/> to <paramref name="end"/> (exclusive), or null.</summary>
    public Vma? FirstOverlapping(PageNumber start, PageNumber end) =>
        _areas.FirstOrDefault(a => a.Start.Value < end.Value && start.Value < a.End.Value);

    /// <summary>Adds an area; it must not overlap another.</summary>
    internal void Insert(Vma area)
    {
        if (Overlaps(area.Start, area.End))
        {
            throw new InvalidOperationException($"region {area} overlaps an existing region");
        }

        var at = _areas.FindIndex(a => a.Start.Value > area.Start.Value);
        _areas.Insert(at < 0 ? _areas.Count : at, area);
    }

    /// <summary>
    /// Removes pages <paramref name="start"/> to <paramref name="end"/> (exclusive) from the
    /// areas, splitting those that straddle the range; returns the removed pieces.
    /// </summary>
    internal List<Vma> Carve(PageNumber start, PageNumber end)
    {
        var removed = new List<Vma>();
        for (var i = 0; i < _areas.Count; i++)
        {
            var area = _areas[i];
            if (area.End.Value <= start.Value || area.Start.Value >= end.Value)
            {
                continue;
            }

            var cutStart = new PageNumber(Math.Max(area.Start.Value, start.Value));
            var cutEnd = new PageNumber(Math.Min(area.End.Value, end.Value));
            removed.Add(area.Slice(cutStart, cutEnd));
            _areas.RemoveAt(i);
            var insertAt = i;
            if (area.Start.Value < cutStart.Value)
            {
                _areas.Insert(insertAt++, area.Slice(area.Start, cutStart));
            }

            if (cutEnd.Value < area.End.Value)
            {
                _areas.Insert(insertAt++, area.Slice(cutEnd, area.End));
            }

            i = insertAt - 1;
        }

        return removed;
    }
}
