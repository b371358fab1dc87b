namespace Vmsim.Core.Simulation;

/// <summary>
/// The words for the TLB entries that went when the kernel changed some pages' entries (a policy
/// clearing bits, fork write-protecting), one place for the narration and for fork's own report.
/// </summary>
public static class TlbEntriesText
{
    /// <summary>"the TLB held no entry for it" for one page, "the TLB held none of their entries" for several.</summary>
    public static string NoneHeld(int pages) => pages == 1 ? "the TLB held no entry for it" : "the TLB held none of their entries";

    /// <summary>"its TLB entry" (or "its TLB entries", when one page had several) for one page, "their TLB entries" for several.</summary>
    public static string Entries(int pages, int entries) => pages != 1 ? "their TLB entries" : entries == 1 ? "its TLB entry" : "its TLB entries";
}
