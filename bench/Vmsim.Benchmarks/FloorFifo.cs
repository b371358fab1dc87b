using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vmsim.Core;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- floor-fifo PATH FORMAT FRAMES</c>: the least a FIFO replay through the same kind of
/// machine can cost on this host, to read vmsim's figures against. One loop with the data
/// structures of vmsim's path and none of its layers: a 64-entry 4-way TLB matched with
/// one vector compare, leaf tables of 512 eight-byte entries, a page cache hashed by page
/// with linear probing and backward-shift deletion, 48-byte frame records, a reverse map
/// from frame to entry, a FIFO ring; the same prefetches (the entry eight accesses ahead,
/// the next victim's entry and page-cache slot). No processes, regions, fault outcomes,
/// policy interface, counters beyond three, observer or checks. It counts the same faults
/// and write-backs as vmsim's FIFO on a trace of one process (the output says both, to
/// compare), so the difference in time is what the kernel's layers cost.
/// </summary>
internal static class FloorFifo
{
    public static void Run(string[] args)
    {
        if (args.Length < 3)
        {
            throw new ArgumentException("usage: floor-fifo PATH FORMAT FRAMES");
        }

        var frames = int.Parse(args[2], CultureInfo.InvariantCulture);
        var cpu = ThreadCpu.Seconds();
        using var reader = TraceFormats.Open(args[0], args[1], 4096);
        var machine = new BareMachine(frames);
        var buffer = new MemoryAccess[4096];
        long accesses = 0;
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            machine.Run(buffer.AsSpan(0, n));
            accesses += n;
        }

