namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// ARC as N. Megiddo and D. S. Modha give it in "ARC: a self-tuning, low overhead replacement
/// cache", FAST 2003, figure 4, cases I to IV and the subroutine REPLACE(x, p), with c frames
/// and p starting at 0. Every list is kept least recent first.
/// The choices docs/policies.md states, in this model's terms:
/// - p is a real number: the steps |B2|/|B1| and |B1|/|B2| are not rounded, and |T1| is
///   compared with p as it stands.
/// - p adapts before REPLACE chooses the victim (cases II and III in figure 4's order), and
///   REPLACE's tie rule takes from T1 when |T1| = p and the faulting page is in B2.
/// - Case IV's directory steps (dropping B1's or B2's least recent ghost) come before
///   REPLACE here, as in the figure; vmsim takes them after it, which gives the same lists.
/// - A page that <paramref name="canEvict"/> refuses is passed over: REPLACE takes the least
///   recent page of its list that can go, and when none can, the other list's (T1 and T2
///   stand in for each other); the victim's ghost joins the list it came from.
/// </summary>
internal sealed class ArcModel(int frames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly List<int> _t1 = [];
    private readonly List<int> _t2 = [];
    private readonly List<int> _b1 = [];
    private readonly List<int> _b2 = [];
    private double _p;

    public int? Reference(int page, bool write)
    {
        // Case I: a hit in T1 or T2 moves the page to T2's most recent end.
        if (_t1.Remove(page) || _t2.Remove(page))
        {
            _t2.Add(page);
            return null;
        }

        // Case II: a ghost of B1 says T1 was too small.
        if (_b1.Contains(page))
        {
            _p = Math.Min(frames, _p + Math.Max(1.0, (double)_b2.Count / _b1.Count));
            var evicted = Replace(page);
            _b1.Remove(page);
            _t2.Add(page);
            return evicted;
        }

        // Case III: a ghost of B2 says T2 was too small.
        if (_b2.Contains(page))
        {
            _p = Math.Max(0, _p - Math.Max(1.0, (double)_b1.Count / _b2.Count));
            var evicted = Replace(page);
            _b2.Remove(page);
            _t2.Add(page);
            return evicted;
        }

        // Case IV: a page in no list.
        int? victim = null;
        var l1 = _t1.Count + _b1.Count;
        var all = l1 + _t2.Count + _b2.Count;
        if (l1 == frames)
        {
            // Case A: L1 holds c pages.
            if (_t1.Count < frames)
            {
                _b1.RemoveAt(0);
                victim = Replace(page);
            }
            else
            {
                victim = _t1.First(CanEvict);
                _t1.Remove(victim.Value);
            }
        }
        else if (all >= frames)
        {
            // Case B: L1 holds fewer than c pages, the directory c or more.
            if (all == 2 * frames)
            {
                _b2.RemoveAt(0);
            }

            victim = Replace(page);
        }

        _t1.Add(page);
        return victim;
    }

    // REPLACE(x, p): T1's least recent page into B1 when |T1| exceeds p (or equals it and x is
    // a ghost of B2), else T2's least recent page into B2.
    private int Replace(int page)
    {
        var t1First = _t1.Count > 0 && (_t1.Count > _p || (_b2.Contains(page) && _t1.Count == _p));
        var (list, ghosts) = t1First ? (_t1, _b1) : (_t2, _b2);
        if (!list.Any(CanEvict))
        {
            (list, ghosts) = t1First ? (_t2, _b2) : (_t1, _b1);
        }

        var victim = list.First(CanEvict);
        list.Remove(victim);
        ghosts.Add(victim);
        return victim;
    }

    private bool CanEvict(int page) => canEvict.Allows(page);
}
