using System.Numerics;
using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Memory;

/// <summary>
/// The resident pages of files, by file and page index (Linux's page cache). A file page
/// stays cached after its last mapping goes, until reclaim evicts it, so a second
/// process that maps the file finds it without a disk read (a minor fault).
/// </summary>
/// <remarks>
/// Every file fault looks a page up here and every eviction of a file page removes one,
/// so this is on the fault path of every trace replay: an open-addressing table with
/// linear probing in one array of 16-byte slots (no per-entry objects, no tuple hashing:
/// a probe reads one cache line), deleting by shifting later entries back so that no
/// tombstones build up. Linux keeps a radix tree per file instead (the xarray); built that
/// way here it made a large-footprint replay a third slower, its leaves spreading the
/// cached pages over twice the memory (docs/performance.md).
/// </remarks>
public sealed class PageCache
{
    private const int Empty = -1;
    private Slot[] _slots;
    private int _mask;

    /// <summary>Creates an empty page cache.</summary>
    public PageCache()
    {
        _slots = NewSlots(64);
        _mask = 63;
    }

    /// <summary>The number of cached pages.</summary>
    public int Count { get; private set; }

    /// <summary>Finds the frame caching page <paramref name="page"/> of file <paramref name="file"/>.</summary>
    public bool TryFind(int file, long page, out FrameNumber frame)
    {
        var i = Probe(file, page);
        frame = i >= 0 ? new FrameNumber(_slots[i].Frame) : FrameNumber.None;
        return i >= 0;
    }

    /// <summary>Hints the host processor to fetch the slot where a lookup of page <paramref name="page"/> of <paramref name="file"/> starts.</summary>
    internal void Prefetch(int file, long page) => CacheHint.Prefetch(_slots, Home(file, page));

    /// <summary>Records that <paramref name="frame"/> caches page <paramref name="page"/> of <paramref name="file"/>; it must not be cached yet.</summary>
    public void Add(int file, long page, FrameNumber frame)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        var i = Probe(file, page);
        if (i >= 0)
        {
            throw new InvalidOperationException($"page {page} of file {file} is already in the page cache");
        }

        _slots[~i] = new Slot { File = file, Page = page, Frame = frame.Value };
        Count++;
    }

    /// <summary>Forgets the cached page; it must be there.</summary>
    public void Remove(int file, long page)
    {
        var i = Probe(file, page);
        if (i < 0)
        {
            throw new InvalidOperationException($"page {page} of file {file} is not in the page cache");
        }

        // Backward-shift deletion: move each later entry of the run into the hole if its
        // home slot does not lie between the hole and itself.
        var slots = _slots;
        var hole = i;
        for (var j = (hole + 1) & _mask; slots[j].File != Empty; j = (j + 1) & _mask)
        {
            var home = Home(slots[j].File, slots[j].Page);
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }

        slots[hole].File = Empty;
        Count--;
    }

    /// <summary>Every cached page, for the invariant checker and displays.</summary>
    public IEnumerable<KeyValuePair<(int File, long Page), FrameNumber>> Entries
    {
        get
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                var slot = _slots[i];
                if (slot.File != Empty)
                {
                    yield return new((slot.File, slot.Page), new FrameNumber(slot.Frame));
                }
            }
        }
    }

    // The slot holding the page, or the complement (~i, negative) of the empty slot that ends
    // its run, where it would go.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(int file, long page)
    {
        var slots = _slots;
        for (var i = Home(file, page); ; i = (i + 1) & _mask)
        {
            ref var slot = ref slots[i];
            if (slot.File == Empty)
            {
                return ~i;
            }

            if (slot.File == file && slot.Page == page)
            {
                return i;
            }
        }
    }

    private int Home(int file, long page)
    {
        // A multiplicative mix: neighbouring pages of one file land far apart.
        var h = ((ulong)page * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)file * 0xC2B2AE3D27D4EB4FUL);
        return (int)(h >> 32) & _mask;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = NewSlots(old.Length * 2);
        _mask = _slots.Length - 1;
        Count = 0;
        foreach (var slot in old)
        {
            if (slot.File != Empty)
            {
                Add(slot.File, slot.Page, new FrameNumber(slot.Frame));
            }
        }
    }

    private static Slot[] NewSlots(int size)
    {
        System.Diagnostics.Debug.Assert(BitOperations.IsPow2(size), "the table size is a power of two");
        var slots = new Slot[size];
        slots.AsSpan().Fill(new Slot { File = Empty });
        return slots;
    }

    // One cached page: 16 bytes, four to a cache line.
    private struct Slot
    {
        public long Page;
        public int File;
        public int Frame;
    }
}
