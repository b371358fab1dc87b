using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Denning's working set: the working set W(t, tau) of a process is the pages it referenced
/// in its last tau references, counted in its own virtual time (its references, so a process
/// that is not running keeps its working set), and the resident set of each process is its
/// working set. A page leaves memory as soon as it leaves the working set, whether memory is
/// short or not (<see cref="NextDeparture"/>); so a reference faults exactly when its page is
/// not in W(t - 1, tau), and the window, not the number of frames, decides the faults while
/// the working sets fit.
/// </summary>
/// <remarks>
/// A variable-space policy: it tells the kernel which resident pages have left their
/// working sets after each access (<see cref="PolicyNeeds.Departures"/>), and the kernel
/// evicts them as it evicts any page, written back if dirty. A frame shared by processes
/// stays while any of them has referenced it within its window (<see cref="FrameWorkingSets"/>);
/// a fault that brings in a page and its private copy counts both as referenced.
/// When the working sets together need more frames than memory has, the kernel still needs
/// victims, and Denning's answer (swap out a whole process, load control) belongs to a
/// scheduler vmsim does not have. Asked for a victim, the policy takes a page no working set
/// holds if there is one (a page whose processes have all ended: not pushed out, but first to
/// go), and otherwise the least recently used page, which is inside a working set: the sign
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

    // Frames no working set holds because the processes that held them ended.
    private FrameList _unclaimed = new(0);

    private FrameWorkingSets _sets = new(0, 1);
    private long[] _lastUse = [];
    private IFrameHost? _host;

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

    /// <summary>How many victims were taken from inside a working set, because the working sets did not fit in memory.</summary>
    public long VictimsInsideWindow { get; private set; }

    /// <summary>How many pages went because they had left every working set.</summary>
    public long Departures { get; private set; }

    /// <summary>The virtual time (machine time) of the last use of the page in <paramref name="frame"/>.</summary>
    public long LastUseOf(FrameNumber frame) => _lastUse[frame.Value];

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
        _unclaimed = new FrameList(host.FrameCount);
        _sets = new FrameWorkingSets(host.FrameCount, _window);
        _lastUse = new long[host.FrameCount];
        VictimsInsideWindow = 0;
        Departures = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _recency.AddLast(frame);
        Referenced(frame, access);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        _recency.MoveToLast(frame);
        Referenced(frame, access);
    }

    /// <inheritdoc/>
    public FrameNumber NextDeparture() => _leaving.FirstEvictable(_host!);

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (reason == RemovalReason.Evicted)
        {
            if (_sets.Holds(frame))
            {
                VictimsInsideWindow++;
            }
            else if (_leaving.Contains(frame))
            {
                Departures++;
            }
        }

        _sets.Remove(frame);
        _recency.Remove(frame);
        _leaving.Remove(frame);
        _unclaimed.Remove(frame);
    }

    /// <inheritdoc/>
    public void OnAddressSpaceExit(int asid) => _sets.End(asid, _unclaimed);

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        // A page outside every working set before any inside one; while the kernel takes the
        // departures, none is left waiting in _leaving.
        var victim = _leaving.FirstEvictable(_host!);
        if (!victim.IsValid)
        {
            victim = _unclaimed.FirstEvictable(_host!);
        }

        return victim.IsValid ? victim : _recency.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = PolicyViews.FromList(_leaving, f => $"last use t={_lastUse[f.Value]}; has left the working set");
        order.AddRange(PolicyViews.FromList(_unclaimed, f => $"last use t={_lastUse[f.Value]}; in no working set (its processes ended)"));
        order.AddRange(PolicyViews.FromList(_recency, f => $"last use t={_lastUse[f.Value]}; {HoldersText(f)}")
            .Where(n => !_leaving.Contains(n.Frame) && !_unclaimed.Contains(n.Frame)));
        return new(
            $"pages outside every working set first, then the least recently used; window tau = {Plural.Count(_window, "access")}, each process's own; now t={_host!.Now}",
            order);
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
        _sets.Reference(access.Asid, access.Time, frame, _leaving);
    }

    // "in the working set of P1 (its reference 11 of 12)", each process counting its own references.
    private string HoldersText(FrameNumber frame) =>
        "in the working set of " + string.Join(", ", _sets.HoldersOf(frame).Select(h => $"P{h.Asid} (its reference {h.LastUse} of {h.Now})"));
}
