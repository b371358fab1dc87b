using Vmsim.Core.Addressing;

namespace Vmsim.Web.Sessions;

/// <summary>The page sizes and page-table shapes the machine form offers for a reference string or a trace.</summary>
internal static class GeometryPresets
{
    public static IReadOnlyList<GeometryPreset> All { get; } =
    [
        new("x86-64", "4 KiB pages, 4-level table (x86-64)", () => PageGeometry.X64),
        new("sv39", "4 KiB pages, 3-level table (RISC-V Sv39)", () => PageGeometry.Sv39),
        new("x86-32", "4 KiB pages, 2-level table (x86-32)", () => PageGeometry.X86),
        new("x86-64-16k", "16 KiB pages (x86-64 layout)", () => PageGeometry.X64.WithPageSize(16 * 1024)),
        new("x86-64-64k", "64 KiB pages (x86-64 layout)", () => PageGeometry.X64.WithPageSize(64 * 1024)),
    ];

    /// <summary>The preset the form chose, or the first (x86-64) when it chose none.</summary>
    public static string IdOrDefault(string? id) => string.IsNullOrEmpty(id) ? All[0].Id : id;

    public static GeometryPreset? Find(string id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One choice of the page-size list.</summary>
/// <param name="Id">What the page sends.</param>
/// <param name="Label">What the page shows.</param>
/// <param name="Create">Makes the geometry.</param>
internal sealed record GeometryPreset(string Id, string Label, Func<PageGeometry> Create);
