using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>One reference of a reference string: a page, read or written.</summary>
internal readonly record struct Reference(int Page, bool Write)
{
    /// <summary>Parses "7 0 1 2w 0": pages separated by spaces or commas, a trailing w for a write.</summary>
    public static Reference[] Parse(string text) =>
        text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.EndsWith('w') ? new Reference(int.Parse(t[..^1]), true) : new Reference(int.Parse(t), false))
            .ToArray();
}

/// <summary>
/// A stand-in for the kernel, for testing policies without the engine: one address
/// space, N frames with accessed and dirty bits, demand paging from a reference string.
/// A hit sets the accessed bit (and dirty for a write) and calls OnHit if the policy
/// asks for every access. A miss calls OnMiss, then takes the lowest free frame or asks the policy for a
/// victim (which must be resident and evictable; Faulting is 1 meanwhile), evicts it with OnRemove(Evicted),
/// maps the page, sets the bits of the retried access, then calls OnLoad. A policy that
/// asks for departures is then asked for them, and each is evicted as a victim is. OnTick is
/// called after every TickInterval accesses when the policy asks for ticks. During
/// access t, Now is t (the accesses made before it). <see cref="PrivateFileWrite"/> plays the
/// kernel's fault that takes two frames before the policy hears of either.
/// </summary>
internal sealed class PolicyDriver : IFrameHost
{
    private readonly IReplacementPolicy _policy;
    private readonly int[] _pageIn;
    private readonly bool[] _accessed;
    private readonly bool[] _dirty;
    private readonly bool[] _pinned;
    private readonly Dictionary<int, int> _frameOf = [];
    private readonly Dictionary<int, PageIdentity> _identified = [];
    private long _time;

    public PolicyDriver(IReplacementPolicy policy, int frames, int tickInterval = 0)
    {
        _policy = policy;
        FrameCount = frames;
        TickInterval = tickInterval;
        _pageIn = new int[frames];
        Array.Fill(_pageIn, -1);
        _accessed = new bool[frames];
        _dirty = new bool[frames];
        _pinned = new bool[frames];
        policy.Attach(this);
    }

    public int FrameCount { get; }

    /// <summary>The policy the driver plays.</summary>
    public IReplacementPolicy Policy => _policy;

    /// <summary>The driver's one address space (1) while a miss asks for a victim, else -1.</summary>
    public int Faulting { get; private set; } = -1;

    public long Now => _time;

    /// <summary>Accesses between automatic ticks; 0 for none (call <see cref="Tick"/> by hand).</summary>
    public int TickInterval { get; }

    /// <summary>Which pages are anonymous (swap-backed) rather than file pages; none by default.</summary>
    public Func<int, bool> Anonymous { get; init; } = _ => false;

    /// <summary>Whether swap has a free slot; false by default (a cache of file pages).</summary>
    public bool HasFreeSwap { get; set; }

    /// <summary>
    /// The page in the frame, of address space 1, as the driver plays one process; or the
    /// identity a test gave the frame with <see cref="Identify"/>.
    /// </summary>
    public PageIdentity IdentityOf(FrameNumber frame) =>
        _identified.TryGetValue(frame.Value, out var identity) ? identity : PageIdentity.Private(1, new PageNumber((ulong)_pageIn[frame.Value]));

    /// <summary>Makes <see cref="IdentityOf"/> answer <paramref name="identity"/> for <paramref name="frame"/>, for a test that loads a page into it by hand.</summary>
    public void Identify(FrameNumber frame, PageIdentity identity) => _identified[frame.Value] = identity;

    public bool IsSwapBacked(FrameNumber frame) => _pageIn[frame.Value] >= 0 && Anonymous(_pageIn[frame.Value]);


    public int Faults { get; private set; }

    public int Writebacks { get; private set; }

    public int Cleanings { get; private set; }

    /// <summary>The pages evicted, in order.</summary>
    public List<int> Evicted { get; } = [];

    /// <summary>The pages the policy let go on its own after an access (departures), in order.</summary>
    public List<int> Departed { get; } = [];

    /// <summary>The page evicted by the latest access (the second, if it evicted two), or -1 if it evicted none.</summary>
    public int LastEvicted { get; private set; } = -1;

