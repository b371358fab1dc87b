using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Mmu;

/// <summary>
/// A set-associative translation lookaside buffer. Each entry caches one translation:
/// the address space (ASID), the virtual page, the frame, the permissions the PTE
/// granted when it was loaded, and where that PTE lives so that a hit can set its
/// accessed and dirty bits as the hardware does. Within a set the least recently used
/// entry is replaced. The kernel must invalidate an entry whenever it changes the PTE
/// behind it; the invariant checker verifies that every valid entry still agrees with
/// its PTE.
/// </summary>
public sealed class Tlb
{
    private const int Empty = -1;

    // One struct per entry rather than parallel arrays: a lookup reads one set's entries,
    // which sit next to each other, and a hit finds the PTE to update in the same line.
    private readonly Entry[] _entries;
    private readonly int _ways;
    private readonly int _setMask;
    private long _clock;

    /// <summary>Creates a TLB of <paramref name="entries"/> entries in sets of <paramref name="ways"/>; 0 entries means no TLB.</summary>
    /// <param name="entries">Total entries: 0, or a multiple of <paramref name="ways"/> whose set count is a power of two.</param>
    /// <param name="ways">Entries per set; equal to <paramref name="entries"/> for a fully associative TLB.</param>
    public Tlb(int entries, int ways)
    {
        if (entries < 0 || (entries > 0 && (ways < 1 || entries % ways != 0 || !System.Numerics.BitOperations.IsPow2(entries / ways))))
        {
            throw new ArgumentOutOfRangeException(nameof(entries), $"a TLB of {entries} entries in sets of {ways} ways is not possible: the entries must be a multiple of the ways, in a power-of-two number of sets");
        }

        Entries = entries;
        _ways = entries == 0 ? 0 : ways;
        _setMask = entries == 0 ? 0 : (entries / ways) - 1;
        _entries = new Entry[entries];
        for (var slot = 0; slot < entries; slot++)
        {
            _entries[slot].Asid = Empty;
        }
    }

    /// <summary>Total entries; 0 when the machine has no TLB.</summary>
    public int Entries { get; }

    /// <summary>Entries per set.</summary>
    public int Ways => _ways;

    /// <summary>True when the machine has a TLB.</summary>
    public bool Enabled => Entries > 0;

    /// <summary>
    /// A lookup and, on a match, the hardware's use of the entry in one pass over the set:
    /// returns 1 with the frame when the entry grants <paramref name="required"/> (its PTE
    /// gets <paramref name="usage"/>), -1 when it is cached but forbids the access, 0 on a miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryHit(int asid, ulong page, PteFlags required, PteFlags usage, out int frame)
    {
        var first = (int)(page & (ulong)(uint)_setMask) * _ways;
        var set = _entries.AsSpan(first, _ways);
        for (var i = 0; i < set.Length; i++)
        {
            ref var entry = ref set[i];
            if (entry.Page == page && entry.Asid == asid)
            {
                entry.LastUse = ++_clock;
                frame = entry.Frame;
                if ((entry.Permissions & required) == 0)
                {
                    return -1;
                }

                entry.Leaf![entry.Index].Flags |= usage;
                return 1;
            }
        }

        frame = -1;
        return 0;
    }

    /// <summary>Where the PTE behind entry <paramref name="slot"/> lives.</summary>
    public PteRef PteAt(int slot) => new(_entries[slot].Leaf!, _entries[slot].Index);

    /// <summary>
    /// Caches a translation after a page-table walk, replacing the least recently used
    /// entry of its set.
    /// </summary>
    public void Insert(int asid, PageNumber page, PteRef pte)
    {
        if (Entries == 0)
        {
            return;
        }

        var first = (int)(page.Value & (ulong)(uint)_setMask) * _ways;
        var victim = first;
        for (var slot = first; slot < first + _ways; slot++)
        {
            if (_entries[slot].Asid == Empty)
            {
                victim = slot;
                break;
            }

            if (_entries[slot].LastUse < _entries[victim].LastUse)
            {
                victim = slot;
            }
        }

        ref var pteEntry = ref pte.Entry;
        _entries[victim] = new Entry
        {
            Page = page.Value,
            Asid = asid,
            Frame = pteEntry.Value,
            Permissions = pteEntry.Flags & PteFlags.Permissions,
            Leaf = pte.Leaf,
            Index = pte.Index,
            LastUse = ++_clock,
        };
    }

    /// <summary>Drops the translation of <paramref name="page"/> in <paramref name="asid"/>, if cached (<c>invlpg</c>).</summary>
    public void Invalidate(int asid, PageNumber page)
    {
        if (Entries == 0)
        {
            return;
        }

        var first = (int)(page.Value & (ulong)(uint)_setMask) * _ways;
        for (var slot = first; slot < first + _ways; slot++)
        {
            if (_entries[slot].Page == page.Value && _entries[slot].Asid == asid)
            {
                Clear(slot);
            }
        }
    }

    /// <summary>Drops every translation of address space <paramref name="asid"/>.</summary>
    public void FlushAddressSpace(int asid)
    {
        for (var slot = 0; slot < Entries; slot++)
        {
            if (_entries[slot].Asid == asid)
            {
                Clear(slot);
            }
        }
    }

    /// <summary>Drops every translation (a context switch without ASIDs).</summary>
    public void FlushAll()
    {
        for (var slot = 0; slot < Entries; slot++)
        {
            Clear(slot);
        }
    }

    /// <summary>The valid entries, for display and for the invariant checker.</summary>
    public IEnumerable<TlbEntry> ValidEntries()
    {
        for (var slot = 0; slot < Entries; slot++)
        {
            var entry = _entries[slot];
            if (entry.Asid != Empty)
            {
                yield return new TlbEntry(slot, entry.Asid, new PageNumber(entry.Page), new FrameNumber(entry.Frame), entry.Permissions, PteAt(slot));
            }
        }
    }

    private void Clear(int slot) => _entries[slot] = new Entry { Asid = Empty };

    private struct Entry
    {
        public ulong Page;
        public int Asid;
        public int Frame;
        public PteFlags Permissions;
        public int Index;
        public long LastUse;
        public Pte[]? Leaf;
    }
}

/// <summary>One valid TLB entry, as shown to people and checked by the invariant checker.</summary>
/// <param name="Slot">The entry's position in the TLB.</param>
/// <param name="Asid">The address space it belongs to.</param>
/// <param name="Page">The virtual page it translates.</param>
/// <param name="Frame">The frame it translates to.</param>
/// <param name="Permissions">The permissions cached from the PTE.</param>
/// <param name="Pte">Where the PTE it was loaded from lives.</param>
public readonly record struct TlbEntry(int Slot, int Asid, PageNumber Page, FrameNumber Frame, PteFlags Permissions, PteRef Pte);
