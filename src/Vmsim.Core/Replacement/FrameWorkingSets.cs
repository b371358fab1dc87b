using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// The working sets of the running processes over the resident frames, for
/// <see cref="WorkingSet"/>: which processes' working sets hold each frame. Each process
/// keeps its own virtual time, one tick per reference it makes (Denning's process time, so
/// a process that is not running keeps its working set as it was), and holds a frame from
/// its reference to the frame until tau more of its references have passed without another:
/// its working set W(t, tau) is the frames of its references t - tau + 1 to t. A frame
/// shared by several processes is in the working set of each that referenced it lately, and
/// leaves memory only when it has left all of them.
/// </summary>
/// <remarks>
/// One entry per (process, frame), in one array with a free list: in a list per process by
/// last use, oldest first, so the next to leave is at its head; and in a chain per frame,
/// almost always of one entry. Once the array has grown to the most entries held at once
/// (the resident frames, unless processes share them) a reference allocates nothing.
/// </remarks>
internal sealed class FrameWorkingSets
{
    private const int Nil = -1;

    private readonly long _window;
    private readonly int[] _firstOfFrame;
    private readonly Dictionary<int, ProcessWindow> _processes = [];
    private Entry[] _entries;
    private int _free = Nil;

    // The process of the last reference: the next is most often its too.
    private ProcessWindow? _last;

    /// <summary>Working sets of window <paramref name="window"/> (tau, in each process's references) over <paramref name="frames"/> frames.</summary>
    public FrameWorkingSets(int frames, long window)
    {
        _window = window;
        _firstOfFrame = new int[frames];
        _firstOfFrame.AsSpan().Fill(Nil);
        _entries = [];
        Grow(Math.Max(frames, 1));
    }

    /// <summary>True when some running process's working set holds <paramref name="frame"/>.</summary>
    public bool Holds(FrameNumber frame) => _firstOfFrame[frame.Value] != Nil;

    /// <summary>The references address space <paramref name="asid"/> has made so far (its virtual time), or 0 when it has made none or has ended.</summary>
    public long TimeOf(int asid) => _processes.TryGetValue(asid, out var process) ? process.Time : 0;

    /// <summary>
    /// Address space <paramref name="asid"/> referenced <paramref name="frame"/> in access
    /// <paramref name="accessTime"/>. A new access is a tick of the process's virtual time (a
    /// fault that loads two frames, a page and its private copy, is one reference); the frame
    /// joins or stays in its working set, and the frames its references no longer reach leave
    /// it. Each frame so left in no working set at all is added to <paramref name="left"/>; each
    /// that another process's working set still holds is added, with this process, to
    /// <paramref name="unmaps"/>: this process's entries for it are to go.
    /// </summary>
    public void Reference(int asid, long accessTime, FrameNumber frame, FrameList left, List<(int Asid, FrameNumber Frame)> unmaps)
    {
        var process = ProcessOf(asid);
        if (process.LastAccess != accessTime)
        {
            process.LastAccess = accessTime;
            process.Time++;
        }

        var e = EntryOf(frame, process);
        if (e == Nil)
        {
            e = NewEntry(frame, process);
        }
        else
        {
            Unlink(e);
        }

        _entries[e].LastUse = process.Time;
        LinkNewest(e);

        // W(t, tau) is references t - tau + 1 to t: an entry last used at t - tau or before is out.
        while (process.Oldest != Nil && _entries[process.Oldest].LastUse <= process.Time - _window)
        {
            var oldest = new FrameNumber(_entries[process.Oldest].Frame);
            if (DropEntry(process.Oldest, left))
            {
                unmaps.Add((asid, oldest));
            }
        }
    }

    /// <summary>
    /// Address space <paramref name="asid"/> no longer references <paramref name="frame"/> (it
    /// stopped mapping it): the frame leaves its working set, and is added to
    /// <paramref name="left"/> if no working set holds it any more.
    /// </summary>
    public void Forget(FrameNumber frame, int asid, FrameList left)
    {
        if (!_processes.TryGetValue(asid, out var process))
        {
            return;
        }

        var e = EntryOf(frame, process);
        if (e != Nil)
        {
            DropEntry(e, left);
        }
    }

    /// <summary>
    /// The frame that leaves the working set of address space <paramref name="asid"/>, and with
    /// it every working set, at that process's next reference (its last reference to it was
    /// tau references before that one), or <see cref="FrameNumber.None"/>: what a fault of that
    /// process may take first, since the page goes with the reference anyway.
    /// </summary>
    public FrameNumber LeavingWithNextReference(int asid)
    {
        if (!_processes.TryGetValue(asid, out var process) || process.Oldest == Nil)
        {
            return FrameNumber.None;
        }

        ref var oldest = ref _entries[process.Oldest];
        var alone = _firstOfFrame[oldest.Frame] == process.Oldest && oldest.NextOfFrame == Nil;
        return alone && oldest.LastUse <= process.Time + 1 - _window ? new FrameNumber(oldest.Frame) : FrameNumber.None;
    }

    // Drops entry e; its frame, if no working set holds it any more, is added to left.
    // Returns true when another working set still holds the frame.
    private bool DropEntry(int e, FrameList left)
    {
        var frame = new FrameNumber(_entries[e].Frame);
        Drop(e);
        if (Holds(frame))
        {
            return true;
        }

        left.AddLast(frame);
        return false;
    }

