namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Linux's split LRU for a cache of file pages alone (no swap, so reclaim takes file pages
/// only), read from the kernel's mm/vmscan.c and mm/workingset.c as docs/policies.md ("Linux
/// split LRU") cites them: the inactive and active file lists, newest first; reclaim balances
/// them (<c>inactive_is_low</c>, ratio 1: <c>shrink_active_list</c> deactivates from the active
/// tail while the inactive list is shorter), then scans the inactive list from its tail
/// (<c>folio_check_references</c>); evictions leave shadow entries, and a refault within the
/// workingset goes straight to the active list (<c>workingset_refault</c>).
/// </summary>
/// <remarks>
/// The only news of use is the young bit, which every reference sets, as the MMU would. Choices
/// docs/policies.md documents, followed here:
/// <list type="bullet">
/// <item>Reclaim takes one page at a time. First, while the inactive list is shorter than the
/// active one, the active tail moves to the inactive head with its young bit cleared and its
/// referenced flag as it was. Then the inactive list is scanned from its tail. Young: the bit
/// is cleared, and the page is activated (to the active head, the flag kept) if it had the
/// referenced flag already, else given the flag and rotated to the inactive head, to be met
/// again. Not young: it is the victim. Activations during the scan do not rebalance the lists;
/// only if the scan activates every inactive page does reclaim deactivate again (the inactive
/// list, empty, is then shorter) and scan what moved.</item>
/// <item>A new page enters the inactive head, with the young bit its fault set and no flag.</item>
/// <item>The nonresident age advances by one at each eviction (the shadow is stamped with the
/// age before it) and each activation, by the scan or at a refault.</item>
/// <item>A fault finds the page's shadow after the victim's eviction; the refault distance is
/// the age minus the stamp, and at most the active file list's length activates the page at
/// once. Shadows are kept for the last <c>frames</c> evictions.</item>
/// </list>
/// </remarks>
internal sealed class LinuxFileLruModel(int frames) : ICacheModel
{
    // Newest (head) first.
    private readonly List<int> _inactive = [];
    private readonly List<int> _active = [];
    private readonly HashSet<int> _young = [];
    private readonly HashSet<int> _referenced = [];

    // Shadow entries: the age stamped at eviction, and the evicted pages, oldest first.
    private readonly Dictionary<int, long> _shadows = [];
    private readonly List<int> _evictionOrder = [];
    private long _nonresidentAge;

    public int? Reference(int page, bool write)
    {
        if (_inactive.Contains(page) || _active.Contains(page))
        {
            _young.Add(page);
            return null;
        }

        int? evicted = null;
        if (_inactive.Count + _active.Count == frames)
        {
            evicted = Reclaim();
        }

        if (_shadows.Remove(page, out var stamp))
        {
            _evictionOrder.Remove(page);
        }
        else
        {
            stamp = -1;
        }

        if (stamp >= 0 && _nonresidentAge - stamp <= _active.Count)
        {
            _active.Insert(0, page);
            _nonresidentAge++;
        }
        else
        {
            _inactive.Insert(0, page);
        }

        _young.Add(page);
        return evicted;
    }

    private int Reclaim()
    {
        var scanning = false;
        while (true)
        {
            if (_inactive.Count == 0 || !scanning)
            {
                Deactivate();
                scanning = true;
            }

            var page = _inactive[^1];
            _inactive.RemoveAt(_inactive.Count - 1);
            if (!_young.Remove(page))
            {
                _referenced.Remove(page);
                _shadows[page] = _nonresidentAge++;
                _evictionOrder.Add(page);
                if (_evictionOrder.Count > frames)
                {
                    _shadows.Remove(_evictionOrder[0]);
                    _evictionOrder.RemoveAt(0);
                }

                return page;
            }

            if (_referenced.Add(page))
            {
                _inactive.Insert(0, page);
            }
            else
            {
                _active.Insert(0, page);
                _nonresidentAge++;
            }
        }
    }

    // shrink_active_list while inactive_is_low: the active tail to the inactive head, its young bit cleared, its flag kept.
    private void Deactivate()
    {
        while (_inactive.Count < _active.Count)
        {
            var oldest = _active[^1];
            _active.RemoveAt(_active.Count - 1);
            _young.Remove(oldest);
            _inactive.Insert(0, oldest);
        }
    }
}