        cpu = ThreadCpu.Seconds() - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accesses={accesses} faults={machine.Faults} writebacks={machine.Writebacks} fault_pct={100.0 * machine.Faults / Math.Max(1, accesses):F2} cpu_s={cpu:F3} cpu_macc_s={accesses / cpu / 1e6:F1}"));
    }

    private sealed class BareMachine
    {
        private const ushort Present = 1, Accessed = 2, Dirty = 4;
        private const int LeafBits = 9, Sets = 16, Ways = 4;

        private readonly Dictionary<ulong, Entry[]> _leafByPrefix = [];
        private readonly Entry[]?[] _leafCache = new Entry[]?[8192];
        private readonly ulong[] _leafCachePrefix = new ulong[8192];
        private readonly ulong[] _tlbPage = new ulong[Sets * Ways];
        private readonly long[] _tlbUse = new long[Sets * Ways];
        private readonly TlbEntry[] _tlb = new TlbEntry[Sets * Ways];
        private readonly Slot[] _cache;
        private readonly int _cacheMask;
        private readonly FrameRecord[] _frames;
        private readonly Mapping[] _rmap;
        private readonly int[] _fifo;
        private int _head;
        private int _used;
        private long _clock;

        public BareMachine(int frames)
        {
            _frames = new FrameRecord[frames];
            _rmap = new Mapping[frames];
            _fifo = new int[frames];
            _cache = new Slot[(int)BitOperations.RoundUpToPowerOf2((uint)frames * 2)];
            _cacheMask = _cache.Length - 1;
            _cache.AsSpan().Fill(new Slot { Page = ulong.MaxValue });
            _tlbPage.AsSpan().Fill(ulong.MaxValue);
            _leafCachePrefix.AsSpan().Fill(ulong.MaxValue);
        }

        public long Faults { get; private set; }

        public long Writebacks { get; private set; }

        public void Run(ReadOnlySpan<MemoryAccess> run)
        {
            for (var i = 0; i < run.Length; i++)
            {
                if (i + 8 < run.Length)
                {
                    var ahead = run[i + 8].Address >> 12;
                    if (CachedLeaf(ahead) is { } leaf)
                    {
                        CacheHint.Prefetch(leaf, (int)(ahead & 511));
                    }
                }

                Access(run[i].Address >> 12, run[i].Kind == Vmsim.Core.Addressing.AccessKind.Write);
            }
        }

        private void Access(ulong page, bool write)
        {
            var usage = write ? (ushort)(Accessed | Dirty) : Accessed;
            var way = FindTlb(page);
            if (way >= 0)
            {
                _tlbUse[way] = ++_clock;
                ref var cached = ref _tlb[way];
                if ((cached.Usage & usage) != usage)
                {
                    cached.Leaf[cached.Index].Flags |= usage;
                    cached.Usage |= usage;
                }

                return;
            }

            var table = Leaf(page);
            var index = (int)(page & 511);
            ref var entry = ref table[index];
            if ((entry.Flags & Present) == 0)
            {
                Fault(page, table, index);
            }

            // The access (retried after a fault) sets the bits and fills the TLB.
            entry.Flags |= usage;
            InsertTlb(page, table, index, usage);
        }

        private void Fault(ulong page, Entry[] table, int index)
        {
            Faults++;
            var home = Home(page);
            for (var s = home; _cache[s].Page != ulong.MaxValue; s = (s + 1) & _cacheMask)
            {
                if (_cache[s].Page == page)
                {
                    throw new InvalidOperationException("a page not present is in the page cache");
                }
            }

            int frame;
            if (_used < _frames.Length)
            {
                frame = _used++;
            }
            else
            {
                frame = _fifo[_head];
                _head = (_head + 1) % _fifo.Length;
                Evict(frame);
                var next = _fifo[_head];
                CacheHint.Prefetch(_rmap[next].Leaf, _rmap[next].Index);
                CacheHint.Prefetch(_cache, Home(_frames[next].FilePage));
            }

            ref var record = ref _frames[frame];
            record.FilePage = page;
            record.OwnerPage = page;
            record.MapCount = 1;
            var free = home;
            while (_cache[free].Page != ulong.MaxValue)
            {
                free = (free + 1) & _cacheMask;
            }

            _cache[free] = new Slot { Page = page, Frame = frame };
            table[index] = new Entry { Flags = Present, Frame = frame };
            _rmap[frame] = new Mapping { Leaf = table, Index = index, Page = page };
            _fifo[(_head + _used - 1) % _fifo.Length] = frame;
        }

        private void Evict(int frame)
        {
            ref var record = ref _frames[frame];
            ref var mapping = ref _rmap[frame];
            ref var entry = ref mapping.Leaf[mapping.Index];
            if ((entry.Flags & Dirty) != 0)
            {
                Writebacks++;
            }

            entry = default;
            var way = FindTlb(mapping.Page);
            if (way >= 0)
            {
                _tlbPage[way] = ulong.MaxValue;
                _tlb[way] = default;
            }

            var hole = Home(record.FilePage);
            while (_cache[hole].Page != record.FilePage)
            {
                hole = (hole + 1) & _cacheMask;
            }

            for (var j = (hole + 1) & _cacheMask; _cache[j].Page != ulong.MaxValue; j = (j + 1) & _cacheMask)
            {
                var home = Home(_cache[j].Page);
                if (((j - home) & _cacheMask) >= ((j - hole) & _cacheMask))
                {
                    _cache[hole] = _cache[j];
                    hole = j;
                }
            }

            _cache[hole].Page = ulong.MaxValue;
            record.MapCount = 0;
            mapping = default;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int FindTlb(ulong page)
        {
            var set = (int)(page & (Sets - 1)) * Ways;
            var match = Vector256.Equals(Vector256.Create(page), Vector256.LoadUnsafe(ref _tlbPage[set])).ExtractMostSignificantBits();
            return match == 0 ? -1 : set + BitOperations.TrailingZeroCount(match);
        }

        private void InsertTlb(ulong page, Entry[] table, int index, ushort usage)
        {
            var set = (int)(page & (Sets - 1)) * Ways;
            var way = set;
            for (var w = set + 1; w < set + Ways; w++)
            {
                if (_tlbUse[w] < _tlbUse[way])
                {
                    way = w;
                }
            }

            _tlbPage[way] = page;
            _tlbUse[way] = ++_clock;
            _tlb[way] = new TlbEntry { Leaf = table, Index = index, Usage = usage };
        }

        private Entry[]? CachedLeaf(ulong page)
        {
            var prefix = page >> LeafBits;
            var slot = (int)(prefix & 8191);
            return _leafCachePrefix[slot] == prefix ? _leafCache[slot] : null;
        }

        private Entry[] Leaf(ulong page)
        {
            if (CachedLeaf(page) is { } cached)
            {
                return cached;
            }

            var prefix = page >> LeafBits;
            if (!_leafByPrefix.TryGetValue(prefix, out var table))
            {
                table = new Entry[1 << LeafBits];
                _leafByPrefix.Add(prefix, table);
            }

            var slot = (int)(prefix & 8191);
            _leafCachePrefix[slot] = prefix;
            _leafCache[slot] = table;
            return table;
        }

        private int Home(ulong page) => (int)((page * 0x9E3779B97F4A7C15UL) >> 32) & _cacheMask;

        private struct Entry
        {
            public ushort Flags;
            public int Frame;
        }

        private struct TlbEntry
        {
            public Entry[] Leaf;
            public int Index;
            public ushort Usage;
        }

        private struct Slot
        {
            public ulong Page;
            public int Frame;
        }

        // The size of vmsim's frame record (48 bytes), so that as many cache lines are read.
        private struct FrameRecord
        {
            public ulong FilePage;
            public ulong OwnerPage;
            public int MapCount;
            public int Owner;
            public int FileId;
            public int SwapSlot;
            public long Spare;
        }

        private struct Mapping
        {
            public Entry[] Leaf;
            public int Index;
            public ulong Page;
        }
    }
}
