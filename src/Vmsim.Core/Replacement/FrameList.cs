using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A doubly linked list of frame numbers kept in an array of links indexed by frame (an
/// intrusive list): O(1) insert, remove, move and membership test, with no allocation
/// after construction. A frame's two links sit side by side, so unlinking it reads one
/// cache line, not one per array. A frame is in at most one position of one list. Policies keep
/// their queues, LRU stacks and clock rings in these instead of <c>LinkedList</c>
/// nodes, so that an access allocates nothing.
/// </summary>
public sealed class FrameList
{
    private const int Nil = -1;

    // The Prev of a frame that is not in the list.
    private const int Absent = -2;
    private readonly Link[] _links;
    private int _head = Nil;
    private int _tail = Nil;

    /// <summary>Creates an empty list able to hold frames 0 to <paramref name="capacity"/> minus one.</summary>
    public FrameList(int capacity)
    {
        _links = new Link[capacity];
        _links.AsSpan().Fill(new Link { Prev = Absent, Next = Nil });
    }

    /// <summary>How many frames are in the list.</summary>
    public int Count { get; private set; }

    /// <summary>The first frame (the oldest, for a queue), or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber Head => new(_head);

    /// <summary>The last frame (the newest, for a queue), or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber Tail => new(_tail);

    /// <summary>True when <paramref name="frame"/> is in the list.</summary>
    public bool Contains(FrameNumber frame) => _links[frame.Value].Prev != Absent;

    /// <summary>The frame after <paramref name="frame"/>, or <see cref="FrameNumber.None"/> at the end.</summary>
    public FrameNumber Next(FrameNumber frame) => new(_links[frame.Value].Next);

    /// <summary>The frame before <paramref name="frame"/>, or <see cref="FrameNumber.None"/> at the start.</summary>
    public FrameNumber Previous(FrameNumber frame) => new(_links[frame.Value].Prev);

    /// <summary>The frame after <paramref name="frame"/>, wrapping from the end to the head (a clock ring).</summary>
    public FrameNumber NextCircular(FrameNumber frame)
    {
        var next = _links[frame.Value].Next;
        return new(next == Nil ? _head : next);
    }

    /// <summary>The first frames from the head, up to the length of <paramref name="frames"/>; returns how many (a victim hint).</summary>
    public int FirstFrames(Span<FrameNumber> frames)
    {
        var count = 0;
        for (var f = _head; f != Nil && count < frames.Length; f = _links[f].Next)
        {
            frames[count++] = new FrameNumber(f);
            if (count == frames.Length)
            {
                // The last frame's link is not needed now, but the next call will read it:
                // start fetching it rather than wait for it (a hint; it changes nothing).
                CacheHint.Prefetch(_links, f);
                break;
            }
        }

        return count;
    }

    /// <summary>The first frame from the head that <paramref name="host"/> may evict now, or <see cref="FrameNumber.None"/>.</summary>
    public FrameNumber FirstEvictable(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        for (var f = _head; f != Nil; f = _links[f].Next)
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
        for (var f = _tail; f != Nil; f = _links[f].Prev)
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
        if (_links[f].Prev != Absent)
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        LinkLast(f);
        Count++;
    }

    /// <summary>Inserts <paramref name="frame"/> at the head; it must not be in the list.</summary>
    public void AddFirst(FrameNumber frame)
    {
        var f = frame.Value;
        if (_links[f].Prev != Absent)
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        _links[f].Next = _head;
        _links[f].Prev = Nil;
        if (_head == Nil)
        {
            _tail = f;
        }
        else
        {
            _links[_head].Prev = f;
        }

        _head = f;
        Count++;
    }

    /// <summary>Inserts <paramref name="frame"/> just before <paramref name="before"/>, which must be in the list (a clock inserting behind its hand).</summary>
    public void AddBefore(FrameNumber before, FrameNumber frame)
    {
        var b = before.Value;
        if (_links[b].Prev == Absent)
        {
            throw new InvalidOperationException($"frame {b} is not in the list");
        }

        if (_links[b].Prev == Nil)
        {
            AddFirst(frame);
            return;
        }

        var f = frame.Value;
        if (_links[f].Prev != Absent)
        {
            throw new InvalidOperationException($"frame {f} is already in the list");
        }

        var p = _links[b].Prev;
        _links[p].Next = f;
        _links[f].Prev = p;
        _links[f].Next = b;
        _links[b].Prev = f;
        Count++;
    }

    /// <summary>Removes <paramref name="frame"/>; returns false if it was not in the list.</summary>
    public bool Remove(FrameNumber frame)
    {
        var f = frame.Value;
        if (_links[f].Prev == Absent)
        {
            return false;
        }

        Unlink(f);
        _links[f].Prev = Absent;
        Count--;
        return true;
    }

    /// <summary>Moves <paramref name="frame"/>, which must be in the list, to the tail.</summary>
    public void MoveToLast(FrameNumber frame)
    {
        var f = frame.Value;
        if (_tail == f)
        {
            return;
        }

        if (_links[f].Prev == Absent)
        {
            AddLast(frame);
            return;
        }

        // An LRU stack does this on every hit: relink in place, with no membership or count to change.
        Unlink(f);
        LinkLast(f);
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

    // Takes f, which is in the list, out of the chain (its own links are left as they were).
    private void Unlink(int f)
    {
        var p = _links[f].Prev;
        var n = _links[f].Next;
        if (p == Nil)
        {
            _head = n;
        }
        else
        {
            _links[p].Next = n;
        }

        if (n == Nil)
        {
            _tail = p;
        }
        else
        {
            _links[n].Prev = p;
        }
    }

    // Puts f, which is not in the chain, at its tail.
    private void LinkLast(int f)
    {
        _links[f].Prev = _tail;
        _links[f].Next = Nil;
        if (_tail == Nil)
        {
            _head = f;
        }
        else
        {
            _links[_tail].Next = f;
        }

        _tail = f;
    }

    private struct Link
    {
        public int Prev;
        public int Next;
    }
}
