namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Segmented LRU as R. Karedla, J. S. Love and B. G. Wherry describe it in "Caching strategies
/// to improve disk system performance", IEEE Computer 27(3), 1994: a probationary and a
/// protected LRU segment, each kept least recent first, the protected one holding at most
/// <paramref name="protectedPages"/> pages. A missed page enters probation's most recent end;
/// a hit moves its page to protected's most recent end, and if protected then holds too many,
/// its least recent page drops to probation's most recent end. The victim is probation's least
/// recent page (protected's when probation is empty, as docs/policies.md says).
/// </summary>
internal sealed class SlruModel(int frames, int protectedPages) : ICacheModel
{
    private readonly List<int> _probation = [];
    private readonly List<int> _protected = [];

    public int? Reference(int page, bool write)
    {
        if (_probation.Remove(page) || _protected.Remove(page))
        {
            _protected.Add(page);
            if (_protected.Count > protectedPages)
            {
                _probation.Add(_protected[0]);
                _protected.RemoveAt(0);
            }

            return null;
        }

        int? evicted = null;
        if (_probation.Count + _protected.Count == frames)
        {
            var segment = _probation.Count > 0 ? _probation : _protected;
            evicted = segment[0];
            segment.RemoveAt(0);
        }

        _probation.Add(page);
        return evicted;
    }
}