    public bool IsAccessed(FrameNumber frame) => _accessed[frame.Value];

    public bool TestAndClearAccessed(FrameNumber frame)
    {
        var was = _accessed[frame.Value];
        _accessed[frame.Value] = false;
        return was;
    }

    public bool IsDirty(FrameNumber frame) => _dirty[frame.Value];

    public bool CanEvict(FrameNumber frame)
    {
        EvictabilityChecks++;
        return _pageIn[frame.Value] >= 0 && !_pinned[frame.Value] && (HasFreeSwap || !Unwritable(_pageIn[frame.Value]));
    }

    /// <summary>How many times a policy asked <see cref="CanEvict"/>.</summary>
    public long EvictabilityChecks { get; private set; }

    /// <summary>Pages that cannot be evicted while swap has no free slot (dirty anonymous pages with nowhere to go); none by default.</summary>
    public Func<int, bool> Unwritable { get; set; } = _ => false;

    public bool Clean(FrameNumber frame)
    {
        if (_dirty[frame.Value])
        {
            _dirty[frame.Value] = false;
            Cleanings++;
        }

        return true;
    }

    /// <summary>The frame holding <paramref name="page"/>, or -1.</summary>
    public int FrameOf(int page) => _frameOf.TryGetValue(page, out var f) ? f : -1;

    public bool IsResident(int page) => _frameOf.ContainsKey(page);

    /// <summary>The resident pages, by frame number (-1 for a free frame).</summary>
    public int[] Frames => (int[])_pageIn.Clone();

    public void Pin(int frame) => _pinned[frame] = true;

    public void Unpin(int frame) => _pinned[frame] = false;

    public void SetAccessed(int page, bool value) => _accessed[_frameOf[page]] = value;

    /// <summary>Plays a reference string, giving each access its next use when the policy needs the future.</summary>
    public PolicyDriver Run(string references) => Run(Reference.Parse(references));

    /// <summary>Plays references; returns this, to read <see cref="Faults"/>.</summary>
    public PolicyDriver Run(IReadOnlyList<Reference> references)
    {
        var nextUse = new long[references.Count];
        if (_policy.Needs.HasFlag(PolicyNeeds.Future))
        {
            var seen = new Dictionary<int, long>();
            for (var i = references.Count - 1; i >= 0; i--)
            {
                // Times are this run's, offset from the driver's clock.
                nextUse[i] = seen.TryGetValue(references[i].Page, out var n) ? n : AccessContext.Never;
                seen[references[i].Page] = _time + i;
            }
        }
        else
        {
            Array.Fill(nextUse, AccessContext.Unknown);
        }

        for (var i = 0; i < references.Count; i++)
        {
            Access(references[i].Page, references[i].Write, nextUse[i]);
        }

        return this;
    }

    /// <summary>One access; true if it faulted.</summary>
    public bool Access(int page, bool write = false, long nextUse = AccessContext.Unknown)
    {
        var context = new AccessContext(_time, 1, new PageNumber((ulong)page), write ? AccessKind.Write : AccessKind.Read, nextUse);
        LastEvicted = -1;
        bool fault;
        if (_frameOf.TryGetValue(page, out var f))
        {
            fault = false;
            Touch(f, write);
            if (_policy.Needs.HasFlag(PolicyNeeds.EveryAccess))
            {
                _policy.OnHit(new FrameNumber(f), context);
            }
        }
        else
        {
            fault = true;
            Faults++;
            _policy.OnMiss(PageIdentity.Private(context.Asid, context.Page));
            f = TakeFrame(page);
            Touch(f, write);
            _policy.OnLoad(new FrameNumber(f), context);
        }

        EndAccess();
        return fault;
    }

