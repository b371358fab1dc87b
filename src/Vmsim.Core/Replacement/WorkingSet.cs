using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Denning's working set: the working set W(t, tau) of a process is the pages it referenced
/// in its last tau references, counted in its own virtual time (its references, so a process
/// that is not running keeps its working set), and the resident set of each process is its
/// working set. A page leaves memory as soon as it leaves every working set, whether memory is
/// short or not (<see cref="NextDeparture"/>), and a process's mapping of a page that another
/// process's working set still holds goes when the page leaves its own (<see cref="NextUnmap"/>);
/// so while the working sets fit, a process's reference faults exactly when its page is not in
/// its W(t - 1, tau), and the window, not the number of frames, decides the faults.
/// </summary>
/// <remarks>
/// A variable-space policy: it tells the kernel which resident pages have left their
/// working sets after each access (<see cref="PolicyNeeds.Departures"/>), and the kernel
/// evicts them as it evicts any page, written back if dirty. A frame shared by processes
/// stays while any of them has referenced it within its window (<see cref="FrameWorkingSets"/>).
/// A process holds the frames it references itself: after a copy-on-write fault the copy, not
/// the page it copied (<see cref="OnUnmapped"/>); a page a fault loads only to copy it (a write
/// to a private file mapping) is in the page cache and no working set.
/// A page in no working set that no process maps (a file page whose readers ended, a page kept
/// in the swap cache) is not a departure: it stays as cache, first to go when a frame is needed.
/// A dirty anonymous page that cannot be written (no swap slot free) stays resident outside
/// every working set until a slot is freed, and is not looked at again until then.
/// When the working sets together need more frames than memory has, the kernel still needs
/// victims, and Denning's answer (swap out a whole process, load control) belongs to a
/// scheduler vmsim does not have. Asked for a victim, the policy takes a page no working set
/// holds if there is one; else the faulting process's page that leaves its working set with
/// this very reference (<see cref="IFrameHost.Faulting"/>); else a page cached in no working
/// set; and otherwise the least recently used page, which is inside a working set: the sign
/// that the working sets do not fit, which it counts (<see cref="VictimsInsideWindow"/>).
/// Source: P. J. Denning, "The working set model for program behavior", CACM 11(5), 1968;
/// A. Silberschatz, P. B. Galvin and G. Gagne, Operating System Concepts, 10th ed., the
/// working-set model; A. S. Tanenbaum and H. Bos, Modern Operating Systems, 4th ed., 3.4.8.
/// </remarks>
public sealed class WorkingSet : IReplacementPolicy
{
    private readonly long _window;

    // Every frame held, least recently used first (by machine time): the victims when the working sets do not fit.
    private FrameList _recency = new(0);

    // Frames that have left every working set, oldest first, for the kernel to take.
    private FrameList _leaving = new(0);

    // Frames of _leaving that cannot be written while no swap slot is free, in their order, set
    // aside so that an access does not look at each again.
    private FrameList _stuck = new(0);

    // Frames no working set holds and no process maps: cache.
    private FrameList _unclaimed = new(0);

    // Mappings to take away (a shared page that left one process's working set), and how many were taken.
    private readonly List<(int Asid, FrameNumber Frame)> _unmaps = [];
    private int _unmapsTaken;

    private FrameWorkingSets _sets = new(0, 1);
    private long[] _lastUse = [];
    private IFrameHost? _host;

    // The frame last named as a departure, and the last victim (with whether a working set that keeps it held it), for the counts.
    private FrameNumber _departing = FrameNumber.None;
    private FrameNumber _victim = FrameNumber.None;
    private bool _victimInside;

    /// <summary>Creates the policy with working-set window <paramref name="window"/> (tau, in each process's references, at least 1).</summary>
    public WorkingSet(long window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
    }

    /// <inheritdoc/>
    public string Name => "ws";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.Departures;

    /// <summary>The working-set window tau, in each process's references.</summary>
    public long Window => _window;

    /// <summary>How many victims were taken from inside a working set (one that keeps the page), because the working sets did not fit in memory.</summary>
    public long VictimsInsideWindow { get; private set; }

    /// <summary>How many victims were pages outside every working set: cached pages, pages left waiting, or the faulting process's page that left its working set with the faulting reference.</summary>
    public long VictimsOutsideWindow { get; private set; }

    /// <summary>How many pages went on their own (<see cref="NextDeparture"/>) because they had left every working set.</summary>
    public long Departures { get; private set; }

    /// <summary>True when the page in <paramref name="frame"/> is in the working set of a running process.</summary>
    public bool InWorkingSet(FrameNumber frame) => _sets.Holds(frame);

    /// <summary>The references address space <paramref name="asid"/> has made so far, its own virtual time (0 before its first or after it ended).</summary>
    public long VirtualTimeOf(int asid) => _sets.TimeOf(asid);

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _recency = new FrameList(host.FrameCount);
        _leaving = new FrameList(host.FrameCount);
        _stuck = new FrameList(host.FrameCount);
        _unclaimed = new FrameList(host.FrameCount);
        _sets = new FrameWorkingSets(host.FrameCount, _window);
        _lastUse = new long[host.FrameCount];
        _unmaps.Clear();
        _unmapsTaken = 0;
        VictimsInsideWindow = 0;
        VictimsOutsideWindow = 0;
        Departures = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _recency.AddLast(frame);
        if (!_host!.IsMappedBy(frame, access.Asid))
        {
            // Loaded to be copied (a write to a private file mapping): the process references the copy.
            _lastUse[frame.Value] = access.Time;
            _unclaimed.AddLast(frame);
            return;
        }

