using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// CAR, clock with adaptive replacement: ARC's four lists with the two resident ones run as
/// clocks, so that a hit costs nothing but the hardware's accessed bit. T1 holds pages seen
/// once, T2 pages seen at least twice; B1 and B2 remember the pages each evicted. To find a
/// victim, while |T1| is at least max(1, p) the hand of T1 looks at its head page: with the
/// bit clear it is the victim (remembered at the most recent end of B1), with the bit set
/// the bit is cleared and the page moves to the tail of T2. Otherwise the hand of T2 looks
/// at its head: bit clear, victim (into B2); bit set, cleared and moved to T2's tail. After
/// the eviction the directory is trimmed as ARC's is (|T1| + |B1| at most c, all four lists
/// at most 2c), and the faulting page goes to the tail of T1 with its bit clear, or, if B1
/// or B2 remembered it, to the tail of T2 after p rises by max(1, |B2|/|B1|) (from B1) or
/// falls by max(1, |B1|/|B2|) (from B2). Parameters: none; p starts at 0.
/// Source: S. Bansal and D. S. Modha, "CAR: Clock with Adaptive Replacement", FAST 2004
/// (figure 2).
/// </summary>
/// <remarks>
/// The page reference bit is the hardware accessed bit, read and cleared through
/// <see cref="IFrameHost.TestAndClearAccessed"/>, which is how a kernel would run CAR; the
/// retried faulting access sets it, so <see cref="OnLoad"/> clears it, as the paper inserts
/// pages with the bit at 0. Unlike ARC, CAR adapts p after replacing, so the kernel's order
/// of calls (victim first, then the faulting page) matches the paper step for step. A page
/// that cannot be evicted is passed over as a clock hand passes it, its bit untouched.
/// Released pages leave no ghost; when the last resident page is released the policy
/// forgets its ghosts and p.
/// </remarks>
public sealed class Car : IReplacementPolicy, IGhostKeeper
{
    // Clocks: head = the page under the hand, tail = just behind it. The ghost lists B1 and B2 are in _ghosts.
    private FrameList _t1 = new(0);
    private FrameList _t2 = new(0);
    private ArcGhostLists _ghosts = new(0);
    private int[] _asidOf = [];
    private PageNumber[] _pageOf = [];
    private int _c;
    private double _p;
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "car";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <summary>The adaptive target size p of T1, between 0 and the number of frames.</summary>
    public double Target => _p;

    /// <summary>|T1|: resident pages seen once since they were last brought in.</summary>
    public int RecencyCount => _t1.Count;

    /// <summary>|T2|: resident pages seen at least twice.</summary>
    public int FrequencyCount => _t2.Count;

    /// <summary>|B1|: ghosts of pages evicted from T1.</summary>
    public int RecencyGhostCount => _ghosts.B1.Count;

    /// <summary>|B2|: ghosts of pages evicted from T2.</summary>
    public int FrequencyGhostCount => _ghosts.B2.Count;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _c = host.FrameCount;
        _t1 = new FrameList(_c);
        _t2 = new FrameList(_c);
        _ghosts = new ArcGhostLists(2 * _c);
        _asidOf = new int[_c];
        _pageOf = new PageNumber[_c];
        _p = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        // The paper inserts with the reference bit at 0: the fault is not a re-reference.
        _host!.TestAndClearAccessed(frame);
        _asidOf[frame.Value] = access.Asid;
        _pageOf[frame.Value] = access.Page;
        var g = _ghosts.Find(access.Asid, access.Page);
        if (g < 0)
        {
            _ghosts.MakeRoomForNewPage(_t1.Count, _t2.Count, _c);
            _t1.AddLast(frame);
        }
        else
        {
            _p = _ghosts.AdaptedTarget(_p, _c, fromB1: _ghosts.InB1(g));
            _ghosts.Forget(g);
            _t2.AddLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var fromT1 = _t1.Remove(frame);
        if (!fromT1 && !_t2.Remove(frame))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (!_host!.HasEnded(_asidOf[frame.Value]))
            {
                _ghosts.Remember(_asidOf[frame.Value], _pageOf[frame.Value], toB2: !fromT1);
            }
        }
        else if (_t1.Count + _t2.Count == 0)
        {
            Reset();
        }
    }

    /// <inheritdoc/>
    public void OnAddressSpaceExit(int asid)
    {
        _ghosts.ForgetAddressSpace(asid);
    }

    /// <inheritdoc/>
    bool IGhostKeeper.Remembers(int asid) => _ghosts.Remembers(asid);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;

        // Consecutive frames at a list's head that could not be evicted: once a whole list
        // has been passed over, the other list serves, and when both have, nothing can go.
        // Every other step clears a bit, moves a page from T1 to T2 or finds the victim, so
        // the loop ends within |T1| + 2|T2| + 2 steps of the last such change.
        var stuck1 = 0;
        var stuck2 = 0;
        while (true)
        {
            var t1Done = stuck1 >= _t1.Count;
            var t2Done = stuck2 >= _t2.Count;
            if (t1Done && t2Done)
            {
                return FrameNumber.None;
            }

            if (!t1Done && (_t1.Count >= Math.Max(1.0, _p) || t2Done))
            {
                var f = _t1.Head;
                if (!host.CanEvict(f))
                {
                    _t1.MoveToLast(f);
                    stuck1++;
                    continue;
                }

                stuck1 = 0;
                if (!host.TestAndClearAccessed(f))
                {
                    return f;
                }

                _t1.Remove(f);
                _t2.AddLast(f);
                stuck2 = 0;
            }
            else
            {
                var f = _t2.Head;
                if (!host.CanEvict(f))
                {
                    _t2.MoveToLast(f);
                    stuck2++;
                    continue;
                }

                stuck2 = 0;
                if (!host.TestAndClearAccessed(f))
                {
                    return f;
                }

                _t2.MoveToLast(f);
            }
        }
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var fromT1 = _t1.Count > 0 && _t1.Count >= Math.Max(1.0, _p);
        var first = fromT1 ? _t1 : _t2;
        var second = fromT1 ? _t2 : _t1;
        var order = PolicyViews.FromList(first, f => $"{(fromT1 ? "T1" : "T2")} R {PolicyViews.Bit(_host!.IsAccessed(f), 'R')}");
        order.AddRange(PolicyViews.FromList(second, f => $"{(fromT1 ? "T2" : "T1")} R {PolicyViews.Bit(_host!.IsAccessed(f), 'R')}"));
        return new PolicyView(
            $"p = {_p:0.##} (target size of T1); T1 {_t1.Count}, T2 {_t2.Count}, B1 ghosts {_ghosts.B1.Count}, B2 ghosts {_ghosts.B2.Count}; " +
            $"the hand of {(fromT1 ? "T1" : "T2")} moves next",
            order);
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private void Reset()
    {
        _ghosts.Clear();

        _p = 0;
    }
}
