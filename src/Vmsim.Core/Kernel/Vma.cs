using Vmsim.Core.Addressing;

namespace Vmsim.Core.Kernel;

/// <summary>
/// A virtual memory area (Linux's <c>vm_area_struct</c>): a page-aligned range of an
/// address space with one protection, one backing, and private or shared semantics.
/// </summary>
public sealed class Vma
{
    /// <summary>Creates an area from <paramref name="start"/> up to, not including, <paramref name="end"/>.</summary>
    public Vma(PageNumber start, PageNumber end, Protection protection, VmaBacking backing, bool shared, string name)
    {
        if (end.Value <= start.Value)
        {
            throw new ArgumentException($"a region must hold at least one page (start {start}, end {end})", nameof(end));
        }

        Start = start;
        End = end;
        Protection = protection;
        Backing = backing;
        Shared = shared;
        Name = name;
    }

    /// <summary>The first page.</summary>
    public PageNumber Start { get; }

    /// <summary>The page just past the last one.</summary>
    public PageNumber End { get; }

    /// <summary>What accesses are allowed.</summary>
    public Protection Protection { get; }

    /// <summary>Anonymous memory or a file.</summary>
    public VmaBacking Backing { get; }

    /// <summary>
    /// Shared: writes reach the file (or, for anonymous memory, the other processes that
    /// inherited it); private: writes go to a copy of the process's own (copy-on-write).
    /// </summary>
    public bool Shared { get; }

    /// <summary>A label for reports: <c>heap</c>, <c>stack</c>, <c>text</c>, a file name, ...</summary>
    public string Name { get; }

    /// <summary>The number of pages.</summary>
    public ulong Pages => End.Value - Start.Value;

    /// <summary>True when <paramref name="page"/> lies in the area.</summary>
    public bool Contains(PageNumber page) => page.Value >= Start.Value && page.Value < End.Value;

    /// <summary>The file page that virtual page <paramref name="page"/> maps, for a file-backed area.</summary>
    public long FilePageOf(PageNumber page) => Backing.FilePage + (long)(page.Value - Start.Value);

    /// <summary>
    /// The part of this area from <paramref name="start"/> to <paramref name="end"/>, with
    /// another protection if given; the file offset follows the start.
    /// </summary>
    public Vma Slice(PageNumber start, PageNumber end, Protection? protection = null) => new(
        start,
        end,
        protection ?? Protection,
        Backing.IsAnonymous ? Backing : VmaBacking.File(Backing.FileId, FilePageOf(start)),
        Shared,
        Name);

    /// <summary>Describes the area by page numbers: pages, protection, private or shared, name.</summary>
    public override string ToString() =>
        $"pages {Start}-{End} {ProtectionText.Format(Protection)}{(Shared ? "s" : "p")} {Name}";

    /// <summary>Describes the area in the style of <c>/proc/PID/maps</c>: addresses, protection, private or shared, name.</summary>
    public string Describe(PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return $"{geometry.AddressOf(Start)}-{geometry.AddressOf(End)} {ProtectionText.Format(Protection)}{(Shared ? "s" : "p")} {Name}";
    }
}
