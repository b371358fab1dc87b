using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// <see cref="ModelComparison"/> on a driver where some pages cannot be evicted: written
/// anonymous pages while swap has no free slot (<see cref="WrittenAnonymousPages"/>). The model
/// is told the same rule as a <c>canEvict</c> it asks, and must pass such pages over as the
/// policy does. The driver's <c>HasFreeSwap</c>, which only <c>linux</c> reads, stays false
/// while held pages come and go with the stretches: <c>linux</c> is compared with held file
/// pages, which it reclaims alike with swap or without.
/// </summary>
internal static class UnevictableComparison
{
    /// <summary>As <see cref="ModelComparison.AssertSameEvictions(Func{IReplacementPolicy}, Func{int, ICacheModel}, int, int, int[], Func{IReplacementPolicy, int, PolicyDriver})"/>, the model made with the rule's <c>canEvict</c>.</summary>
    public static void AssertSameEvictions(Func<IReplacementPolicy> policy, Func<int, Func<int, bool>, ICacheModel> model, int seeds = 4, int tickInterval = 0, bool swapBacked = true)
    {
        // ModelComparison sets up the driver of each size just before its model, so the rule
        // the driver is given is the one the model is told.
        WrittenAnonymousPages? pages = null;
        ModelComparison.AssertSameEvictions(
            policy,
            frames => new Told(model(frames, pages!.CanEvict), pages!),
            seeds,
            driver: (p, frames) =>
            {
                pages = new WrittenAnonymousPages(frames, swapBacked);
                return new PolicyDriver(p, frames, tickInterval) { Anonymous = pages.IsAnonymous, Unwritable = pages.IsHeld, HasFreeSwap = false };
            });
    }

    // The model, which notes each reference in the rule after both have played it: a page
    // written now is not a candidate for this reference's victim anyway (it is the page
    // referenced), so the driver and the model see the same rule at every eviction.
    private sealed class Told(ICacheModel model, WrittenAnonymousPages pages) : ICacheModel
    {
        public IReadOnlyList<int> Departed => model.Departed;

        public int? Reference(int page, bool write)
        {
            var evicted = model.Reference(page, write);
            pages.Note(page, write, evicted);
            return evicted;
        }
    }
}
