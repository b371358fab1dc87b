using System.Globalization;
using Vmsim.Core.Addressing;
using Vmsim.Core.Analysis;

namespace Vmsim.Core.Replacement;

/// <summary>
/// W-TinyLFU: a small LRU window in front of a main region run as segmented LRU, with
/// TinyLFU's admission filter between them. Every access (fault or hit) is recorded in an
/// approximate frequency sketch (<see cref="FrequencySketch"/>: a count-min sketch of 4-bit
/// counters behind a doorkeeper Bloom filter, halved after every W recordings). A page
/// faulted in enters the window at its most recent end; a hit moves a page to the most
/// recent end of its list, and a hit on a probationary page promotes it to the protected
/// segment, whose least recent page drops back to probation when the segment is over its
/// share. When memory is full and the window is full, the window's least recent page, the
/// candidate, must leave the window for the page coming in: it is admitted to probation
/// only if its estimated frequency is greater than that of the main region's victim
/// (probation's least recent page), which is then evicted; otherwise the candidate itself
/// is evicted. So each fault evicts exactly one page, the candidate or the main victim,
/// and a page used once cannot push a page used often out of the main region.
/// Parameters: the window holds 1% of the frames (at least one); the main region the rest,
/// 80% of it protected, 20% probation; W = 10 × frames, the paper's sample size.
/// Source: G. Einziger, R. Friedman and B. Manes, "TinyLFU: A Highly Efficient Cache
/// Admission Policy", ACM Transactions on Storage 13(4), 2017 (the windowed variant is the
/// one the Caffeine cache uses).
/// </summary>
/// <remarks>
/// The policy sees every access, since the sketch counts hits. Pages are hashed by their
/// program's name for them (<see cref="IFrameHost.NameOf"/>: an anonymous page keeps its
/// address space and virtual page through swap, where ghost lists know it by its slot) with a
/// fixed seed, so a run is deterministic, and a page's history in the sketch survives its
/// eviction; a freed and reused swap slot passes none of it to the next page. A tie in the contest refuses the
/// candidate, as in the paper; Caffeine's random admission of a warm candidate (its guard
/// against hash flooding) is left out, since vmsim chooses nothing at random. When a page
/// cannot be evicted: the candidate is the least recent window page that can go, so a page
/// that cannot keeps its place in the window; if none can, the least recent goes to
/// probation uncontested (the window keeps to its share) and the main region gives the
/// victim; a main region with none that can go gives up the candidate uncontested. The
/// sketch keeps counts, not pages, so it holds no ghosts to forget when a process ends;
/// it is cleared when the last resident page is released.
/// </remarks>
public sealed class WTinyLfu : IReplacementPolicy
{
    /// <summary>The protected segment's share of the main region (the paper's and Caffeine's 80%).</summary>
    public const double ProtectedShareOfMain = 0.8;

    // A fixed seed for the pages' hashes: the same pages collide in the sketch on every run.
    private const ulong HashSeed = 0x5449_4E59_4C46_55UL;

    private readonly double _windowFraction;

    // Head = least recently used in the window and in both segments of the main region.
    private FrameList _window = new(0);
    private SegmentedLru _main = new(0, 0);
    private ulong[] _hashOf = [];
    private FrequencySketch _sketch = new(16, 64, 1);
    private IFrameHost? _host;