    /// <summary><paramref name="frame"/> no longer holds its page: it leaves every working set.</summary>
    public void Remove(FrameNumber frame)
    {
        while (_firstOfFrame[frame.Value] != Nil)
        {
            Drop(_firstOfFrame[frame.Value]);
        }
    }

    /// <summary>
    /// Address space <paramref name="asid"/> has ended: its working set is gone. Each frame it
    /// leaves in no working set (a file page still cached, a page a child still shares) is
    /// added to <paramref name="orphaned"/>.
    /// </summary>
    public void End(int asid, FrameList orphaned)
    {
        if (!_processes.Remove(asid, out var process))
        {
            return;
        }

        while (process.Oldest != Nil)
        {
            DropEntry(process.Oldest, orphaned);
        }

        if (_last == process)
        {
            _last = null;
        }
    }

    /// <summary>The processes whose working sets hold <paramref name="frame"/>, each with the virtual time of its last reference to it and its own time now (for display).</summary>
    public IEnumerable<(int Asid, long LastUse, long Now)> HoldersOf(FrameNumber frame)
    {
        for (var e = _firstOfFrame[frame.Value]; e != Nil; e = _entries[e].NextOfFrame)
        {
            var process = _entries[e].Owner!;
            yield return (process.Asid, _entries[e].LastUse, process.Time);
        }
    }

    private ProcessWindow ProcessOf(int asid)
    {
        if (_last?.Asid == asid)
        {
            return _last;
        }

        if (!_processes.TryGetValue(asid, out var process))
        {
            process = new ProcessWindow(asid);
            _processes.Add(asid, process);
        }

        _last = process;
        return process;
    }

    private int EntryOf(FrameNumber frame, ProcessWindow process)
    {
        var e = _firstOfFrame[frame.Value];
        while (e != Nil && _entries[e].Owner != process)
        {
            e = _entries[e].NextOfFrame;
        }

        return e;
    }

    private int NewEntry(FrameNumber frame, ProcessWindow process)
    {
        if (_free == Nil)
        {
            Grow(_entries.Length * 2);
        }

        var e = _free;
        _free = _entries[e].NextOfFrame;
        _entries[e] = new Entry { Frame = frame.Value, Owner = process, NextOfFrame = _firstOfFrame[frame.Value], Older = Nil, Newer = Nil };
        _firstOfFrame[frame.Value] = e;
        return e;
    }

    // Takes entry e out of its process's list and its frame's chain, onto the free list.
    private void Drop(int e)
    {
        Unlink(e);
        ref var entry = ref _entries[e];
        if (_firstOfFrame[entry.Frame] == e)
        {
            _firstOfFrame[entry.Frame] = entry.NextOfFrame;
        }
        else
        {
            var before = _firstOfFrame[entry.Frame];
            while (_entries[before].NextOfFrame != e)
            {
                before = _entries[before].NextOfFrame;
            }

            _entries[before].NextOfFrame = entry.NextOfFrame;
        }

        entry.Owner = null;
        entry.NextOfFrame = _free;
        _free = e;
    }

    // Takes entry e out of its process's list, oldest to newest.
    private void Unlink(int e)
    {
        ref var entry = ref _entries[e];
        var process = entry.Owner!;
        if (entry.Older == Nil)
        {
            process.Oldest = entry.Newer;
        }
        else
        {
            _entries[entry.Older].Newer = entry.Newer;
        }

        if (entry.Newer == Nil)
        {
            process.Newest = entry.Older;
        }
        else
        {
            _entries[entry.Newer].Older = entry.Older;
        }
    }

    // Puts entry e, in no list, at the newest end of its process's list.
    private void LinkNewest(int e)
    {
        ref var entry = ref _entries[e];
        var process = entry.Owner!;
        entry.Older = process.Newest;
        entry.Newer = Nil;
        if (process.Newest == Nil)
        {
            process.Oldest = e;
        }
        else
        {
            _entries[process.Newest].Newer = e;
        }

        process.Newest = e;
    }

    // Enlarges the array to capacity entries, the new ones onto the free list.
    private void Grow(int capacity)
    {
        var start = _entries.Length;
        Array.Resize(ref _entries, capacity);
        for (var e = capacity - 1; e >= start; e--)
        {
            _entries[e].NextOfFrame = _free;
            _free = e;
        }
    }

    // A process's working set in frames: a frame it referenced, with the virtual time of its last reference to it.
    private struct Entry
    {
        public int Frame;
        public ProcessWindow? Owner;
        public long LastUse;

        // In the owner's list, by last use.
        public int Older;
        public int Newer;

        // The next entry of the same frame (another process's), or of the free list.
        public int NextOfFrame;
    }

    // A process's virtual time and its entries, oldest first.
    private sealed class ProcessWindow(int asid)
    {
        public int Asid { get; } = asid;

        public long Time { get; set; }

        // The access whose reference was counted last, so that two frames of one access tick once.
        public long LastAccess { get; set; } = -1;

        public int Oldest { get; set; } = Nil;

        public int Newest { get; set; } = Nil;
    }
}
