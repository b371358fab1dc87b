using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Aging: a software approximation of LRU from the accessed bits alone. Each frame has
/// an n-bit counter; at every clock tick each counter is shifted right one bit and the
/// frame's accessed bit, read and cleared, goes into the top bit. A page used in the
/// last interval thus outranks one used only earlier, and a page unused for n intervals
/// counts as never used. The victim is the frame whose counter the next tick would leave
/// smallest: (counter &gt;&gt; 1), with the top bit set if the page has been accessed since
/// the last tick. Ties go to the page loaded longest ago.
/// </summary>
/// <remarks>
/// Tanenbaum evicts the smallest counter as it stands. A fault comes between two ticks,
/// when the accesses since the last tick are still in the accessed bits and not yet in the
/// counters, so the bare counters would take a page used a moment ago, or one just loaded
/// (whose counter is still 0 but whose faulting access set its bit), ahead of pages idle
/// since the tick. Ranking by the counter the next tick would leave counts those accesses
/// as the tick will; it drops the counter's lowest bit, the oldest interval, which the tick
/// would drop too. The bits are read, not cleared, at a fault.
/// Tanenbaum's description scans every frame for the smallest counter; here the frames
/// stand in a heap by (counter &gt;&gt; 1, load order), rebuilt at each tick when every
/// counter shifts. A frame whose accessed bit is clear outranks every frame whose bit is
/// set, so a search takes the first such frame from the top, setting aside only frames
/// accessed since the last tick; if every frame that can go was accessed, the first of
/// those goes. A fault costs O(k log n) for the k frames accessed since the tick, not O(n).
/// Source: A. S. Tanenbaum and H. Bos, Modern Operating Systems, 4th ed., section 3.4.7
/// (simulating LRU in software: aging).
/// </remarks>
public sealed class Aging : IReplacementPolicy
{
    private readonly int _bits;
    private readonly ulong _top;
    private ulong[] _counter = [];
    private long[] _loadedAt = [];
    private long _loads;
    private FrameHeap<SmallestCounter> _heap = new(0, default);
    private IFrameHost? _host;

    /// <summary>Creates the policy with counters of <paramref name="bits"/> bits (1 to 64).</summary>
    public Aging(int bits = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 64);
        _bits = bits;
        _top = 1UL << (bits - 1);
    }

    /// <inheritdoc/>
    public string Name => "aging";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.Ticks;

    /// <summary>Bits in each counter.</summary>
    public int Bits => _bits;

    /// <summary>The counter of <paramref name="frame"/> as of the last tick (0 for a page loaded since).</summary>
    public ulong CounterOf(FrameNumber frame) => _counter[frame.Value];

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _counter = new ulong[host.FrameCount];
        _loadedAt = new long[host.FrameCount];
        _loads = 0;
        _heap = new FrameHeap<SmallestCounter>(host.FrameCount, new SmallestCounter(_counter, _loadedAt));
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        _counter[frame.Value] = 0;
        _loadedAt[frame.Value] = ++_loads;
        _heap.Add(frame.Value);
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        _heap.Remove(frame.Value);
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        var host = _host!;
        var victim = FrameNumber.None;
        var firstAccessed = FrameNumber.None;
        while (_heap.Count > 0)
        {
            var f = new FrameNumber(_heap.Top);
            if (host.CanEvict(f))
            {
                if (!host.IsAccessed(f))
                {
                    victim = f;
                    break;
                }

                if (!firstAccessed.IsValid)
                {
                    firstAccessed = f;
                }
            }

            _heap.SetTopAside();
        }

        _heap.RestoreAside();
        return victim.IsValid ? victim : firstAccessed;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var host = _host!;
        var order = _heap.Frames.ToArray()
            .OrderBy(f => NextTick(f, host)).ThenBy(f => _loadedAt[f])
            .Select(f => new PolicyFrameNote(
                new FrameNumber(f),
                $"counter {Binary(_counter[f])}, next tick {Binary(NextTick(f, host))}")
            {
                Referenced = host.IsAccessed(new FrameNumber(f)),
                Value = Binary(_counter[f]),
            })
            .ToList();
        return new PolicyView(
            $"smallest {_bits}-bit counter first, as the next tick will leave it (top bit: accessed since the last tick; ties: oldest load)",
            order)
        {
            ValueIs = "counter",
        };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
        var host = _host!;
        foreach (var f in _heap.Frames)
        {
            _counter[f] = (_counter[f] >> 1) | (host.TestAndClearAccessed(new FrameNumber(f)) ? _top : 0);
        }

        _heap.Rebuild();
    }

    // What the next tick would make of the frame's counter.
    private ulong NextTick(int frame, IFrameHost host) =>
        (_counter[frame] >> 1) | (host.IsAccessed(new FrameNumber(frame)) ? _top : 0);

    private string Binary(ulong counter) => Convert.ToString((long)counter, 2).PadLeft(_bits, '0');

    // The order of a victim search between ticks: the counter as the next tick will shift it,
    // then the older load.
    private readonly struct SmallestCounter(ulong[] counter, long[] loadedAt) : IFrameOrder
    {
        public bool Before(int a, int b)
        {
            var ca = counter[a] >> 1;
            var cb = counter[b] >> 1;
            return ca != cb ? ca < cb : loadedAt[a] < loadedAt[b];
        }
    }
}