    /// <summary>Creates W-TinyLFU giving the window <paramref name="windowFraction"/> of the frames (1% by default, at least one frame).</summary>
    public WTinyLfu(double windowFraction = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowFraction, 1.0);
        _windowFraction = windowFraction;
    }

    /// <inheritdoc/>
    public string Name => "w-tinylfu";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>The most pages the window holds before its least recent page must leave it.</summary>
    public int WindowCapacity { get; private set; }

    /// <summary>The frames of the main region: the frames less the window's.</summary>
    public int MainCapacity { get; private set; }

    /// <summary>The most pages the protected segment holds: 80% of the main region.</summary>
    public int ProtectedCapacity => _main.ProtectedCapacity;

    /// <summary>Pages in the window.</summary>
    public int WindowCount => _window.Count;

    /// <summary>Pages in the probationary segment.</summary>
    public int ProbationCount => _main.Probation.Count;

    /// <summary>Pages in the protected segment.</summary>
    public int ProtectedCount => _main.Protected.Count;

    /// <summary>Candidates admitted to the main region in a contest, their frequency above the main victim's.</summary>
    public long Admitted { get; private set; }

    /// <summary>Candidates refused in a contest and evicted, their frequency not above the main victim's.</summary>
    public long Refused { get; private set; }

    /// <summary>The frequency sketch (for tests and the view).</summary>
    internal FrequencySketch Sketch => _sketch;

    /// <summary>True when the page in <paramref name="frame"/> is in the window.</summary>
    public bool InWindow(FrameNumber frame) => _window.Contains(frame);

    /// <summary>True when the page in <paramref name="frame"/> is in the protected segment.</summary>
    public bool IsProtected(FrameNumber frame) => _main.Protected.Contains(frame);

    /// <summary>The estimated frequency of the page in <paramref name="frame"/>, as the admission contest reads it.</summary>
    public int FrequencyOf(FrameNumber frame) => _sketch.Estimate(_hashOf[frame.Value]);

    /// <summary>The estimated frequency of <paramref name="page"/>, resident or not.</summary>
    public int FrequencyOf(PageIdentity page) => _sketch.Estimate(Hash(page));

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        WindowCapacity = Math.Clamp((int)(n * _windowFraction), 1, n);
        MainCapacity = n - WindowCapacity;
        _window = new FrameList(n);
        _main = new SegmentedLru(n, (int)(MainCapacity * ProtectedShareOfMain));
        _hashOf = new ulong[n];
        _sketch = FrequencySketch.ForFrames(n);
    }

    /// <inheritdoc/>
    public void OnMiss(PageIdentity page) => _sketch.Record(Hash(page.IsInSwap ? _host!.MissingName : page));

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _hashOf[frame.Value] = Hash(_host!.NameOf(frame));
        _window.AddLast(frame);

        // With frames to spare nothing is evicted: a page pushed out of the window joins
        // probation without a contest.
        while (_window.Count > WindowCapacity)
        {
            Admit(_window.Head);
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        _sketch.Record(_hashOf[frame.Value]);
        if (_window.Contains(frame))
        {
            _window.MoveToLast(frame);
        }
        else
        {
            _main.Hit(frame);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (!_window.Remove(frame))
        {
            _main.Remove(frame);
        }

        if (reason == RemovalReason.Released && _window.Count + _main.Count == 0)
        {
            _sketch.Clear();
        }
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        if (MainCapacity == 0 || _window.Count < WindowCapacity)
        {
            // The page coming in pushes nobody out of the window: no contest.
            var victim = _main.Victim(host);
            return victim.IsValid ? victim : _window.FirstEvictable(host);
        }

        // The candidate is the least recent window page that can go: one that cannot (pinned, or
        // another process's under local replacement) keeps its place and escapes no contest.
        var candidate = _window.FirstEvictable(host);
        var mainVictim = _main.Victim(host);
        if (!candidate.IsValid)
        {
            // No window page can go: the least recent leaves for probation uncontested, so that
            // the window keeps to its share, and the main region gives the victim.
            Admit(_window.Head);
            return mainVictim;
        }

        if (!mainVictim.IsValid)
        {
            return candidate;
        }

        if (FrequencyOf(candidate) > FrequencyOf(mainVictim))
        {
            Admitted++;
            Admit(candidate);
            return mainVictim;
        }

        Refused++;
        return candidate;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        PolicyFrameNote Note(FrameNumber f, string list)
        {
            var frequency = FrequencyOf(f).ToString(CultureInfo.InvariantCulture);
            return new(f, $"{list}, freq {frequency}") { List = list, Value = frequency };
        }

        // As SelectVictim decides: with a contest ahead, the window's least recent page is
        // weighed against the main region's victim, so the window comes first and the view says
        // the victim is one of two; without one, the main region gives the victim, so it comes first.
        var contest = _window.Count >= WindowCapacity && MainCapacity > 0 && _main.Count > 0;
        var window = PolicyViews.DescribedFromList(_window, f => Note(f, "window"));
        var order = contest ? window : [];
        order.AddRange(PolicyViews.DescribedFromList(_main.Probation, f => Note(f, "probation")));
        order.AddRange(PolicyViews.DescribedFromList(_main.Protected, f => Note(f, "protected")));
        if (!contest)
        {
            order.AddRange(window);
        }

        var mainVictim = ProbationCount > 0 ? "the least recent probationary page" : "the least recent protected page";
        var next = contest
            ? $"the window's least recent page enters probation if its frequency is above {mainVictim}'s, which then goes; otherwise it goes"
            : _main.Count > 0 ? $"{mainVictim} goes" : "the window's least recent page goes";
        return new PolicyView(
            $"window {_window.Count} of {WindowCapacity}, probation {ProbationCount}, protected {ProtectedCount} of {ProtectedCapacity}; " +
            $"{Admitted.ToString(CultureInfo.InvariantCulture)} admitted, {Refused.ToString(CultureInfo.InvariantCulture)} refused; " +
            $"counters halved in {Plural.Count(_sketch.SampleSize - _sketch.Recorded, "access")}; at the next fault {next}",
            order)
        {
            ValueIs = "frequency",
            VictimBetween = contest ? ["window", ProbationCount > 0 ? "probation" : "protected"] : [],
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    /// <summary>The key under which the sketch counts <paramref name="page"/>.</summary>
    internal static ulong Hash(PageIdentity page) => PageHash.Of(page.Index, page.Owner, HashSeed);

    // The candidate leaves the window for probation's most recent end.
    private void Admit(FrameNumber candidate)
    {
        _window.Remove(candidate);
        _main.Enter(candidate);
    }
}
