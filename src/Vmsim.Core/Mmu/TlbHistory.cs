namespace Vmsim.Core.Mmu;

/// <summary>
/// Where the TLB's translations went, kept while steps are recorded (<see cref="Tlb.History"/>):
/// for each page of each address space, the last time its translation left the TLB and why, so
/// that a miss on a page the TLB held before can say when and why it was no longer there. The TLB
/// writes to it only when it is attached, so a replay nobody watches pays nothing.
/// </summary>
public sealed class TlbHistory
{
    private readonly Dictionary<(int Asid, ulong Page), TlbMiss> _left = [];

    // For each translation, the step at which it was last filled and why it had been missing
    // then: a miss is over by the time the step is explained, its translation filled again.
    private readonly Dictionary<(int Asid, ulong Page), (int Step, TlbMiss Before)> _filled = [];

    /// <summary>The step now being made, numbered as the step table numbers steps (from 1); departures are dated by it.</summary>
    public int Step { get; set; }

    /// <summary>
    /// Why the translation of <paramref name="page"/> in address space <paramref name="asid"/> was
    /// missing when the current step looked for it: what took it out and when, or a first use.
    /// </summary>
    public TlbMiss MissOf(int asid, Addressing.PageNumber page)
    {
        var key = (asid, page.Value);
        if (_filled.TryGetValue(key, out var fill) && fill.Step == Step)
        {
            return fill.Before;
        }

        return _left.TryGetValue(key, out var miss) ? miss : TlbMiss.FirstUse;
    }

    /// <summary>The translation of <paramref name="page"/> left the TLB now, for <paramref name="cause"/>.</summary>
    internal void Left(int asid, ulong page, TlbMissCause cause) => _left[(asid, page)] = new TlbMiss(cause, Step);

    /// <summary>
    /// The page of a translation that left the TLB earlier in this same step (its bit cleared by
    /// the search that then chose it) left its address space now, which says better why it is
    /// missing. A departure in an earlier step stays as it was: that is when the entry went.
    /// </summary>
    internal void SupersededInThisStep(int asid, ulong page, TlbMissCause cause)
    {
        if (_left.TryGetValue((asid, page), out var miss) && miss.Step == Step)
        {
            Left(asid, page, cause);
        }
    }

    /// <summary>The translation of <paramref name="page"/> was filled now; the first fill of a step keeps why it was missing.</summary>
    internal void Filled(int asid, ulong page)
    {
        var key = (asid, page);
        if (!_filled.TryGetValue(key, out var fill) || fill.Step != Step)
        {
            _filled[key] = (Step, _left.TryGetValue(key, out var miss) ? miss : TlbMiss.FirstUse);
        }
    }
}
