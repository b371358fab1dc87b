using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>A <see cref="TlbMiss"/> in words and as a name, for the narration, the fault path, JSON and the visualizer alike.</summary>
public static class TlbMissText
{
    /// <summary>
    /// Why the translation was not in the TLB, to follow "TLB miss: ": "the entry was dropped at
    /// step 3, when the clock policy cleared the page's reference bit"; <paramref name="policy"/>
    /// names the replacement policy. The step is the step table's # ("at step 3"), or with
    /// <paramref name="names"/> (a trace's replay) the access the step table's Event column
    /// numbers ("at access 2").
    /// </summary>
    internal static string Describe(TlbMiss miss, string policy, IStepNames? names)
    {
        var at = names?.At(miss.Step) ?? $"at step {miss.Step}";
        return miss.Cause switch
        {
            TlbMissCause.FirstUse => "first use, the TLB never held this page's translation",
            TlbMissCause.Replaced => $"the entry was pushed out {at} by another translation: its TLB set was full, and it was the least recently used",
            TlbMissCause.ReferenceBitCleared => $"the entry was dropped {at}, when the {policy} policy cleared the page's reference bit",
            TlbMissCause.Deactivated => $"the entry was dropped {at}, when the {policy} policy deactivated the page, moving it to its inactive list and clearing its reference bit",
            TlbMissCause.DirtyBitCleared => $"the entry was dropped {at}, when the {policy} policy cleaned the page (its dirty bit cleared)",
            TlbMissCause.Evicted => $"the page was evicted {at}, and its translation went with it",
            TlbMissCause.Unmapped => $"the page was unmapped {at}, and its translation went with it",
            TlbMissCause.LeftWorkingSet => $"the page left the working set and was unmapped {at}, and its translation went with it",
            TlbMissCause.ProtectionChanged => $"the entry was shot down {at}, when mprotect changed the page's protection",
            TlbMissCause.ForkWriteProtect => $"the entry was flushed {at}, when fork write-protected the page for copy-on-write",
            TlbMissCause.CopyOnWrite => $"the entry was dropped {at}, when copy-on-write changed the page's entry",
            TlbMissCause.ContextSwitch => $"the whole TLB was flushed at the context switch {(names is null ? $"of step {miss.Step}" : names.Switch(miss.Step))}, its entries carrying no ASID",
            TlbMissCause.AddressSpaceEnded => $"the entry was flushed {at}, when the process ended",
            _ => miss.Cause.ToString(),
        };
    }

    /// <summary>
    /// Why <paramref name="access"/> missed the TLB of <paramref name="machine"/>, read right after
    /// the access, while the TLB keeps a history (steps are being recorded); null for a hit, with
    /// no TLB or no history, and for an address beyond the page table, which no TLB looks up.
    /// </summary>
    public static TlbMiss? Of(Machine machine, in AccessEvent access)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.Tlb.History is { } history && !access.TlbHit && access.Segv != Kernel.SegvReason.OutsideAddressSpace
            ? history.MissOf(access.Pid, access.Page)
            : null;
    }

    /// <summary>The cause's name in JSON: <c>first-use</c>, <c>replaced</c>, <c>reference-bit-cleared</c> and so on.</summary>
    public static string Name(TlbMissCause cause) => cause switch
    {
        TlbMissCause.FirstUse => "first-use",
        TlbMissCause.Replaced => "replaced",
        TlbMissCause.ReferenceBitCleared => "reference-bit-cleared",
        TlbMissCause.Deactivated => "deactivated",
        TlbMissCause.DirtyBitCleared => "dirty-bit-cleared",
        TlbMissCause.Evicted => "evicted",
        TlbMissCause.Unmapped => "unmapped",
        TlbMissCause.LeftWorkingSet => "left-working-set",
        TlbMissCause.ProtectionChanged => "protection-changed",
        TlbMissCause.ForkWriteProtect => "fork-write-protect",
        TlbMissCause.CopyOnWrite => "copy-on-write",
        TlbMissCause.ContextSwitch => "context-switch",
        TlbMissCause.AddressSpaceEnded => "address-space-ended",
        _ => throw new InvalidOperationException($"TLB miss cause {cause} has no name"),
    };
}