    /// <summary>
    /// The kernel's private-file write fault: a write to a private file mapping whose page is not
    /// in the page cache reads <paramref name="page"/> into a frame and copies it at once into a
    /// second frame, the writer's private copy, which the test names as page <paramref name="copy"/>
    /// (FaultHandler.DoCowFault; Reclaimer.AllocateFrame's secondOfFault). Both frames are found
    /// before the policy hears of either load, as Machine.TellPolicy tells it only after the
    /// fault: OnMiss once, for <paramref name="page"/>; the lowest free frame or a victim for the
    /// page, then for the copy, with the page's frame pinned meanwhile; the retried write sets
    /// the copy's accessed and dirty bits (the page, mapped by nobody, keeps both clear); then
    /// OnLoad for the page and OnLoad for the copy. One access and one fault, which may evict
    /// twice with no load between. Neither page may be resident.
    /// </summary>
    public void PrivateFileWrite(int page, int copy)
    {
        if (page == copy || _frameOf.ContainsKey(page) || _frameOf.ContainsKey(copy))
        {
            throw new ArgumentException($"a private-file write fault needs two pages not resident, found {page} and its copy {copy}");
        }

        var context = new AccessContext(_time, 1, new PageNumber((ulong)page), AccessKind.Write, AccessContext.Unknown);
        LastEvicted = -1;
        Faults++;
        _policy.OnMiss(PageIdentity.Private(context.Asid, context.Page));
        var f = TakeFrame(page);
        var wasPinned = _pinned[f];
        _pinned[f] = true;
        var c = TakeFrame(copy);
        _pinned[f] = wasPinned;
        Touch(c, write: true);
        _policy.OnLoad(new FrameNumber(f), context);
        _policy.OnLoad(new FrameNumber(c), context);
        EndAccess();
    }

    /// <summary>A tick by hand, at the current time.</summary>
    public void Tick() => _policy.OnTick(_time);

    /// <summary>Frees the frame of <paramref name="page"/> as munmap or exit would.</summary>
    public void Release(int page)
    {
        var f = _frameOf[page];
        _frameOf.Remove(page);
        _accessed[f] = false;
        _dirty[f] = false;
        _policy.OnRemove(new FrameNumber(f), RemovalReason.Released);
        _pageIn[f] = -1;
    }

    // The lowest free frame, else a victim's, now holding page with both bits clear; the policy is not told yet.
    private int TakeFrame(int page)
    {
        var f = Array.IndexOf(_pageIn, -1);
        if (f < 0)
        {
            Faulting = 1;
            var victim = _policy.SelectVictim();
            Faulting = -1;
            if (!victim.IsValid)
            {
                throw new InvalidOperationException($"{_policy.Name} found no victim at time {_time}");
            }

            if (!CanEvict(victim))
            {
                throw new InvalidOperationException($"{_policy.Name} chose frame {victim}, which cannot be evicted, at time {_time}");
            }

            f = victim.Value;
            Evict(f);
        }

        _pageIn[f] = page;
        _frameOf[page] = f;
        _accessed[f] = false;
        _dirty[f] = false;
        return f;
    }

    // Departures the policy names, then the clock moves on, with a tick when one is due.
    private void EndAccess()
    {
        if (_policy.Needs.HasFlag(PolicyNeeds.Departures))
        {
            TakeDepartures();
        }

        _time++;
        if (TickInterval > 0 && _policy.Needs.HasFlag(PolicyNeeds.Ticks) && _time % TickInterval == 0)
        {
            _policy.OnTick(_time);
        }
    }

    private void TakeDepartures()
    {
        for (var f = _policy.NextDeparture(); f.IsValid; f = _policy.NextDeparture())
        {
            if (!CanEvict(f))
            {
                throw new InvalidOperationException($"{_policy.Name} let frame {f} go, which cannot be evicted, at time {_time}");
            }

            Departed.Add(_pageIn[f.Value]);
            Evict(f.Value, departure: true);
        }
    }

    private void Touch(int f, bool write)
    {
        _accessed[f] = true;
        _dirty[f] |= write;
    }

    private void Evict(int f, bool departure = false)
    {
        if (_dirty[f])
        {
            Writebacks++;
        }

        if (!departure)
        {
            LastEvicted = _pageIn[f];
            Evicted.Add(_pageIn[f]);
        }

        // As in the kernel, the frame still names its page while the policy hears of the
        // eviction: a policy asks for the identity its ghost goes by then (IdentityOf).
        _frameOf.Remove(_pageIn[f]);
        _accessed[f] = false;
        _dirty[f] = false;
        _policy.OnRemove(new FrameNumber(f), RemovalReason.Evicted);
        _pageIn[f] = -1;
    }
}
