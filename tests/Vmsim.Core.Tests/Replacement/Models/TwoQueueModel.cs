namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// The full 2Q of T. Johnson and D. Shasha, "2Q: a low overhead high performance buffer
/// management replacement algorithm", VLDB 1994, section 2.2: the access routine and
/// reclaimfor, with Kin and Kout given in pages. A1in and A1out are FIFOs and Am an LRU list,
/// each kept oldest first.
/// The choices docs/policies.md states, in this model's terms:
/// - whether A1out holds the page is asked before reclaimfor runs, as the pseudo-code asks it,
///   so the victim's ghost cannot push out the faulting page's own;
/// - a page admitted to Am keeps its A1out entry until newer ghosts push it out;
/// - when the list that should give the victim is empty (Am, with one frame held by A1in),
///   the other one gives it, and a page leaving A1in leaves its ghost in A1out as always;
/// - a page that <paramref name="canEvict"/> refuses is passed over: the list gives its oldest
///   page that can go, and when none can, the other list gives it.
/// </summary>
internal sealed class TwoQueueModel(int frames, int kin, int kout, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly List<int> _a1in = [];
    private readonly List<int> _a1out = [];
    private readonly List<int> _am = [];

    public int? Reference(int page, bool write)
    {
        if (_am.Remove(page))
        {
            _am.Add(page);
            return null;
        }

        if (_a1in.Contains(page))
        {
            // A correlated reference: nothing changes.
            return null;
        }

        var remembered = _a1out.Contains(page);
        var evicted = ReclaimFor();
        (remembered ? _am : _a1in).Add(page);
        return evicted;
    }

    private int? ReclaimFor()
    {
        if (_a1in.Count + _am.Count < frames)
        {
            return null;
        }

        var fromA1in = _a1in.Count > kin || _am.Count == 0;
        if (!(fromA1in ? _a1in : _am).Any(CanEvict))
        {
            fromA1in = !fromA1in;
        }

        if (fromA1in)
        {
            var y = _a1in.First(CanEvict);
            _a1in.Remove(y);
            _a1out.Add(y);
            if (_a1out.Count > kout)
            {
                _a1out.RemoveAt(0);
            }

            return y;
        }

        var lru = _am.First(CanEvict);
        _am.Remove(lru);
        return lru;
    }

    private bool CanEvict(int page) => canEvict.Allows(page);
}