        Referenced(frame, access);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        _recency.MoveToLast(frame);
        Referenced(frame, access);
    }

    /// <inheritdoc/>
    public void OnUnmapped(FrameNumber frame, int asid) => _sets.Forget(frame, asid, _leaving);

    /// <inheritdoc/>
    public FrameNumber NextUnmap(out int asid)
    {
        while (_unmapsTaken < _unmaps.Count)
        {
            (asid, var frame) = _unmaps[_unmapsTaken++];
            if (frame.IsValid)
            {
                return frame;
            }
        }

        _unmaps.Clear();
        _unmapsTaken = 0;
        asid = -1;
        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public FrameNumber NextDeparture()
    {
        var host = _host!;
        UnstickIfSwapFree();

        for (var f = _leaving.Head; f.IsValid;)
        {
            var next = _leaving.Next(f);
            if (!host.IsMapped(f))
            {
                _leaving.Remove(f);
                _unclaimed.AddLast(f);
            }
            else if (host.CanEvict(f))
            {
                _departing = f;
                return f;
            }
            else if (!host.HasFreeSwap)
            {
                // Dirty, swap-backed and no slot free: nothing changes that until a slot is freed.
                _leaving.Remove(f);
                _stuck.AddLast(f);
            }

            f = next;
        }

        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (reason == RemovalReason.Evicted)
        {
            if (frame == _departing)
            {
                Departures++;
            }
            else if (frame == _victim && _victimInside)
            {
                VictimsInsideWindow++;
            }
            else if (frame == _victim)
            {
                VictimsOutsideWindow++;
            }
        }

        if (frame == _departing)
        {
            _departing = FrameNumber.None;
        }

        if (frame == _victim)
        {
            _victim = FrameNumber.None;
        }

        for (var i = _unmapsTaken; i < _unmaps.Count; i++)
        {
            if (_unmaps[i].Frame == frame)
            {
                _unmaps[i] = (-1, FrameNumber.None);
            }
        }

        _sets.Remove(frame);
        _recency.Remove(frame);
        _leaving.Remove(frame);
        _stuck.Remove(frame);
        _unclaimed.Remove(frame);
    }

    /// <inheritdoc/>
    public void OnAddressSpaceExit(int asid) => _sets.End(asid, _leaving);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        UnstickIfSwapFree();

        var victim = _leaving.FirstEvictable(host);
        if (!victim.IsValid && host.Faulting >= 0)
        {
            victim = _sets.LeavingWithNextReference(host.Faulting);
            if (victim.IsValid && !host.CanEvict(victim))
            {
                victim = FrameNumber.None;
            }
        }

        if (!victim.IsValid)
        {
            victim = _unclaimed.FirstEvictable(host);
        }

        var inside = false;
        if (!victim.IsValid)
        {
            victim = _recency.FirstEvictable(host);
            inside = victim.IsValid && _sets.Holds(victim);
        }

        _victim = victim;
        _victimInside = inside;
        return victim;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        PolicyFrameNote Note(FrameNumber f, string why) => new(f, $"last use t={_lastUse[f.Value]}; {why}") { Time = _lastUse[f.Value] };
        var order = PolicyViews.DescribedFromList(_leaving, f => Note(f, "has left the working set"));
        order.AddRange(PolicyViews.DescribedFromList(_unclaimed, f => Note(f, "in no working set, mapped by no process (cache)")));
        order.AddRange(PolicyViews.DescribedFromList(_recency, f => Note(f, HoldersText(f)))
            .Where(n => _sets.Holds(n.Frame)));
        order.AddRange(PolicyViews.DescribedFromList(_stuck, f => Note(f, "has left the working set, but stays: dirty, and no swap slot is free")));
        return new(
            $"pages outside every working set first, then the least recently used; window tau = {Plural.Count(_window, "reference")}, each process's own; now t={_host!.Now}; "
            + $"{Plural.Count(Departures, "departure")}, {Plural.Count(VictimsOutsideWindow, "victim")} outside every working set, {VictimsInsideWindow} inside one",
            order)
        {
            TimeIs = "last use",
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    // The frame joins its process's working set; pages that leave every working set with it wait in _leaving.
    private void Referenced(FrameNumber frame, in AccessContext access)
    {
        _lastUse[frame.Value] = access.Time;
        _unclaimed.Remove(frame);
        _leaving.Remove(frame);
        _stuck.Remove(frame);
        _sets.Reference(access.Asid, access.Time, frame, _leaving, _unmaps);
    }

    // When a swap slot is free again, the pages set aside go back to the head of _leaving, in
    // their order (older than any there).
    private void UnstickIfSwapFree()
    {
        if (_stuck.Count == 0 || !_host!.HasFreeSwap)
        {
            return;
        }

        for (var f = _stuck.Tail; f.IsValid; f = _stuck.Tail)
        {
            _stuck.Remove(f);
            _leaving.AddFirst(f);
        }
    }

    // "in the working set of P1 (its reference 11 of 12)", each process counting its own references.
    private string HoldersText(FrameNumber frame) =>
        "in the working set of " + string.Join(", ", _sets.HoldersOf(frame).Select(h => $"P{h.Asid} (its reference {h.LastUse} of {h.Now})"));
}
