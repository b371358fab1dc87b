using System.Globalization;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Least frequently used: evicts the page with the fewest accesses since it was loaded
/// (the faulting access counts as the first), ties going to the least recently used.
/// Counts start afresh at each load, so a page cannot bank uses from an earlier stay;
/// a page used heavily once and then abandoned still lingers, the policy's known flaw.
/// </summary>
/// <remarks>
/// Every access is O(1), as in Shah, Mitra and Matani's LFU: all frames stand in one
/// list ordered by (count, last use), and the frames of equal count form a contiguous
/// bucket whose last member is recorded. A hit moves a frame out of its bucket to the
/// end of the bucket for count + 1 (the most recent of that count), which is the next
/// bucket in the list or is created there; the victim is the first evictable frame
/// from the head. Buckets live in a pool of int arrays the size of the frame count,
/// since there are never more buckets than frames.
/// Source: E. G. Coffman and P. J. Denning, Operating Systems Theory, Prentice-Hall,
/// 1973 (LFU); A. Silberschatz, P. B. Galvin and G. Gagne, Operating System Concepts,
/// 10th ed., section 10.4.6 (counting-based replacement); K. Shah, A. Mitra and
/// D. Matani, "An O(1) algorithm for implementing the LFU cache eviction scheme", 2010
/// (the bucket structure).
/// </remarks>
public sealed class Lfu : IReplacementPolicy
{
    private const int NoBucket = -1;

    // All frames by ascending (count, last use): the head is the victim when evictable.
    private FrameList _order = new(0);
    private int[] _bucketOf = [];
    private long[] _bucketCount = [];
    private int[] _bucketLast = [];
    private int[] _bucketSize = [];
    private int[] _freeBuckets = [];
    private int _freeCount;
    private IFrameHost? _host;

    /// <inheritdoc/>
    public string Name => "lfu";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <summary>The number of accesses to the page in <paramref name="frame"/> since it was loaded, or 0 if none is.</summary>
    public long CountOf(FrameNumber frame)
    {
        var b = _bucketOf[frame.Value];
        return b == NoBucket ? 0 : _bucketCount[b];
    }

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        var n = host.FrameCount;
        _order = new FrameList(n);
        _bucketOf = new int[n];
        _bucketOf.AsSpan().Fill(NoBucket);
        _bucketCount = new long[n];
        _bucketLast = new int[n];
        _bucketSize = new int[n];
        _freeBuckets = new int[n];
        for (var i = 0; i < n; i++)
        {
            _freeBuckets[i] = n - 1 - i;
        }

        _freeCount = n;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        if (_bucketOf[frame.Value] != NoBucket)
        {
            throw new InvalidOperationException($"frame {frame} is already resident");
        }

        var head = _order.Head;
        if (head.IsValid && _bucketCount[_bucketOf[head.Value]] == 1)
        {
            Join(_bucketOf[head.Value], frame);
        }
        else
        {
            var b = NewBucket(1);
            _order.AddFirst(frame);
            _bucketOf[frame.Value] = b;
            _bucketLast[b] = frame.Value;
            _bucketSize[b] = 1;
        }
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
        var b = _bucketOf[frame.Value];
        var count = _bucketCount[b] + 1;
        var after = _order.Next(new FrameNumber(_bucketLast[b]));
        if (after.IsValid && _bucketCount[_bucketOf[after.Value]] == count)
        {
            Leave(frame);
            Join(_bucketOf[after.Value], frame);
        }
        else if (_bucketSize[b] == 1)
        {
            // Alone in its bucket and no bucket for count + 1: the bucket itself moves up.
            _bucketCount[b] = count;
        }
        else
        {
            var last = new FrameNumber(_bucketLast[b]);
            Leave(frame);
            var nb = NewBucket(count);
            if (last == frame)
            {
                // The frame was the bucket's last: it is still right after the bucket's new last.
                last = new FrameNumber(_bucketLast[b]);
            }

            InsertAfter(last, frame);
            _bucketOf[frame.Value] = nb;
            _bucketLast[nb] = frame.Value;
            _bucketSize[nb] = 1;
        }
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        if (_bucketOf[frame.Value] != NoBucket)
        {
            Leave(frame);
        }
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        return _order.FirstEvictable(_host!);
    }

    /// <inheritdoc/>
    public PolicyView Inspect() => new(
        "least frequently used first (ties: least recently used)",
        PolicyViews.DescribedFromList(_order, f => new PolicyFrameNote(f, $"{CountOf(f)} uses") { Value = CountOf(f).ToString(CultureInfo.InvariantCulture) }))
    {
        ValueIs = "uses",
    };

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }

    private int NewBucket(long count)
    {
        var b = _freeBuckets[--_freeCount];
        _bucketCount[b] = count;
        _bucketSize[b] = 0;
        return b;
    }

    // Takes the frame out of its bucket and out of the order list, freeing an emptied bucket.
    private void Leave(FrameNumber frame)
    {
        var b = _bucketOf[frame.Value];
        if (_bucketLast[b] == frame.Value)
        {
            _bucketLast[b] = _order.Previous(frame).Value;
        }

        _order.Remove(frame);
        _bucketOf[frame.Value] = NoBucket;
        if (--_bucketSize[b] == 0)
        {
            _freeBuckets[_freeCount++] = b;
        }
    }

    // Appends the frame, not in the list, at the end of bucket b: the most recent of its count.
    private void Join(int b, FrameNumber frame)
    {
        InsertAfter(new FrameNumber(_bucketLast[b]), frame);
        _bucketOf[frame.Value] = b;
        _bucketLast[b] = frame.Value;
        _bucketSize[b]++;
    }

    private void InsertAfter(FrameNumber anchor, FrameNumber frame)
    {
        var next = _order.Next(anchor);
        if (next.IsValid)
        {
            _order.AddBefore(next, frame);
        }
        else
        {
            _order.AddLast(frame);
        }
    }
}
