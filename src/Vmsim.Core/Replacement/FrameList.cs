using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A doubly linked list of frame numbers kept in int arrays indexed by frame (an
/// intrusive list): O(1) insert, remove, move and membership test, with no allocation
/// after construction. A frame is in at most one position of one list. Policies keep
/// their queues, LRU stacks and clock rings in these instead of <c>LinkedList</c>
/// nodes, so that an access allocates nothing.
/// </summary>
public sealed class FrameList
{
    private const int Nil = -1;
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly bool[] _member;
    private int _head = Nil;
    private int _tail = Nil;

    /// <summary>Creates an empty list able to hold frames 0 to <paramref name="capacity"/> minus one.</summary>
    public FrameList(int capacity)
    {
        _next = new int[capacity];
        _prev = new int[capacity];
        _member = new bool[capacity];
    }

    /// <summary>How many frames are in the list.</summary>
    public int Count { get; private set; }

    /// <summary>The first frame (the oldest, for a queue), or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber Head => new(_head);

    /// <summary>The last frame (the newest, for a queue), or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber Tail => new(_tail);

    /// <summary>True when <paramref name="frame"/> is in the list.</summary>
    public bool Contains(FrameNumber frame) => _member[frame.Value];

    /// <summary>The frame after <paramref name="frame"/>, or <see cref="FrameNumber.None"/> at the end.</summary>
    public FrameNumber Next(FrameNumber frame) => new(_next[frame.Value]);

    /// <summary>The frame before <paramref name="frame"/>, or <see cref="FrameNumber.None"/> at the start.</summary>
    public FrameNumber Previous(FrameNumber frame) => new(_prev[frame.Value]);

    /// <summary>The frame after <paramref name="frame"/>, wrapping from the end to the head (a clock ring).</summary>
    public FrameNumber NextCircular(FrameNumber frame)
    {
        var next = _next[frame.Value];
        return new(next == Nil ? _head : next);
    }

    /// <summary>The first frame from the head that <paramref name="host"/> may evict now, or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber FirstEvictable(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        for (var f = _head; f != Nil; f = _next[f])
        {
            if (host.CanEvict(new FrameNumber(f)))
            {
                return new FrameNumber(f);
            }
        }

        return FrameNumber.None;
    }

    /// <summary>The first frame from the tail that <paramref name="host"/> may evict now, or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber LastEvictable(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        for (var f = _tail; f != Nil; f = _prev[f])
        {
            if (host.CanEvict(new FrameNumber(f)))
            {
                return new FrameNumber(f);
            }
        }

        return FrameNumber.None;
    }

    /// <summary>Appends <paramref name="frame"/> at the tail; it must not be in the list.</summary>
    public void AddLast(FrameNumber frame)
    {
        var f = frame.Value;
        if (_member[f])
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        _member[f] = true;
        _prev[f] = _tail;
        _next[f] = Nil;
        if (_tail == Nil)
        {
            _head = f;
        }
        else
        {
            _next[_tail] = f;
        }

        _tail = f;
        Count++;
    }

    /// <summary>Inserts <paramref name="frame"/> at the head; it must not be in the list.</summary>
    public void AddFirst(FrameNumber frame)
    {
        var f = frame.Value;
        if (_member[f])
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        _member[f] = true;
        _next[f] = _head;
        _prev[f] = Nil;
        if (_head == Nil)
        {
            _tail = f;
        }
        else
        {
            _prev[_head] = f;
        }

        _head = f;
        Count++;
    }

    /// <summary>Inserts <paramref name="frame"/> just before <paramref name="before"/>, which must be in the list (a clock inserting behind its hand).</summary>
    public void AddBefore(FrameNumber before, FrameNumber frame)
    {
        var b = before.Value;
        if (!_member[b])
        {
            throw new InvalidOperationException($"frame {b} is not in the list");
        }

        if (_prev[b] == Nil)
        {
            AddFirst(frame);
            return;
        }

        var f = frame.Value;
        if (_member[f])
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        _member[f] = true;
        var p = _prev[b];
        _next[p] = f;
        _prev[f] = p;
        _next[f] = b;
        _prev[b] = f;
        Count++;
    }

    /// <summary>Removes <paramref name="frame"/>; returns false if it was not in the list.</summary>
    public bool Remove(FrameNumber frame)
    {
        var f = frame.Value;
        if (!_member[f])
        {
            return false;
        }

        var p = _prev[f];
        var n = _next[f];
        if (p == Nil)
        {
            _head = n;
        }
        else
        {
            _next[p] = n;
        }

        if (n == Nil)
        {
            _tail = p;
        }
        else
        {
            _prev[n] = p;
        }

        _member[f] = false;
        Count--;
        return true;
    }

    /// <summary>Moves <paramref name="frame"/>, which must be in the list, to the tail.</summary>
    public void MoveToLast(FrameNumber frame)
    {
        if (_tail == frame.Value)
        {
            return;
        }

        Remove(frame);
        AddLast(frame);
    }

    /// <summary>Moves <paramref name="frame"/>, which must be in the list, to the head.</summary>
    public void MoveToFirst(FrameNumber frame)
    {
        if (_head == frame.Value)
        {
            return;
        }

        Remove(frame);
        AddFirst(frame);
    }
}
