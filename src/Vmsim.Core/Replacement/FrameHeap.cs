using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>The order of a <see cref="FrameHeap{TOrder}"/>: which of two frames goes first.</summary>
internal interface IFrameOrder
{
    /// <summary>True when frame <paramref name="a"/> is to be evicted before frame <paramref name="b"/>.</summary>
    bool Before(int a, int b);
}

/// <summary>A condition a frame must meet, besides the host's, to be a <see cref="FrameHeap{TOrder}"/> search's victim.</summary>
internal interface IFrameFilter
{
    /// <summary>True when frame <paramref name="frame"/> may be the victim.</summary>
    bool Accepts(int frame);
}

/// <summary>
/// Resident frames in a binary heap whose top is the next victim, with each frame's
/// position kept so that a frame whose key changed moves in O(log n) and any frame can
/// leave. A policy's victim search may set frames that cannot go now aside (pinned, or
/// outside the process that must give up a frame) and take the next top, then put them
/// back. The order is a struct, so its comparisons are inlined.
/// </summary>
internal sealed class FrameHeap<TOrder>
    where TOrder : struct, IFrameOrder
{
    private readonly int[] _heap;
    private readonly int[] _position;
    private readonly int[] _aside;
    private TOrder _order;
    private int _asideCount;

    /// <summary>Creates an empty heap for frames 0 to <paramref name="frames"/> - 1.</summary>
    public FrameHeap(int frames, TOrder order)
    {
        _heap = new int[frames];
        _position = new int[frames];
        _aside = new int[frames];
        _position.AsSpan().Fill(-1);
        _order = order;
    }

    /// <summary>How many frames are in the heap (not counting those set aside).</summary>
    public int Count { get; private set; }

    /// <summary>The frame that goes first; the heap must not be empty.</summary>
    public int Top => _heap[0];

    /// <summary>The frames in the heap, in no particular order.</summary>
    public ReadOnlySpan<int> Frames => _heap.AsSpan(0, Count);

    /// <summary>The frames in the heap in the order they would go, first first (for displays).</summary>
    public int[] InOrder()
    {
        var frames = Frames.ToArray();
        var order = _order;
        Array.Sort(frames, (a, b) => order.Before(a, b) ? -1 : order.Before(b, a) ? 1 : 0);
        return frames;
    }

    /// <summary>True when frame <paramref name="frame"/> is in the heap.</summary>
    public bool Contains(int frame) => _position[frame] >= 0;

    /// <summary>Adds frame <paramref name="frame"/>, which must not be in the heap.</summary>
    public void Add(int frame)
    {
        _position[frame] = Count;
        _heap[Count++] = frame;
        SiftUp(_position[frame]);
    }

    /// <summary>Removes frame <paramref name="frame"/> if it is in the heap; false if it was not.</summary>
    public bool Remove(int frame)
    {
        var i = _position[frame];
        if (i < 0)
        {
            return false;
        }

        _position[frame] = -1;
        Count--;
        if (i < Count)
        {
            var moved = _heap[Count];
            _heap[i] = moved;
            _position[moved] = i;
            SiftUp(i);
            SiftDown(_position[moved]);
        }

        return true;
    }

    /// <summary>Moves frame <paramref name="frame"/> after its key became later (it goes after more frames now).</summary>
    public void Later(int frame) => SiftDown(_position[frame]);

    /// <summary>Moves frame <paramref name="frame"/> after its key became earlier (it goes before more frames now).</summary>
    public void Sooner(int frame) => SiftUp(_position[frame]);

    /// <summary>Takes the top frame out and sets it aside until <see cref="RestoreAside"/>.</summary>
    public void SetTopAside()
    {
        var top = _heap[0];
        Remove(top);
        _aside[_asideCount++] = top;
    }

    /// <summary>Puts back every frame set aside.</summary>
    public void RestoreAside()
    {
        for (var i = 0; i < _asideCount; i++)
        {
            Add(_aside[i]);
        }

        _asideCount = 0;
    }

    /// <summary>
    /// The first frame in the heap's order that <paramref name="host"/> may evict now, or
    /// <see cref="FrameNumber.None"/>; the frames before it are set aside and put back.
    /// </summary>
    public FrameNumber FirstEvictable(IFrameHost host) => FirstEvictable(host, default(AnyFrame));

    /// <summary>
    /// The first frame in the heap's order that <paramref name="host"/> may evict now and
    /// <paramref name="filter"/> accepts, or <see cref="FrameNumber.None"/>; the frames before
    /// it are set aside and put back. The filter is a struct, so its check is inlined.
    /// </summary>
    public FrameNumber FirstEvictable<TFilter>(IFrameHost host, TFilter filter)
        where TFilter : struct, IFrameFilter
    {
        ArgumentNullException.ThrowIfNull(host);
        while (Count > 0 && !(host.CanEvict(new FrameNumber(Top)) && filter.Accepts(Top)))
        {
            SetTopAside();
        }

        var victim = Count > 0 ? new FrameNumber(Top) : FrameNumber.None;
        RestoreAside();
        return victim;
    }

    /// <summary>Restores the heap's order after the keys of many frames changed at once, in O(n).</summary>
    public void Rebuild()
    {
        for (var i = (Count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    private void SiftUp(int i)
    {
        var f = _heap[i];
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!_order.Before(f, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            _position[_heap[i]] = i;
            i = parent;
        }

        _heap[i] = f;
        _position[f] = i;
    }

    private void SiftDown(int i)
    {
        var f = _heap[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _order.Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!_order.Before(_heap[child], f))
            {
                break;
            }

            _heap[i] = _heap[child];
            _position[_heap[i]] = i;
            i = child;
        }

        _heap[i] = f;
        _position[f] = i;
    }

    // No condition beyond the host's.
    private readonly struct AnyFrame : IFrameFilter
    {
        public bool Accepts(int frame) => true;
    }
}
