using System.Globalization;
using System.Text.Json.Nodes;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The textbook's effective access time with a TLB (Silberschatz): EAT = α(ε + m) +
/// (1 − α)(ε + (L + 1)m), for TLB hit ratio α, TLB lookup ε, memory access m and L page-table
/// levels, every page resident, ε paid on a miss too. α is the run's TLB hits per reference
/// (access): the textbook's model makes one lookup per reference, and the lookups vmsim
/// repeats when it retries an access after a fault are no references. ε and m are the cost
/// model's TLB hit and memory access; each level of the walk is priced as m, as the formula
/// does. Beside vmsim's own effective access (simulated time per access, faults included), it
/// is the figure a textbook exercise asks for.
/// </summary>
/// <param name="TlbHits">TLB hits: references whose translation the TLB held.</param>
/// <param name="References">References (accesses) made.</param>
/// <param name="TlbNs">ε, a TLB lookup, in nanoseconds.</param>
/// <param name="MemoryNs">m, a memory access, in nanoseconds.</param>
/// <param name="Levels">L, the page table's levels.</param>
/// <param name="WalkLevelNs">What the machine's cost model prices a page-table level read at; the formula does not use it, and the line says so when it differs from m.</param>
internal sealed record TextbookAccessTime(long TlbHits, long References, long TlbNs, long MemoryNs, int Levels, long WalkLevelNs)
{
    /// <summary>
    /// Of <see cref="TlbHits"/>, those whose entry forbade the access and so faulted (a write to a
    /// copy-on-write page, a protection SIGSEGV): hits to the hardware, in α, though the
    /// textbook's hit completes; the line says so when there are any.
    /// </summary>
    public long FaultedHits { get; init; }

    /// <summary>α, the TLB hit ratio over references.</summary>
    public double HitRatio => (double)TlbHits / References;

    /// <summary>EAT = α(ε + m) + (1 − α)(ε + (L + 1)m), in nanoseconds.</summary>
    public double EffectiveAccessNs => (HitRatio * (TlbNs + MemoryNs)) + ((1 - HitRatio) * (TlbNs + ((Levels + 1) * MemoryNs)));

    /// <summary>
    /// The figure for <paramref name="machine"/>'s run, or null when it has no TLB, no cost
    /// model or no references.
    /// </summary>
    public static TextbookAccessTime? Of(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var c = machine.Counters;
        return machine.Config.TlbEntries == 0 || c.Cost is not { } cost || c.Accesses == 0 ? null
            : new TextbookAccessTime(c.TlbHits, c.Accesses, cost.TlbHitNs, cost.MemoryAccessNs, machine.Config.Geometry.Levels, cost.PageWalkLevelNs) { FaultedHits = c.TlbHitsFaulted };
    }

    /// <summary>
    /// The line under the summary's tables, the formula with the run's numbers in it, so that
    /// it can be checked by hand: "α(ε+m) + (1−α)(ε+(L+1)m) = 0.25 × (1 + 100) + 0.75 × (1 + 5 × 100) ns = 401 ns with α = 2/8 = 0.25 ...".
    /// </summary>
    public string Text()
    {
        var alpha = Ratio(HitRatio);
        var miss = Ratio(1 - HitRatio);
        return $"α(ε+m) + (1−α)(ε+(L+1)m) = {alpha} × ({TlbNs} + {MemoryNs}) + {miss} × ({TlbNs} + {Levels + 1} × {MemoryNs}) ns = {Words.Duration(EffectiveAccessNs)} " +
            $"with α = {Words.Number(TlbHits)}/{Words.Number(References)} = {alpha} (TLB hits per reference; a fault's retried lookup is no reference), " +
            $"ε = {Words.Duration(TlbNs)} (a TLB lookup), m = {Words.Duration(MemoryNs)} (a memory access, also each page-table level), L = {Levels} levels" +
            (WalkLevelNs == MemoryNs ? "." : $"; the textbook prices each level as m, where the machine's costs give a page-table level read {Words.Duration(WalkLevelNs)}.") +
            FaultedHitsText();
    }

    // The hits in α that faulted: the TLB held the entry and the permission check failed, true to
    // the hardware, where the textbook's hit always completes.
    private string FaultedHitsText()
    {
        if (FaultedHits == 0)
        {
            return string.Empty;
        }

        var one = FaultedHits == 1;
        return $" α counts {Words.Count(FaultedHits, "TLB hit")} that faulted all the same: the TLB held the entry but its permissions forbade the access " +
            $"(a write to a copy-on-write page, a protection SIGSEGV), so the MMU raised the fault without a walk. {(one ? "It is a hit" : "They are hits")} to the hardware; " +
            $"without {(one ? "it" : "them")} α would be {Words.Number(TlbHits - FaultedHits)}/{Words.Number(References)} = {Ratio((double)(TlbHits - FaultedHits) / References)}.";
    }

    /// <summary>The figure as JSON: <c>hitRatio</c>, <c>tlbHits</c>, <c>references</c>, <c>tlbNs</c>, <c>memoryNs</c>, <c>levels</c>, <c>faultedTlbHits</c>, <c>effectiveAccessNs</c>.</summary>
    public JsonObject Json() => new()
    {
        ["hitRatio"] = HitRatio,
        ["tlbHits"] = TlbHits,
        ["references"] = References,
        ["tlbNs"] = TlbNs,
        ["memoryNs"] = MemoryNs,
        ["levels"] = Levels,
        ["faultedTlbHits"] = FaultedHits,
        ["effectiveAccessNs"] = Math.Round(EffectiveAccessNs, 3),
    };

    // A ratio as a student would write it: up to four decimals, no trailing zeros (0.25, 0.1667).
    private static string Ratio(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);
}
