using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Mmu;

/// <summary>
/// The memory-management unit: translates a virtual page through the TLB, or on a miss
/// by walking the page table, checks the access against the entry's permissions, and
/// sets the entry's accessed bit (and dirty bit on a write) as the hardware does. It
/// never resolves a fault: a missing or forbidding entry is reported to the caller, which
/// raises the fault to the kernel.
/// </summary>
public sealed class Mmu
{
    private readonly Tlb _tlb;
    private readonly bool _tlbEnabled;
    private readonly Counters _counters;

    internal Mmu(Tlb tlb, Counters counters)
    {
        _tlb = tlb;
        _tlbEnabled = tlb.Enabled;
        _counters = counters;
    }

    /// <summary>
    /// Translates <paramref name="page"/> of <paramref name="mm"/> for an access of
    /// <paramref name="kind"/>. On success sets the entry's accessed and dirty bits, fills
    /// the TLB on a miss, and returns the frame; on a fault returns
    /// <see cref="FrameNumber.None"/>. <paramref name="tlbHit"/> tells whether the TLB held the
    /// translation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FrameNumber Translate(AddressSpace mm, PageNumber page, AccessKind kind, out bool tlbHit)
    {
        ArgumentNullException.ThrowIfNull(mm);
        var required = Pte.RequiredBit(kind);
        if (_tlbEnabled)
        {
            var found = _tlb.TryHit(mm.Asid, page.Value, required, Pte.UsageBits(kind), out var cached);
            if (found != 0)
            {
                tlbHit = true;
                _counters.TlbHits++;

                // If the cached permissions forbid it, the hardware raises the fault without a walk.
                return found > 0 ? new FrameNumber(cached) : FrameNumber.None;
            }

            _counters.TlbMisses++;
        }

        tlbHit = false;
        var pte = mm.PageTable.Walk(page, alloc: false, out var levels);
        _counters.PageWalkLevels += levels;
        if (!pte.IsValid)
        {
            return FrameNumber.None;
        }

        ref var entry = ref pte.Entry;
        if (!entry.Permits(kind))
        {
            return FrameNumber.None;
        }

        entry.Flags |= Pte.UsageBits(kind);
        _tlb.Insert(mm.Asid, page, pte);
        return entry.Frame;
    }
}
