namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// CAR as S. Bansal and D. S. Modha give it in "CAR: Clock with Adaptive Replacement", FAST
/// 2004, figure 2, lines 1 to 35 with c frames and p starting at 0. T1 and T2 are clocks,
/// kept here as lists from the head (where the hand points) to the tail (just behind it),
/// each page with its reference bit; B1 and B2 are LRU lists of ghosts, least recent first.
/// The choices docs/policies.md states, in this model's terms:
/// - a page enters T1 or T2 with its bit clear, and only a hit sets it;
/// - replace() runs first, then the directory is trimmed (lines 6 to 9), then p adapts on a
///   ghost hit (lines 14 to 19): the paper's order, which is also the kernel's;
/// - p is a real number, as in ARC;
/// - a page that <paramref name="canEvict"/> refuses is passed over: moved to its own list's
///   tail with its bit as it was; once every page of a list has been passed over so, the other
///   hand serves.
/// </summary>
internal sealed class CarModel(int frames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly List<(int Page, bool Referenced)> _t1 = [];
    private readonly List<(int Page, bool Referenced)> _t2 = [];
    private readonly List<int> _b1 = [];
    private readonly List<int> _b2 = [];
    private double _p;

    public int? Reference(int page, bool write)
    {
        // Lines 1-2: a hit sets the page's reference bit and nothing else.
        if (SetBit(_t1, page) || SetBit(_t2, page))
        {
            return null;
        }

        int? victim = null;
        var inB1 = _b1.Contains(page);
        var inB2 = _b2.Contains(page);
        if (_t1.Count + _t2.Count == frames)
        {
            // Lines 4-9: replace, then history replacement for a page in no ghost list.
            victim = ReplacePage();
            if (!inB1 && !inB2)
            {
                if (_t1.Count + _b1.Count == frames)
                {
                    _b1.RemoveAt(0);
                }
                else if (_t1.Count + _t2.Count + _b1.Count + _b2.Count == 2 * frames)
                {
                    _b2.RemoveAt(0);
                }
            }
        }

        if (inB1)
        {
            // Lines 14-16.
            _p = Math.Min(_p + Math.Max(1.0, (double)_b2.Count / _b1.Count), frames);
            _b1.Remove(page);
            _t2.Add((page, false));
        }
        else if (inB2)
        {
            // Lines 17-19.
            _p = Math.Max(_p - Math.Max(1.0, (double)_b1.Count / _b2.Count), 0);
            _b2.Remove(page);
            _t2.Add((page, false));
        }
        else
        {
            // Lines 11-12.
            _t1.Add((page, false));
        }

        return victim;
    }

    private static bool SetBit(List<(int Page, bool Referenced)> clock, int page)
    {
        var i = clock.FindIndex(e => e.Page == page);
        if (i < 0)
        {
            return false;
        }

        clock[i] = (page, true);
        return true;
    }

    // replace(), lines 20-35: the T1 hand while |T1| >= max(1, p), else the T2 hand; a set bit
    // is cleared and its page goes to T2's tail, a clear one is the victim.
    private int ReplacePage()
    {
        var passedOver = new HashSet<int>();
        while (true)
        {
            var fromT1 = _t1.Count >= Math.Max(1.0, _p);
            if (_t1.Count > 0 && _t1.All(e => passedOver.Contains(e.Page)))
            {
                fromT1 = false;
            }
            else if (_t2.Count == 0 || _t2.All(e => passedOver.Contains(e.Page)))
            {
                fromT1 = true;
            }

            var clock = fromT1 ? _t1 : _t2;
            var (head, referenced) = clock[0];
            clock.RemoveAt(0);
            if (!(canEvict.Allows(head)))
            {
                passedOver.Add(head);
                clock.Add((head, referenced));
                continue;
            }

            if (!referenced)
            {
                (fromT1 ? _b1 : _b2).Add(head);
                return head;
            }

            _t2.Add((head, false));
        }
    }
}
