using System.Globalization;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// S3-FIFO: three FIFO queues. New pages enter a small queue S; the main queue M holds the
/// rest; a ghost queue G remembers pages evicted from S. Each resident page has a frequency
/// counter, 0 when it enters a queue, raised by each hit and capped at 3. When S holds at
/// least its share of the frames the victim comes from S: its oldest page moves to M
/// (counter reset) if it was hit while in S, and otherwise is evicted and remembered in G;
/// the next oldest is looked at until one is evicted. Otherwise the victim comes from M,
/// run as a clock with a 2-bit counter: the oldest page is reinserted at the newest end
/// with its counter lowered by one if it is above 0, and is evicted if it is 0. A fault on
/// a page G remembers puts it straight into M. Most pages a program touches once are thus
/// evicted soon after the fault ("quick demotion"), and M is left to pages that were reused.
/// Parameters: S = 10% of the frames (at least one), G remembers as many pages as M holds
/// (90% of the frames), counters capped at 3; a page moves from S to M after one hit (an
/// access besides its fault), as the paper describes it.
/// Source: J. Yang, Y. Zhang, Z. Qiu, Y. Yue and R. Vinayak, "FIFO queues are all you need
/// for cache eviction", SOSP 2023.
/// </summary>
/// <remarks>
/// The policy sees every access, because the counter counts hits, which an accessed bit
/// cannot. One call of <see cref="SelectVictim"/> evicts one page: moving a page from S to
/// M may leave M above its share, and then the next victim comes from M, as in the
/// authors' libCacheSim implementation. Pages that cannot be evicted are passed over where
/// they stand; if the preferred queue has none that can go, the other one gives the victim.
/// Released pages leave no ghost; when the last resident page is released G is forgotten.
/// </remarks>
public sealed class S3Fifo : IGhostTableKeeper
{
    private const int MaxFrequency = 3;
    private readonly double _smallFraction;

    // Head = oldest, tail = newest, in all three queues (G holds ghost slots).
    private FrameList _small = new(0);
    private FrameList _main = new(0);
    private GhostQueue _ghosts = new(0);
    private byte[] _frequency = [];
    private IFrameHost? _host;

    /// <summary>Creates S3-FIFO giving the small queue <paramref name="smallFraction"/> of the frames (10% by default, at least one).</summary>
    public S3Fifo(double smallFraction = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(smallFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(smallFraction, 1.0);
        _smallFraction = smallFraction;
    }

    /// <inheritdoc/>
    public string Name => "s3-fifo";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>The share of the frames for S: S gives the victim while it holds at least this many pages.</summary>
    public int SmallTarget { get; private set; }

    /// <summary>How many pages G remembers at most: M's share of the frames.</summary>
    public int GhostCapacity { get; private set; }

    /// <summary>Pages in S.</summary>
    public int SmallCount => _small.Count;

    /// <summary>Pages in M.</summary>
    public int MainCount => _main.Count;

    /// <summary>Ghosts in G.</summary>
    public int GhostCount => _ghosts.Count;

    /// <summary>The frequency counter of the page in <paramref name="frame"/>, from 0 to 3.</summary>
    public int FrequencyOf(FrameNumber frame) => _frequency[frame.Value];

    /// <summary>True when the page in <paramref name="frame"/> is in the main queue.</summary>
    public bool InMain(FrameNumber frame) => _main.Contains(frame);

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        SmallTarget = Math.Max(1, (int)(n * _smallFraction));
        GhostCapacity = Math.Max(1, n - SmallTarget);
        _small = new FrameList(n);
        _main = new FrameList(n);
        _ghosts = new GhostQueue(GhostCapacity);
        _frequency = new byte[n];
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var identity = _host!.IdentityOf(frame);
        _frequency[frame.Value] = 0;
        var g = _ghosts.Lookup.Find(identity);
        if (g >= 0)
        {
            _ghosts.Forget(g);
            _main.AddLast(frame);
        }
        else
        {
            _small.AddLast(frame);
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        if (_frequency[frame.Value] < MaxFrequency)
        {
            _frequency[frame.Value]++;
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var fromSmall = _small.Remove(frame);
        if (!fromSmall && !_main.Remove(frame))
        {
            return;
        }

        if (reason == RemovalReason.Evicted)
        {
            if (fromSmall && _host!.IdentityOf(frame) is var page && page.CanRecur(_host))
            {
                _ghosts.Remember(page);
            }
        }
        else if (_small.Count + _main.Count == 0)
        {
            _ghosts.Clear();
        }
    }

    /// <inheritdoc/>
    GhostLookup IGhostTableKeeper.GhostLookup => _ghosts.Lookup;

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        if (_small.Count >= SmallTarget)
        {
            var fromSmall = EvictFromSmall();
            return fromSmall.IsValid ? fromSmall : EvictFromMain();
        }

        var victim = EvictFromMain();
        if (!victim.IsValid)
        {
            // S moves its hit pages to M and gives an unhit one if it has one that can go;
            // M then gets a second look at the pages it received.
            victim = EvictFromSmall();
            if (!victim.IsValid)
            {
                victim = EvictFromMain();
            }
        }

        return victim;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var smallFirst = _small.Count >= SmallTarget;
        PolicyFrameNote Note(FrameNumber f, string list) =>
            new(f, $"{list}, freq {_frequency[f.Value]}") { List = list, Value = _frequency[f.Value].ToString(CultureInfo.InvariantCulture) };
        var order = PolicyViews.DescribedFromList(smallFirst ? _small : _main, f => Note(f, smallFirst ? "S" : "M"));
        order.AddRange(PolicyViews.DescribedFromList(smallFirst ? _main : _small, f => Note(f, smallFirst ? "M" : "S")));
        return new PolicyView(
            $"S {_small.Count} (target {SmallTarget}), M {_main.Count}, G ghosts {_ghosts.Count} of {GhostCapacity}; " +
            $"the oldest page of {(smallFirst ? "S" : "M")} is looked at next",
            order)
        {
            ValueIs = "frequency",
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    // The oldest pages of S go to M if hit, until an unhit one that can be evicted is found.
    private FrameNumber EvictFromSmall()
    {
        var host = _host!;
        var f = _small.Head;
        while (f.IsValid)
        {
            var next = _small.Next(f);
            if (_frequency[f.Value] > 0)
            {
                _small.Remove(f);
                _frequency[f.Value] = 0;
                _main.AddLast(f);
            }
            else if (host.CanEvict(f))
            {
                return f;
            }

            f = next;
        }

        return FrameNumber.None;
    }

    // M's oldest page is reinserted with its counter lowered while the counter is above 0.
    // Reinserted pages join the tail the walk is heading for, so each is met again; a walk
    // meets each page at most four times, and passes unevictable ones where they stand.
    private FrameNumber EvictFromMain()
    {
        var host = _host!;
        var f = _main.Head;
        while (f.IsValid)
        {
            var next = _main.Next(f);
            if (_frequency[f.Value] > 0)
            {
                _frequency[f.Value]--;
                if (next.IsValid)
                {
                    _main.MoveToLast(f);
                }
                else
                {
                    // Already the newest: the walk would end before meeting it again.
                    continue;
                }
            }
            else if (host.CanEvict(f))
            {
                return f;
            }

            f = next;
        }

        return FrameNumber.None;
    }

}
