using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// CLOCK-Pro: LIRS carried over to a clock, for virtual memory. Resident pages are hot
/// (small reuse distance, never evicted) or cold; one clock holds them all in order of
/// recency, together with up to m non-resident cold pages (m = frames) whose test period
/// has not ended. A cold page is in its test period from when it is brought in (or moved
/// to the list head) until it grows older than the oldest hot page; an access during the
/// test period shows a reuse distance smaller than the hot pages' and makes it hot. Hits
/// only set the reference bit. The list head is just behind HAND_hot, so the hands meet
/// the pages moved there last. Three hands move round the clock:
/// HAND_cold finds the victim among resident cold pages: bit clear, the page is evicted,
/// staying in the clock as a non-resident cold page if in its test period, and the hand
/// stops at the next resident cold page; bit set and in its test period, the page turns
/// hot; bit set otherwise, a new test period starts; either way the bit is cleared, the
/// page moves to the list head, and the hand moves on from where the page was.
/// HAND_hot, run while there are more hot pages than m - m_c, spares a hot page whose bit is
/// set (clearing it), demotes the first one whose bit is clear to cold, and moves on to stop
/// at a hot page; passing a cold page it ends the page's test period, removing it from the
/// clock if non-resident. HAND_test is never behind it: a HAND_test that HAND_hot reaches
/// moves on with it.
/// A fault on a non-resident cold page still in the clock makes it hot at once; any other
/// fault brings a cold page in at the list head in its test period, and then, if more than
/// m non-resident cold pages are left, HAND_test ends test periods the same way until one
/// non-resident page has left. The cold target m_c adapts: +1 when a cold page is accessed
/// in its test period, -1 when a test period ends without an access.
/// Parameters: m_c between 1% and 99% of the frames (at least one frame), starting at 1%;
/// until memory holds m - m_c pages, new pages start hot, as in the authors' simulator.
/// Source: S. Jiang, F. Chen and X. Zhang, "CLOCK-Pro: an effective improvement of the
/// CLOCK replacement", USENIX ATC 2005 (section 4).
/// </summary>
/// <remarks>
/// The reference bit is the hardware accessed bit, read and cleared through
/// <see cref="IFrameHost.TestAndClearAccessed"/>, as the paper's Linux implementation does;
/// <see cref="OnLoad"/> clears the bit the retried faulting access set, so that only a later
/// access counts within the test period. The resident cold pages are also kept in a list of
/// their own, in the clock's order, so that HAND_cold steps from cold page to cold page
/// without walking over the hot ones (a walk that would cost a hundred steps per fault with
/// 1% cold pages); where the list head falls in it is tracked as the first cold page at or
/// after HAND_hot. The list is a shortcut and changes no choice: the policy also keeps where
/// HAND_cold stands on the clock and whether HAND_hot is between it and the next cold page,
/// so a page that turns cold there (demoted by HAND_hot, or brought to the list head, while
/// HAND_cold stands where a page it moved or a released page was) is the next HAND_cold
/// meets, as on one clock. A test holds the policy to hands on one clock on random strings,
/// with releases, pins and faults that take two frames. Every hand step is O(1); HAND_hot
/// and HAND_test move as far as on one clock. The faulting page is looked up among the
/// non-resident pages before HAND_test makes room for the victim's entry, so between an
/// eviction and the load that follows there may be m + 1 of them. A fault that takes two
/// frames before either load (a write to a private file page not in the page cache, read in
/// and copied at once) may evict twice: a page in its test period evicted when m + 1 are
/// already non-resident has HAND_test make room first, as more than m call for it, and
/// stays non-resident only if its test period is not over, so there are never more than
/// m + 1. Pages that cannot be evicted are passed over without reading their bits. If no
/// resident cold page can be evicted, HAND_hot runs and the page it demotes is the victim.
/// A resident cold page whose test period ends while its bit is set (used, but not yet seen
/// by HAND_cold) moves m_c neither way. Released pages leave no non-resident entry; when
/// the last resident page is released the clock is emptied and m_c returns to its starting
/// value.
/// </remarks>
public sealed class ClockPro : IGhostTableKeeper
{
    private readonly double _minColdFraction;

    // The clock: frames 0..m-1 are resident pages, m + slot a non-resident cold page.
    private FrameList _ring = new(0);

    // The resident cold pages in the clock's order: HAND_cold's own ring.
    private FrameList _cold = new(0);
    private GhostTable _ghosts;
    private bool[] _hot = [];
    private bool[] _inTest = [];
    private FrameNumber _handHot = FrameNumber.None;
    private FrameNumber _handTest = FrameNumber.None;

    // The resident cold page HAND_cold looks at next.
    private FrameNumber _handCold = FrameNumber.None;

