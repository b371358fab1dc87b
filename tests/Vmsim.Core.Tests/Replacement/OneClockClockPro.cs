using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// CLOCK-Pro on one clock and nothing else, as section 4 of the paper draws it: every hand
/// walks the same ring, HAND_cold over the hot pages and non-resident entries too. Slow and
/// plain, with the same parameters and the same choices where the paper leaves one open as
/// <see cref="ClockPro"/>; the policy, which lets HAND_cold step from cold page to cold page,
/// must choose the same victims. Only what a test driver does is handled: loads, evictions,
/// releases, pins and hits on one process, and two evictions before a load, as a private-file
/// write fault makes them. Pages that cannot be evicted are passed over with their bits
/// untouched, as the policy passes them. At most m + 1 pages are non-resident: one more than m
/// only between an eviction and the load after it.
/// </summary>
internal sealed class OneClockClockPro : IReplacementPolicy
{
    private readonly Dictionary<PageIdentity, Entry> _nonResident = [];
    private Entry?[] _frames = [];
    private Entry? _handHot;
    private Entry? _handCold;
    private Entry? _handTest;
    private IFrameHost? _host;
    private int _m;
    private int _coldTarget;
    private int _minCold;
    private int _maxCold;
    private int _hot;
    private int _cold;
    private int _entries;

    public string Name => "clock-pro (one clock)";

    public PolicyNeeds Needs => PolicyNeeds.None;

    public int ColdTarget => _coldTarget;

    public int NonResidentCount => _nonResident.Count;

    public void Attach(IFrameHost host)
    {
        _host = host;
        _m = host.FrameCount;
        _frames = new Entry?[_m];
        _minCold = Math.Max(1, (int)(_m * 0.01));
        _maxCold = Math.Max(_minCold, _m - _minCold);
        _coldTarget = _minCold;
    }

    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var host = _host!;
        host.TestAndClearAccessed(frame);
        var entry = new Entry(host.IdentityOf(frame), frame);
        _frames[frame.Value] = entry;
        if (_nonResident.Remove(entry.Page, out var ghost))
        {
            Unlink(ghost);
            Raise();
            entry.Hot = true;
            _hot++;
            InsertAtHead(entry);
            while (_hot > _m - _coldTarget && RunHotHand() is not null)
            {
            }
        }
        else if (_hot + _cold < _m - _coldTarget)
        {
            entry.Hot = true;
            _hot++;
            InsertAtHead(entry);
        }
        else
        {
            entry.InTest = true;
            InsertAtHead(entry);
            BecomeCold(entry);
        }

