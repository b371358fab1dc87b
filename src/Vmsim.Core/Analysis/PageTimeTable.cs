using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vmsim.Core.Analysis;

/// <summary>
/// The last-access time of every page (process and page number) that a stack-distance analysis
/// has seen: an open-addressing hash table with linear probing whose 16-byte entries hold the
/// key and the time side by side, so that a lookup is usually one cache line and nothing else.
/// A <see cref="Dictionary{TKey, TValue}"/> of page to id, with the times in a second array,
/// costs a bucket, an entry and the time on a large trace: three cache misses instead of one.
/// Deletion shifts later entries of the cluster back (no tombstones), so lookups stay short
/// whatever the mix of additions and removals.
/// </summary>
internal sealed class PageTimeTable
{
    /// <summary>The time of an empty entry.</summary>
    internal const int Empty = -1;

    private const int MinimumBits = 10;

    private Entry[] _entries;
    private int _shift;
    private int _growAt;

    /// <summary>An empty table with room for about <paramref name="expected"/> pages before it grows.</summary>
    public PageTimeTable(int expected = 0)
    {
        var bits = MinimumBits;
        while (bits < 30 && LimitFor(1 << bits) < expected)
        {
            bits++;
        }

        _entries = NewEntries(1 << bits);
        _shift = 64 - bits;
        _growAt = LimitFor(1 << bits);
    }

    /// <summary>Pages in the table.</summary>
    public int Count { get; private set; }

    /// <summary>Entries in the table, used or empty (for tests of growth).</summary>
    public int Capacity => _entries.Length;

    /// <summary>Every entry, empty ones (<see cref="Entry.Time"/> &lt; 0) included, to renumber the times in place.</summary>
    public Span<Entry> Entries => _entries;

    /// <summary>
    /// The time of the page, found or added: <paramref name="found"/> tells which. A new entry's time is
    /// <see cref="Empty"/> until the caller sets it. The reference is valid until the next addition or removal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int FindOrAdd(ulong page, int pid, out bool found)
    {
        EnsureRoom(1);
        return ref FindOrAddAt(SlotOf(page, pid), page, pid, out found);
    }

    /// <summary>Grows the table now if adding <paramref name="additions"/> pages could make it grow.</summary>
    public void EnsureRoom(int additions)
    {
        while (Count > _growAt - additions)
        {
            Grow();
        }
    }

    /// <summary>
    /// As <see cref="FindOrAdd"/>, from the page's home slot (<see cref="SlotOf"/>), computed since the
    /// table last grew; the caller has made room (<see cref="EnsureRoom"/>) for the addition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int FindOrAddAt(int slot, ulong page, int pid, out bool found)
    {
        var entries = _entries;
        var mask = entries.Length - 1;

        // The slot is masked to the table's power-of-two length, so the reads below stay in bounds
        // without the range checks that would otherwise run on every probe of every access.
        ref var first = ref MemoryMarshal.GetArrayDataReference(entries);
        while (true)
        {
            ref var entry = ref Unsafe.Add(ref first, slot);
            if (entry.Time == Empty)
            {
                entry.Page = page;
                entry.Pid = pid;
                Count++;
                found = false;
                return ref entry.Time;
            }

            if (entry.Page == page && entry.Pid == pid)
            {
                found = true;
                return ref entry.Time;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Reads the page's home entry and returns its time, or anything: called ahead of
    /// <see cref="FindOrAddAt"/> for a batch of pages, so that their cache misses overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Touch(int slot) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), slot & (_entries.Length - 1)).Time;

    /// <summary>The time of the page, or <see cref="Empty"/> when it is not in the table.</summary>
    public int Find(ulong page, int pid)
    {
        var index = IndexOf(page, pid);
        return index < 0 ? Empty : _entries[index].Time;
    }

    /// <summary>Removes the page and returns its time, or returns <see cref="Empty"/> when it was not in the table.</summary>
    public int Remove(ulong page, int pid)
    {
        var index = IndexOf(page, pid);
        if (index < 0)
        {
            return Empty;
        }

        var entries = _entries;
        var mask = entries.Length - 1;
        var time = entries[index].Time;

        // Backward-shift deletion: walk the rest of the cluster and move back every entry whose
        // home slot does not lie (cyclically) between the hole and its own slot, so that no probe
        // sequence ever crosses an empty entry before reaching its key.
        var hole = index;
        for (var slot = (index + 1) & mask; entries[slot].Time != Empty; slot = (slot + 1) & mask)
        {
            var home = SlotOf(entries[slot].Page, entries[slot].Pid);
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                entries[hole] = entries[slot];
                hole = slot;
            }
        }

        entries[hole] = new Entry { Time = Empty };
        Count--;
        return time;
    }

    // At most 11/16 full: linear probing stays short, and a million pages fit 2^21 entries (32 MB).
    private static int LimitFor(int capacity) => (int)((long)capacity * 11 / 16);

    private static Entry[] NewEntries(int length)
    {
        var entries = GC.AllocateUninitializedArray<Entry>(length);
        entries.AsSpan().Fill(new Entry { Time = Empty });
        return entries;
    }

    /// <summary>The page's home slot: Fibonacci hashing, whose multiply spreads consecutive page numbers, the top bits being the slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SlotOf(ulong page, int pid) =>
        (int)(((page ^ ((ulong)(uint)pid * 0xD6E8FEB86659FD93UL)) * 0x9E3779B97F4A7C15UL) >> _shift);

    private int IndexOf(ulong page, int pid)
    {
        var entries = _entries;
        var mask = entries.Length - 1;
        for (var slot = SlotOf(page, pid); entries[slot].Time != Empty; slot = (slot + 1) & mask)
        {
            if (entries[slot].Page == page && entries[slot].Pid == pid)
            {
                return slot;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = NewEntries(old.Length * 2);
        _shift--;
        _growAt = LimitFor(_entries.Length);
        var mask = _entries.Length - 1;
        foreach (ref readonly var entry in old.AsSpan())
        {
            if (entry.Time != Empty)
            {
                var slot = SlotOf(entry.Page, entry.Pid);
                while (_entries[slot].Time != Empty)
                {
                    slot = (slot + 1) & mask;
                }

                _entries[slot] = entry;
            }
        }
    }

    /// <summary>One page and its time; 16 bytes, four to a cache line.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Entry
    {
        /// <summary>The page number.</summary>
        public ulong Page;

        /// <summary>The process.</summary>
        public int Pid;

        /// <summary>The page's last-access time, or <see cref="Empty"/> for an unused entry.</summary>
        public int Time;
    }
}
