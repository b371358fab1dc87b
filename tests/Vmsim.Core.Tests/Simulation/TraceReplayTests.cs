using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Tests.Shared;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// A replayed trace faults exactly where the standard cache simulators miss: the textbook
/// definitions of FIFO, LRU, OPT and CLOCK written here independently of the engine.
/// </summary>
public class TraceReplayTests
{
    private static ulong[] Pages(int seed, int count, int distinct)
    {
        // Some locality: a drifting hot window plus uniform noise.
        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            pages[i] = random.Next(4) == 0 ? (ulong)random.Next(distinct) : (ulong)((i / 50 + random.Next(8)) % distinct);
        }

        return pages;
    }

    private static long Replay(ulong[] pages, int frames, string policy, PolicyOptions? options = null, bool withFuture = false)
    {
        var next = withFuture ? NextUse.Compute(pages) : null;
        var accesses = pages.Select((p, i) => new MemoryAccess(p << 12, AccessKind.Read, 0, next?[i] ?? AccessContext.Unknown)).ToArray();
        var replay = new TraceReplay(new MachineConfig { Frames = frames, Policy = policy, PolicyOptions = options ?? new PolicyOptions(), SwapSlots = 0 });
        replay.Replay(accesses);
        return replay.Machine.Counters.Faults;
    }

    private static long CacheOpt(ulong[] pages, int frames)
    {
        var next = NextUse.Compute(pages);
        var resident = new Dictionary<ulong, long>();
        long misses = 0;
        for (var i = 0; i < pages.Length; i++)
        {
            if (!resident.ContainsKey(pages[i]))
            {
                misses++;
                if (resident.Count == frames)
                {
                    resident.Remove(resident.MaxBy(kv => kv.Value).Key);
                }
            }

            resident[pages[i]] = next[i];
        }

        return misses;
    }

    // CLOCK as cache simulators define it: a circular buffer, a hand, a reference bit set
    // on hit and clear on insertion; the new page takes the victim's slot.
    private static long CacheClock(ulong[] pages, int frames)
    {
        var slots = new ulong?[frames];
        var referenced = new bool[frames];
        var where = new Dictionary<ulong, int>();
        var hand = 0;
        long misses = 0;
        foreach (var p in pages)
        {
            if (where.TryGetValue(p, out var slot))
            {
                referenced[slot] = true;
                continue;
            }

            misses++;
            while (slots[hand] is not null && referenced[hand])
            {
                referenced[hand] = false;
                hand = (hand + 1) % frames;
            }

            if (slots[hand] is { } old)
            {
                where.Remove(old);
            }

            slots[hand] = p;
            referenced[hand] = false;
            where[p] = hand;
            hand = (hand + 1) % frames;
        }

        return misses;
    }

    public static TheoryData<int, int> Cases() => new() { { 1, 4 }, { 2, 16 }, { 3, 37 }, { 4, 100 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Faults_equal_the_cache_simulators_misses_for_fifo_lru_opt_and_cold_clock(int seed, int frames)
    {
        var pages = Pages(seed, 20_000, 300);
        Assert.Equal(CacheSimulators.Fifo(pages, frames), Replay(pages, frames, "fifo"));
        Assert.Equal(CacheSimulators.Lru(pages, frames), Replay(pages, frames, "lru"));
        Assert.Equal(CacheOpt(pages, frames), Replay(pages, frames, "opt", withFuture: true));
        Assert.Equal(CacheClock(pages, frames), Replay(pages, frames, "clock", new PolicyOptions { ClockInsert = ClockInsert.Cold }));
    }

    [Fact]
    public void A_text_trace_replays_through_a_reader_and_each_pid_gets_its_own_pages()
    {
        var csv = "pid,addr,op\n1,0x1000,R\n2,0x1000,W\n1,0x1000,R\n2,0x2000,R\n";
        using var reader = TraceFormats.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "t.csv", "csv", 4096);
        var replay = new TraceReplay(new MachineConfig { Frames = 8, CheckInvariants = true });
        Assert.Equal(4, replay.Run(reader));
        Assert.Equal(3, replay.Machine.Counters.Faults);
        Assert.Equal(2, replay.Processes.Count);
        Assert.Equal(2, replay.Processes[2].Counters.Faults);
    }

    [Fact]
    public void Dirty_pages_of_a_trace_are_written_back_when_evicted()
    {
        var accesses = new ulong[] { 1, 2, 3 }.Select(p => new MemoryAccess(p << 12, AccessKind.Write, 0, AccessContext.Unknown)).ToArray();
        var replay = new TraceReplay(new MachineConfig { Frames = 2, Policy = "fifo" });
        replay.Replay(accesses);
        Assert.Equal(1, replay.Machine.Counters.Writebacks);
    }
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void An_address_the_page_table_cannot_reach_stops_the_replay_naming_the_trace_and_the_access(long warmup)
    {
        // x86-32 reaches 4 GiB: the sixth access, by the second process, lies past it.
        var text = "pid,addr\n1,0x1000\n2,0x2000\n1,0x3000\n2,0x4000\n1,0x5000\n2,0x100000000\n1,0x1000\n";
        var replay = new TraceReplay(new MachineConfig { Geometry = PageGeometry.X86, Frames = 4 }) { Warmup = warmup, Source = "two.csv" };
        using var reader = TraceFormats.Open(new MemoryStream(Encoding.ASCII.GetBytes(text)), "two.csv", TraceFormats.Csv, 4096);

        var error = Assert.Throws<InputFormatException>(() => replay.Run(reader));

        Assert.Equal("two.csv", error.Source);
        Assert.Contains("access 6 of the trace is at 0x100000000 (page 1,048,576), outside the 32-bit address space of x86-32", error.Message, StringComparison.Ordinal);
        Assert.Contains("below 1,048,576", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_five_level_geometry_reaches_57_bit_addresses()
    {
        var replay = new TraceReplay(new MachineConfig { Geometry = PageGeometry.X64FiveLevel, Frames = 4 });

        replay.Replay([new MemoryAccess(1UL << 56, AccessKind.Read, 0, AccessContext.Unknown)]);

        Assert.Equal(1, replay.Machine.Counters.Faults);
        Assert.True(replay.Processes[0].IsRunning);
        Assert.Throws<InputFormatException>(() => replay.Replay([new MemoryAccess(1UL << 57, AccessKind.Read, 0, AccessContext.Unknown)]));
    }
}