        if (_nonResident.Count > _m)
        {
            RunTestHand();
        }
    }

    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    public void OnSwapSlotFreed(SwapSlot slot)
    {
        if (_nonResident.Remove(PageIdentity.InSwap(slot), out var ghost))
        {
            Unlink(ghost);
        }
    }

    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var entry = _frames[frame.Value]!;
        _frames[frame.Value] = null;
        if (reason == RemovalReason.Released)
        {
            // No non-resident entry; with no resident page left the clock starts afresh.
            _ = entry.Hot ? _hot-- : _cold--;
            Unlink(entry);
            if (_hot + _cold == 0)
            {
                foreach (var ghost in _nonResident.Values)
                {
                    Unlink(ghost);
                }

                _nonResident.Clear();
                _coldTarget = _minCold;
            }

            return;
        }

        if (entry.Hot)
        {
            _hot--;
            Unlink(entry);
            return;
        }

        _cold--;
        if (entry.InTest && _nonResident.Count > _m)
        {
            // Already more than m non-resident pages (a fault that took two frames evicted before
            // its first load): HAND_test makes room first, and may end this page's test period.
            RunTestHand();
        }

        if (entry.InTest)
        {
            // Stays in the clock, non-resident, known by the identity the eviction gives it (an
            // anonymous page written to swap goes by its slot).
            entry.Frame = FrameNumber.None;
            entry.Page = _host!.IdentityOf(frame);
            _nonResident.Add(entry.Page, entry);
        }
        else
        {
            Unlink(entry);
        }
    }

    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var stuck = 0;
        while (_cold > 0 && stuck < _cold)
        {
            while (!IsResidentCold(_handCold!))
            {
                _handCold = _handCold!.Next;
            }

            var page = _handCold!;
            if (!host.CanEvict(page.Frame))
            {
                _handCold = page.Next;
                stuck++;
                continue;
            }

            stuck = 0;
            if (!host.TestAndClearAccessed(page.Frame))
            {
                // The hand stops at the next resident cold page.
                if (_cold > 1)
                {
                    _handCold = page.Next;
                    while (!IsResidentCold(_handCold) || _handCold == page)
                    {
                        _handCold = _handCold.Next;
                    }
                }

                return page.Frame;
            }

            _cold--;
            Unlink(page);
            if (page.InTest)
            {
                page.InTest = false;
                Raise();
                page.Hot = true;
                _hot++;
                InsertAtHead(page);
                while (_hot > _m - _coldTarget && RunHotHand() is not null)
                {
                }
            }
            else
            {
                page.InTest = true;
                InsertAtHead(page);
                BecomeCold(page);
            }
        }

        return RunHotHand()?.Frame ?? FrameNumber.None;
    }

    public PolicyView Inspect() => new(Name, []);

    public void OnTick(long now)
    {
    }

    private static bool IsResidentCold(Entry entry) => !entry.Hot && entry.Frame.IsValid;

    private void Raise() => _coldTarget = Math.Min(_maxCold, _coldTarget + 1);

    private void Lower() => _coldTarget = Math.Max(_minCold, _coldTarget - 1);

    private void BecomeCold(Entry entry)
    {
        // With no resident cold page the hand has nothing to stand before; it takes the first.
        if (_cold == 0)
        {
            _handCold = entry;
        }

        _cold++;
    }

    private void EndTest(Entry entry)
    {
        if (entry.InTest)
        {
            entry.InTest = false;
            if (!_host!.IsAccessed(entry.Frame))
            {
                Lower();
            }
        }
    }

    // Demotes a hot page and stops at the next hot page; null when no page could be demoted.
    private Entry? RunHotHand()
    {
        Entry? demoted = null;
        for (var steps = (2 * _entries) + 1; steps > 0 && _entries > 0; steps--)
        {
            var e = _handHot!;
            if (!e.Frame.IsValid)
            {
                _nonResident.Remove(e.Page);
                Unlink(e);
                Lower();
                continue;
            }

            if (!e.Hot)
            {
                EndTest(e);
                AdvanceHotHand();
                continue;
            }

            if (demoted is not null)
            {
                return demoted;
            }

            if (!_host!.CanEvict(e.Frame) || _host.TestAndClearAccessed(e.Frame))
            {
                AdvanceHotHand();
                continue;
            }

            e.Hot = false;
            _hot--;
            BecomeCold(e);
            AdvanceHotHand();
            demoted = e;
            if (_hot == 0)
            {
                return demoted;
            }

            steps = _entries + 2;
        }

        return demoted;
    }

    private void RunTestHand()
    {
        for (var steps = _entries + 1; steps > 0; steps--)
        {
            var e = _handTest!;
            if (!e.Frame.IsValid)
            {
                _nonResident.Remove(e.Page);
                Unlink(e);
                Lower();
                return;
            }

            if (!e.Hot)
            {
                EndTest(e);
            }

            _handTest = e.Next;
        }
    }

    private void AdvanceHotHand()
    {
        var e = _handHot!;
        _handHot = e.Next;
        if (_handTest == e)
        {
            _handTest = e.Next;
        }
    }

    // The list head is just behind HAND_hot.
    private void InsertAtHead(Entry entry)
    {
        _entries++;
        if (_handHot is null)
        {
            entry.Next = entry.Previous = entry;
            _handHot = _handTest = entry;
            _handCold ??= entry;
            return;
        }

        entry.Next = _handHot;
        entry.Previous = _handHot.Previous;
        entry.Previous.Next = entry;
        _handHot.Previous = entry;
    }

    // Takes an entry out of the clock; a hand on it moves to the next entry.
    private void Unlink(Entry entry)
    {
        _entries--;
        if (_entries == 0)
        {
            _handHot = _handTest = _handCold = null;
            return;
        }

        if (_handHot == entry)
        {
            _handHot = entry.Next;
        }

        if (_handTest == entry)
        {
            _handTest = entry.Next;
        }

        if (_handCold == entry)
        {
            _handCold = entry.Next;
        }

        entry.Previous.Next = entry.Next;
        entry.Next.Previous = entry.Previous;
    }

    private sealed class Entry(PageIdentity page, FrameNumber frame)
    {
        public PageIdentity Page { get; set; } = page;

        public FrameNumber Frame { get; set; } = frame;

        public bool Hot { get; set; }

        public bool InTest { get; set; }

        public Entry Next { get; set; } = null!;

        public Entry Previous { get; set; } = null!;
    }
}
