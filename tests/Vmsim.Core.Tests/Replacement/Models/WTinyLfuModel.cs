using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// W-TinyLFU as Einziger, Friedman and Manes give it ("TinyLFU: A Highly Efficient Cache
/// Admission Policy", ACM Transactions on Storage 13(4), 2017), its windowed variant
/// W-TinyLFU: an LRU window in front of a main region run as segmented LRU
/// (probation and protected), and TinyLFU's admission duel between the page leaving the
/// window and the main region's victim.
/// </summary>
/// <remarks>
/// The frequency estimate is vmsim's own <see cref="FrequencySketch"/> (its count-min
/// sketch, doorkeeper and halving), taken as it is: the sketch is a component with tests of
/// its own, and what this model holds the policy to is the window, the segments and the duel.
/// Pages are hashed as the policy hashes them, by their name (here address space 1 and the
/// page) with the policy's fixed seed, so that the two see the same collisions. Choices
/// docs/policies.md documents, followed here:
/// <list type="bullet">
/// <item>Every reference, fault or hit, is recorded in the sketch, a fault's before its
/// duel.</item>
/// <item>The window holds <paramref name="window"/> pages (vmsim: 1% of the frames, at least
/// one); protected holds <paramref name="protectedPages"/> (⌊80% of the main region⌋).</item>
/// <item>A fault on a full memory: if the window is full and does not hold every frame, its
/// least recent page (the candidate) duels the main region's victim, probation's least recent
/// page (protected's if probation is empty). Greater frequency admits the candidate to
/// probation's most recent end and evicts the victim; a tie or less evicts the candidate.
/// With one frame the window's page goes. While frames are free, a page pushed out of the
/// window joins probation with no duel.</item>
/// <item>A hit moves a page to its list's most recent end; on probation, to protected's,
/// and protected's least recent page drops back to probation's most recent end if protected
/// is over its share. No random admission (Caffeine's guard against hash flooding).</item>
/// <item>Pages that <paramref name="canEvict"/> refuses keep their places: the candidate is the
/// window's least recent page that can go, and the main region's victim probation's least
/// recent that can go, else protected's. With no candidate, the window's least recent page
/// joins probation with no duel and the main region's victim goes; with no main victim, the
/// candidate goes without one.</item>
/// </list>
/// </remarks>
internal sealed class WTinyLfuModel(int frames, int window, int protectedPages, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly FrequencySketch _sketch = FrequencySketch.ForFrames(frames);

    // Least recent first.
    private readonly List<int> _window = [];
    private readonly SegmentedLists _main = new(protectedPages);

    public int? Reference(int page, bool write)
    {
        _sketch.Record(Hash(page));
        if (_window.Remove(page))
        {
            _window.Add(page);
            return null;
        }

        if (_main.Hit(page))
        {
            return null;
        }

        int? evicted = null;
        if (_window.Count + _main.Count == frames)
        {
            evicted = Evict();
        }

        _window.Add(page);
        if (_window.Count > window)
        {
            // Only while frames are free: no duel.
            _main.Enter(TakeOldest(_window));
        }

        return evicted;
    }

    private int Evict()
    {
        var candidate = _window.Cast<int?>().FirstOrDefault(p => CanEvict(p!.Value));
        var victim = _main.OldestEvictable(CanEvict);
        if (victim is null || (_main.Count == 0 && candidate is { }))
        {
            _window.Remove(candidate!.Value);
            return candidate.Value;
        }

        if (_window.Count < window)
        {
            _main.Remove(victim.Value);
            return victim.Value;
        }

        if (candidate is null)
        {
            _main.Enter(TakeOldest(_window));
            _main.Remove(victim.Value);
            return victim.Value;
        }

        if (_sketch.Estimate(Hash(candidate.Value)) > _sketch.Estimate(Hash(victim.Value)))
        {
            _main.Remove(victim.Value);
            _window.Remove(candidate.Value);
            _main.Enter(candidate.Value);
            return victim.Value;
        }

        _window.Remove(candidate.Value);
        return candidate.Value;
    }

    private bool CanEvict(int page) => canEvict.Allows(page);

    private static int TakeOldest(List<int> list)
    {
        var oldest = list[0];
        list.RemoveAt(0);
        return oldest;
    }

    // The policy's own key for the page, as the driver's one process names it.
    private static ulong Hash(int page) => WTinyLfu.Hash(PageIdentity.Private(1, new PageNumber((ulong)page)));
}