    // Where HAND_cold stands on the clock: the entry it comes to next, which is _handCold or an
    // entry before it with no resident cold page in between (after the page it stood on moved
    // to the list head or was released). None while there is no resident cold page.
    private FrameNumber _coldSpot = FrameNumber.None;

    // True when HAND_hot stands on an entry from _coldSpot to _handCold: a page that turns cold
    // there (brought to the list head just behind HAND_hot, or demoted by it) comes in front of
    // HAND_cold, and HAND_cold meets it before _handCold.
    private bool _hotInColdReach;

    // The first resident cold page at or after HAND_hot: new cold pages go just before it
    // in the cold ring, since the list head is just behind HAND_hot.
    private FrameNumber _coldAnchor = FrameNumber.None;
    private FrameNumber _lastDemoted = FrameNumber.None;
    private int _m;
    private int _hotCount;
    private int _coldTarget;
    private int _minCold;
    private int _maxCold;
    private IFrameHost? _host;

    /// <summary>Creates CLOCK-Pro whose cold target stays between <paramref name="minColdFraction"/> of the frames and the frames less that (1% by default).</summary>
    public ClockPro(double minColdFraction = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minColdFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minColdFraction, 0.5);
        _minColdFraction = minColdFraction;
        _ghosts = new GhostTable(0, Forget);
    }

    /// <inheritdoc/>
    public string Name => "clock-pro";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>m_c, the adaptive target number of resident cold pages.</summary>
    public int ColdTarget => _coldTarget;

    /// <summary>Resident hot pages.</summary>
    public int HotCount => _hotCount;

    /// <summary>Resident cold pages.</summary>
    public int ResidentColdCount => _cold.Count;

    /// <summary>Non-resident cold pages still in their test period.</summary>
    public int NonResidentCount => _ghosts.Count;

    /// <summary>True when the page in <paramref name="frame"/> is hot.</summary>
    public bool IsHot(FrameNumber frame) => _hot[frame.Value];

    /// <summary>True when the page in <paramref name="frame"/> is cold and in its test period.</summary>
    public bool InTest(FrameNumber frame) => _inTest[frame.Value];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _m = host.FrameCount;
        _ring = new FrameList((2 * _m) + 1);
        _cold = new FrameList(_m);

        // One more than m: the victim's entry is made before the faulting page is looked up.
        _ghosts = new GhostTable(_m + 1, Forget);
        _hot = new bool[_m];
        _inTest = new bool[_m];
        _minCold = Math.Max(1, (int)(_m * _minColdFraction));
        _maxCold = Math.Max(_minCold, _m - _minCold);
        _coldTarget = _minCold;
        _hotCount = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var f = frame.Value;

        // Only an access after the fault counts as a re-reference in the test period.
        _host!.TestAndClearAccessed(frame);
        var identity = _host!.IdentityOf(frame);
        _inTest[f] = false;
        var g = _ghosts.Find(identity);
        if (g >= 0)
        {
            // Faulted back within its test period: hot, and the cold share grows.
            Forget(g);
            IncreaseColdTarget();
            _hot[f] = true;
            _hotCount++;
            InsertAtHead(frame);
            BalanceHot();
        }
        else if (_hotCount + _cold.Count < _m - _coldTarget)
        {
            _hot[f] = true;
            _hotCount++;
            InsertAtHead(frame);
        }
        else
        {
            _hot[f] = false;
            _inTest[f] = true;
            InsertAtHead(frame);
            InsertColdAtHead(frame);
        }

        // The page has been looked up: now HAND_test may make room among the non-resident pages.
        if (_ghosts.Count > _m)
        {
            RunTestHand();
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var f = frame.Value;
        if (_hot[f])
        {
            _hot[f] = false;
            _hotCount--;
            RemoveFromRing(frame);
        }
        else if (_cold.Contains(frame))
        {
            RemoveFromCold(frame);
            if (reason == RemovalReason.Evicted && _inTest[f] && _host!.IdentityOf(frame) is var page && page.CanRecur(_host))
            {
                // The load that follows trims the entries back to m; only two evictions
                // without a load between them find the table full.
                if (_ghosts.IsFull)
                {
                    RunTestHand();
                }

                if (_inTest[f] && !_ghosts.IsFull)
                {
                    BecomeNonResident(frame, page);
                }
                else
                {
                    RemoveFromRing(frame);
                }
            }
            else
            {
                RemoveFromRing(frame);
            }

            _inTest[f] = false;
        }
        else
        {
            return;
        }

        if (reason == RemovalReason.Released && _hotCount + _cold.Count == 0)
        {
            while (_ring.Count > 0)
            {
                Forget(_ring.Head.Value - _m);
            }

            _coldTarget = _minCold;
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => new(_ghosts);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var stuck = 0;

        // Every evictable page HAND_cold meets is either the victim, or turns hot, or has its
        // bit cleared and is met again later; the bound only guards against a broken invariant.
        for (var step = 0; step < (4 * _m) + 8 && _cold.Count > 0 && stuck < _cold.Count; step++)
        {
            var f = _handCold;

            // The hand comes to f; HAND_hot is in front of it only if it stands on f.
            _coldSpot = f;
            _hotInColdReach = _handHot == f;
            var next = _cold.NextCircular(f);
            if (!host.CanEvict(f))
            {
                // Passed over: the hand stands after f, and the clock up to next, the first cold
                // page it meets (all of it when f is the only one), is in front of it.
                _coldSpot = _ring.NextCircular(f);
                _hotInColdReach = next == f || _coldAnchor == next;
                _handCold = next;
                stuck++;
                continue;
            }

            if (!host.TestAndClearAccessed(f))
            {
                // The victim: the hand stops at the next resident cold page.
                _handCold = next;
                _coldSpot = next;
                _hotInColdReach = _handHot == next;
                return f;
            }

            stuck = 0;
            RemoveFromCold(f);
            RemoveFromRing(f);
            if (_inTest[f.Value])
            {
                _inTest[f.Value] = false;
                IncreaseColdTarget();
                _hot[f.Value] = true;
                _hotCount++;
                InsertAtHead(f);
                BalanceHot();
            }
            else
            {
                _inTest[f.Value] = true;
                InsertAtHead(f);
                InsertColdAtHead(f);
            }
        }

        // No resident cold page can go: HAND_hot demotes the next hot page that can.
        return RunHotHand() ? _lastDemoted : FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var host = _host!;
        var order = new List<PolicyFrameNote>(_cold.Count + _hotCount);
        var f = _handCold;
        for (var i = 0; i < _cold.Count; i++, f = _cold.NextCircular(f))
        {
            var referenced = host.IsAccessed(f);
            order.Add(new PolicyFrameNote(f, $"cold{(_inTest[f.Value] ? ", in test" : string.Empty)}, R {PolicyViews.Bit(referenced, 'R')}") { List = "cold", Referenced = referenced });
        }

        var e = _handHot;
        for (var i = 0; i < _ring.Count; i++, e = _ring.NextCircular(e))
        {
            if (e.Value < _m && _hot[e.Value])
            {
                var referenced = host.IsAccessed(e);
                order.Add(new PolicyFrameNote(e, $"hot, R {PolicyViews.Bit(referenced, 'R')}") { List = "hot", Referenced = referenced });
            }
        }

        return new PolicyView(
            $"cold target m_c = {_coldTarget} of {Plural.Count(_m, "frame")}; hot {_hotCount}, resident cold {_cold.Count}, " +
            $"non-resident cold in test {_ghosts.Count}; " +
            (_handCold.IsValid ? $"HAND_cold at frame {_handCold}" : "no resident cold page"),
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private void BalanceHot()
    {
        while (_hotCount > _m - _coldTarget && RunHotHand())
        {
        }
    }

    private void IncreaseColdTarget()
    {
        if (_coldTarget < _maxCold)
        {
            _coldTarget++;
        }
    }

    private void DecreaseColdTarget()
    {
        if (_coldTarget > _minCold)
        {
            _coldTarget--;
        }
    }

    // Ends the test period of a resident cold page; it counts against m_c only if the page
    // was not accessed meanwhile (its bit is still set and HAND_cold will find it).
    private void EndTest(FrameNumber frame)
    {
        if (_inTest[frame.Value])
        {
            _inTest[frame.Value] = false;
            if (!_host!.IsAccessed(frame))
            {
                DecreaseColdTarget();
            }
        }
    }

    // Moves HAND_hot until one evictable hot page has been demoted and the hand has come to the
    // next hot page (true), or two turns have found none to demote (false). The demoted page is
    // left in _lastDemoted.
    private bool RunHotHand()
    {
        var host = _host!;
        var demoted = false;
        for (var steps = (2 * _ring.Count) + 1; steps > 0 && _ring.Count > 0; steps--)
        {
            var e = _handHot;
            if (e.Value >= _m)
            {
                Forget(e.Value - _m);
                DecreaseColdTarget();
                continue;
            }

            if (!_hot[e.Value])
            {
                EndTest(e);
                AdvanceHotHand();
                continue;
            }

            if (demoted)
            {
                // The paper's HAND_hot stops at a hot page.
                return true;
            }

            if (!host.CanEvict(e) || host.TestAndClearAccessed(e))
            {
                AdvanceHotHand();
                continue;
            }

            // Demoted where it stands; as the hand moves on, the page is at the list head.
            _hot[e.Value] = false;
            _hotCount--;
            if (_cold.Count == 0)
            {
                FirstColdPage(e);
            }
            else
            {
                _cold.AddBefore(_coldAnchor, e);
                if (_hotInColdReach)
                {
                    // Demoted in front of HAND_cold: the first cold page it comes to.
                    _handCold = e;
                }

                _coldAnchor = e;
            }

            AdvanceHotHand();
            _lastDemoted = e;
            demoted = true;
            if (_hotCount == 0)
            {
                return true;
            }

            // At most one more turn to the next hot page.
            steps = _ring.Count + 2;
        }

        return demoted;
    }

    // Moves HAND_test until one non-resident cold page has left the clock.
    private void RunTestHand()
    {
        for (var steps = _ring.Count + 1; steps > 0 && _ring.Count > 0; steps--)
        {
            var e = _handTest;
            if (e.Value >= _m)
            {
                Forget(e.Value - _m);
                DecreaseColdTarget();
                return;
            }

            if (!_hot[e.Value])
            {
                EndTest(e);
            }

            _handTest = _ring.NextCircular(e);
        }
    }

    private void AdvanceHotHand()
    {
        var e = _handHot;
        if (e.Value < _m && !_hot[e.Value] && _cold.Contains(e))
        {
            _coldAnchor = _cold.NextCircular(e);
        }

        var next = _ring.NextCircular(e);

        // HAND_hot does HAND_test's work on the pages it passes: HAND_test is never left behind,
        // where it would end the test periods of the pages just brought to the list head.
        if (_handTest == e)
        {
            _handTest = next;
        }

        if (_hotInColdReach && e == _handCold)
        {
            _hotInColdReach = false;
        }

        _handHot = next;
        _hotInColdReach |= next == _coldSpot;
    }

    // The list head is just behind HAND_hot.
    private void InsertAtHead(FrameNumber id)
    {
        if (_handHot.IsValid)
        {
            _ring.AddBefore(_handHot, id);
        }
        else
        {
            _ring.AddLast(id);
            _handHot = id;
            _handTest = id;
        }
    }

    // A page just put at the list head becomes a resident cold page.
    private void InsertColdAtHead(FrameNumber frame)
    {
        if (_cold.Count == 0)
        {
            FirstColdPage(frame);
        }
        else
        {
            _cold.AddBefore(_coldAnchor, frame);
            if (_hotInColdReach && _handHot != _coldSpot)
            {
                // Between HAND_cold and the cold page it would have met next: met first. HAND_hot
                // is now past it, out of HAND_cold's reach.
                _handCold = frame;
                _hotInColdReach = false;
            }
        }
    }

    // The only resident cold page: HAND_cold, which had none to go to, goes to it.
    private void FirstColdPage(FrameNumber frame)
    {
        _cold.AddLast(frame);
        _coldAnchor = frame;
        _handCold = frame;
        _coldSpot = frame;
        _hotInColdReach = _handHot == frame;
    }

    private void RemoveFromRing(FrameNumber id)
    {
        if (_ring.Count == 1)
        {
            _handHot = FrameNumber.None;
            _handTest = FrameNumber.None;
            _coldSpot = FrameNumber.None;
            _hotInColdReach = false;
        }
        else
        {
            var next = _ring.NextCircular(id);
            if (_handTest == id)
            {
                _handTest = next;
            }

            if (_coldSpot == id)
            {
                _coldSpot = next;
            }

            if (_handHot == id)
            {
                _handHot = next;
            }

            _hotInColdReach |= _handHot == _coldSpot;
        }

        _ring.Remove(id);
    }

    private void RemoveFromCold(FrameNumber frame)
    {
        if (_cold.Count == 1)
        {
            _coldAnchor = FrameNumber.None;
            _handCold = FrameNumber.None;
            _coldSpot = FrameNumber.None;
            _hotInColdReach = false;
        }
        else
        {
            var next = _cold.NextCircular(frame);
            if (_handCold == frame)
            {
                // HAND_cold does not move: the clock up to the next cold page is in front of it,
                // and HAND_hot is there if the next cold page is the first at or after it.
                _hotInColdReach |= _coldAnchor == next;
                _handCold = next;
            }

            if (_coldAnchor == frame)
            {
                _coldAnchor = next;
            }
        }

        _cold.Remove(frame);
    }

    // The evicted cold page keeps its place in the clock as a non-resident page in test.
    private void BecomeNonResident(FrameNumber frame, PageIdentity page)
    {
        _ghosts.Forget(page);

        var id = new FrameNumber(_m + _ghosts.Add(page));
        _ring.AddBefore(frame, id);
        if (_handHot == frame)
        {
            _handHot = id;
        }

        if (_handTest == frame)
        {
            _handTest = id;
        }

        _ring.Remove(frame);
    }

    private void Forget(int slot)
    {
        RemoveFromRing(new FrameNumber(_m + slot));
        _ghosts.Remove(slot);
    }
}
