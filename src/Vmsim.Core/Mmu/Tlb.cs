using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Mmu;

/// <summary>
/// A set-associative translation lookaside buffer. Each entry caches one translation:
/// the address space (ASID), the virtual page, the frame, the permissions the PTE
/// granted when it was loaded, where that PTE lives, and which of the accessed and dirty
/// bits it has already set there. As on x86, a hit writes the PTE only when it must set
/// a bit the entry has not set yet (the first write sets dirty); so the kernel must
/// invalidate an entry whenever it changes the PTE behind it, clearing the accessed or
/// dirty bit included (Linux's <c>ptep_clear_flush_young</c>). Within a set the least
/// recently used entry is replaced. The invariant checker verifies that every valid
/// entry still agrees with its PTE.
/// </summary>
public sealed class Tlb
{
    private const int Empty = -1;

    // The tags (page and ASID) of each set sit in arrays of their own, so that a 4-way set
    // is matched in one vector compare, with no branch on which way hits; the rest of
    // each entry is one struct.
    private readonly ulong[] _pages;
    private readonly int[] _asids;
    private readonly long[] _lastUse;
    private readonly Entry[] _entries;
    private readonly int _ways;
    private readonly int _setMask;
    private readonly bool _vectorSets;
    private long _clock;

    /// <summary>Creates a TLB of <paramref name="entries"/> entries in sets of <paramref name="ways"/>; 0 entries means no TLB.</summary>
    /// <param name="entries">Total entries: 0, or a multiple of <paramref name="ways"/> whose set count is a power of two.</param>
    /// <param name="ways">Entries per set; equal to <paramref name="entries"/> for a fully associative TLB.</param>
    public Tlb(int entries, int ways)
    {
        if (entries < 0 || (entries > 0 && (ways < 1 || entries % ways != 0 || !BitOperations.IsPow2(entries / ways))))
        {
            throw new ArgumentOutOfRangeException(nameof(entries), $"a TLB of {Plural.Count(entries, "entry")} in sets of {Plural.Count(ways, "way")} is not possible: the entries must be a multiple of the ways, in a power-of-two number of sets");
        }

        Entries = entries;
        _ways = entries == 0 ? 0 : ways;
        _setMask = entries == 0 ? 0 : (entries / ways) - 1;
        _vectorSets = _ways == 4 && Vector256.IsHardwareAccelerated;
        _pages = new ulong[entries];
        _asids = new int[entries];
        _lastUse = new long[entries];
        _entries = new Entry[entries];
        _asids.AsSpan().Fill(Empty);
    }

    /// <summary>Total entries; 0 when the machine has no TLB.</summary>
    public int Entries { get; }

    /// <summary>Entries per set.</summary>
    public int Ways => _ways;

    /// <summary>True when the machine has a TLB.</summary>
    public bool Enabled => Entries > 0;

    /// <summary>
    /// Where translations that leave the TLB are noted, with why, while steps are recorded; null
    /// otherwise, when the TLB notes nothing.
    /// </summary>
    public TlbHistory? History { get; set; }

    /// <summary>
    /// A lookup and, on a match, the hardware's use of the entry: returns 1 with the frame
    /// when the entry grants <paramref name="required"/> (its PTE gets <paramref name="usage"/>
    /// if the entry has not set those bits yet), -1 when it is cached but forbids the
    /// access, 0 on a miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryHit(int asid, ulong page, PteFlags required, PteFlags usage, out int frame)
    {
        var slot = Find(asid, page);
        if (slot < 0)
        {
            frame = -1;
            return 0;
        }

        _lastUse[slot] = ++_clock;
        ref var entry = ref _entries[slot];
        frame = entry.Frame;
        if ((entry.Permissions & required) == 0)
        {
            return -1;
        }

        if ((entry.Usage & usage) != usage)
        {
            entry.Leaf![entry.Index].Flags |= usage;
            entry.Usage |= usage;
        }

        return 1;
    }

    /// <summary>
    /// The hardware translating a stream of references of address space
    /// <paramref name="asid"/> for as long as the TLB holds them: each leading access of
    /// <paramref name="run"/> that hits is used as <see cref="TryHit"/> would (LRU age,
    /// accessed and dirty bits), and its frame written to <paramref name="frames"/> if that
    /// is not empty. Returns how many accesses hit before the first that does not (a miss,
    /// or an entry that forbids the access), which is left for the full path.
    /// </summary>
    /// <param name="asid">The address space making the accesses.</param>
    /// <param name="run">Addresses and kinds of the accesses.</param>
    /// <param name="offsetBits">Bits of the page offset.</param>
    /// <param name="frames">Where the frames of the hits go (at least as long as the run), or empty.</param>
    // Optimised at once rather than tiered up: each call is a long loop, which would otherwise
    // run for a while as unoptimised code and then through on-stack replacement.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int HitRun(int asid, ReadOnlySpan<MemoryAccess> run, int offsetBits, Span<int> frames)
    {
        if (Entries == 0)
        {
            return 0;
        }

        var keepFrames = !frames.IsEmpty;
        var hits = 0;
        for (; hits < run.Length; hits++)
        {
            ref readonly var access = ref run[hits];
            if (TryHit(asid, access.Address >> offsetBits, Pte.RequiredBit(access.Kind), Pte.UsageBits(access.Kind), out var frame) <= 0)
            {
                break;
            }

            if (keepFrames)
            {
                frames[hits] = frame;
            }
        }

        return hits;
    }

    /// <summary>Where the PTE behind entry <paramref name="slot"/> lives.</summary>
    public PteRef PteAt(int slot) => new(_entries[slot].Leaf!, _entries[slot].Index);

