using System.Runtime.InteropServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;

namespace Vmsim.Core.Simulation;

/// <summary>
/// One process's working set W(t, tau) as <see cref="WorkingSetMeter"/> follows it: the
/// distinct pages among its last tau references, with its size over time.
/// </summary>
public sealed class ProcessWorkingSet
{
    private readonly long _window;

    // The pages of the working set, least recently referenced first, as a list linked by
    // index through parallel arrays (slot 0 is the list's head and tail sentinel), with the
    // number of each page's last reference in the process's own time; a dictionary finds a
    // page's slot. Memory follows the distinct pages, not tau: a slot is reused once its
    // page has left.
    private readonly Dictionary<ulong, int> _slots = [];
    private ulong[] _pages = new ulong[8];
    private long[] _last = new long[8];
    private int[] _older = new int[8];
    private int[] _newer = new int[8];
    private int _used = 1;
    private int _free;
    private long _time;
    private long _sizeSum;

    internal ProcessWorkingSet(Process process, long window)
    {
        Process = process;
        _window = window;
        _last[0] = long.MaxValue; // the sentinel never leaves
    }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The working-set size now: how many distinct pages its last tau references touched.</summary>
    public int Size => _slots.Count;

    /// <summary>The largest size since the statistics were last reset: its size then, or after any of its references since.</summary>
    public int Peak { get; private set; }

    /// <summary>Its references since the statistics were last reset.</summary>
    public long References { get; private set; }

    /// <summary>The mean size after each of those references (0 before any: see <see cref="References"/>).</summary>
    public double Mean => References == 0 ? 0 : (double)_sizeSum / References;

    /// <summary>Under local replacement, its quota of frames at its last reference; null otherwise.</summary>
    public int? Quota { get; private set; }

    /// <summary>Under local replacement, how many of its references left its working set larger than its quota.</summary>
    public long ReferencesOverQuota { get; private set; }

    /// <summary>The pages of the working set now, in ascending order.</summary>
    public IReadOnlyList<PageNumber> Pages() => [.. _slots.Keys.Order().Select(p => new PageNumber(p))];

    internal void Reference(PageNumber page)
    {
        _time++;
        var newest = _older[0];
        if (newest != 0 && _pages[newest] == page.Value)
        {
            // The page of the process's last reference again, as most references are: it
            // stays the newest, with no lookup.
            _last[newest] = _time;
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, page.Value, out var known);
            if (known)
            {
                Unlink(slot);
            }
            else
            {
                slot = NewSlot(page.Value);
            }

            _last[slot] = _time;
            LinkNewest(slot);
        }

        // A page whose last reference is tau or more references ago has left W(t, tau).
        for (var oldest = _newer[0]; _last[oldest] <= _time - _window; oldest = _newer[0])
        {
            _slots.Remove(_pages[oldest]);
            Unlink(oldest);
            _older[oldest] = _free;
            _free = oldest;
        }

        References++;
        _sizeSum += Size;
        Peak = Math.Max(Peak, Size);
    }

    // A slot for a page joining the set: one its page has left, or a new one.
    private int NewSlot(ulong page)
    {
        int slot;
        if (_free != 0)
        {
            slot = _free;
            _free = _older[slot];
        }
        else
        {
            if (_used == _pages.Length)
            {
                var length = _pages.Length * 2;
                Array.Resize(ref _pages, length);
                Array.Resize(ref _last, length);
                Array.Resize(ref _older, length);
                Array.Resize(ref _newer, length);
            }

            slot = _used++;
        }

        _pages[slot] = page;
        return slot;
    }

    private void Unlink(int slot)
    {
        _newer[_older[slot]] = _newer[slot];
        _older[_newer[slot]] = _older[slot];
    }

    private void LinkNewest(int slot)
    {
        var newest = _older[0];
        _older[slot] = newest;
        _newer[slot] = 0;
        _newer[newest] = slot;
        _older[0] = slot;
    }

    internal void CompareWithQuota(int quota)
    {
        Quota = quota;
        if (Size > quota)
        {
            ReferencesOverQuota++;
        }
    }

    internal void ResetStatistics()
    {
        References = 0;
        ReferencesOverQuota = 0;
        _sizeSum = 0;
        Peak = Size;
    }
}
