namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Segmented LRU as R. Karedla, J. S. Love and B. G. Wherry describe it in "Caching strategies
/// to improve disk system performance", IEEE Computer 27(3), 1994: a probationary and a
/// protected LRU segment, each kept least recent first, the protected one holding at most
/// <paramref name="protectedPages"/> pages. A missed page enters probation's most recent end;
/// a hit moves its page to protected's most recent end, and if protected then holds too many,
/// its least recent page drops to probation's most recent end. The victim is probation's least
/// recent page (protected's when probation is empty, as docs/policies.md says); of those that
/// <paramref name="canEvict"/> allows, probation's least recent, else protected's.
/// </summary>
internal sealed class SlruModel(int frames, int protectedPages, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly SegmentedLists _segments = new(protectedPages);

    public int? Reference(int page, bool write)
    {
        if (_segments.Hit(page))
        {
            return null;
        }

        int? evicted = null;
        if (_segments.Count == frames)
        {
            evicted = _segments.OldestEvictable(canEvict.Allows);
            _segments.Remove(evicted!.Value);
        }

        _segments.Enter(page);
        return evicted;
    }
}