    /// <summary>
    /// Caches a translation after a page-table walk, replacing the least recently used
    /// entry of its set. The entry takes the accessed and dirty bits the PTE has now.
    /// </summary>
    public void Insert(int asid, PageNumber page, PteRef pte)
    {
        if (Entries == 0)
        {
            return;
        }

        var victim = LeastRecentlyUsed(SetOf(page.Value));
        if (History is { } history)
        {
            Noted(history, victim, asid, page.Value);
        }

        ref var pteEntry = ref pte.Entry;
        _pages[victim] = page.Value;
        _asids[victim] = asid;
        _entries[victim] = new Entry
        {
            Frame = pteEntry.Value,
            Permissions = pteEntry.Flags & PteFlags.Permissions,
            Usage = pteEntry.Flags & (PteFlags.Accessed | PteFlags.Dirty),
            Leaf = pte.Leaf,
            Index = pte.Index,
        };
        _lastUse[victim] = ++_clock;
    }

    /// <summary>
    /// Drops the translation of <paramref name="page"/> in <paramref name="asid"/>, if cached
    /// (<c>invlpg</c>); true if it was. <paramref name="cause"/> says why, for the history.
    /// </summary>
    public bool Invalidate(int asid, PageNumber page, TlbMissCause cause)
    {
        if (Entries == 0)
        {
            return false;
        }

        var slot = Find(asid, page.Value);
        if (slot < 0)
        {
            // A clock that goes all the way round clears its victim's bit, dropping the entry,
            // then evicts it in the same step: the eviction is what a later miss should name.
            if (History is { } history && cause is TlbMissCause.Evicted or TlbMissCause.Unmapped or TlbMissCause.LeftWorkingSet)
            {
                history.SupersededInThisStep(asid, page.Value, cause);
            }

            return false;
        }

        History?.Left(asid, page.Value, cause);
        Clear(slot);
        return true;
    }

    /// <summary>Drops every translation of address space <paramref name="asid"/> (its end).</summary>
    public void FlushAddressSpace(int asid)
    {
        for (var slot = 0; slot < Entries; slot++)
        {
            if (_asids[slot] == asid)
            {
                History?.Left(asid, _pages[slot], TlbMissCause.AddressSpaceEnded);
                Clear(slot);
            }
        }
    }

    /// <summary>Drops every translation (a context switch without ASIDs).</summary>
    public void FlushAll()
    {
        var history = History;
        for (var slot = 0; slot < Entries; slot++)
        {
            if (history is not null && _asids[slot] != Empty)
            {
                history.Left(_asids[slot], _pages[slot], TlbMissCause.ContextSwitch);
            }

            Clear(slot);
        }
    }

    // For the history: the entry in slot victim, if valid, is pushed out by the fill of page of asid.
    private void Noted(TlbHistory history, int victim, int asid, ulong page)
    {
        if (_asids[victim] != Empty)
        {
            history.Left(_asids[victim], _pages[victim], TlbMissCause.Replaced);
        }

        history.Filled(asid, page);
    }

    /// <summary>The valid entries, for display and for the invariant checker.</summary>
    public IEnumerable<TlbEntry> ValidEntries()
    {
        for (var slot = 0; slot < Entries; slot++)
        {
            if (_asids[slot] != Empty)
            {
                var entry = _entries[slot];
                yield return new TlbEntry(slot, _asids[slot], new PageNumber(_pages[slot]), new FrameNumber(entry.Frame), entry.Permissions, PteAt(slot), entry.Usage);
            }
        }
    }

    private int SetOf(ulong page) => (int)(page & (ulong)(uint)_setMask) * _ways;

    // The slot caching (asid, page), or -1. A TLB must not hold two entries for one translation.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int asid, ulong page)
    {
        var first = SetOf(page);
        if (_vectorSets)
        {
            var pages = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_pages), (nuint)first);
            var asids = Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_asids), (nuint)first);
            var match = Vector256.Equals(pages, Vector256.Create(page)).ExtractMostSignificantBits()
                & Vector128.Equals(asids, Vector128.Create(asid)).ExtractMostSignificantBits();
            return match == 0 ? -1 : first + BitOperations.TrailingZeroCount(match);
        }

        var set = _pages.AsSpan(first, _ways);
        for (var i = 0; i < set.Length; i++)
        {
            if (set[i] == page && _asids[first + i] == asid)
            {
                return first + i;
            }
        }

        return -1;
    }

    // The slot of the set starting at first to replace: an empty one (never used or cleared,
    // so its last use is 0), else the least recently used. A 4-way set is chosen without a
    // branch on the ages, which are as good as random to the branch predictor.
    private int LeastRecentlyUsed(int first)
    {
        var uses = _lastUse.AsSpan(first, _ways);
        if (_vectorSets)
        {
            var oldest = Math.Min(Math.Min(uses[0], uses[1]), Math.Min(uses[2], uses[3]));
            var match = Vector256.Equals(Vector256.Create(uses), Vector256.Create(oldest)).ExtractMostSignificantBits();
            return first + BitOperations.TrailingZeroCount(match);
        }

        var victim = 0;
        for (var i = 1; i < uses.Length; i++)
        {
            if (uses[i] < uses[victim])
            {
                victim = i;
            }
        }

        return first + victim;
    }

    private void Clear(int slot)
    {
        _asids[slot] = Empty;
        _lastUse[slot] = 0;
        _pages[slot] = 0;
        _entries[slot] = default;
    }

    private struct Entry
    {
        public int Frame;
        public PteFlags Permissions;
        public PteFlags Usage;
        public int Index;
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
/// <param name="Usage">The accessed and dirty bits it has set in that PTE (a hit sets them again only once they are cleared and the entry invalidated).</param>
public readonly record struct TlbEntry(int Slot, int Asid, PageNumber Page, FrameNumber Frame, PteFlags Permissions, PteRef Pte, PteFlags Usage);
