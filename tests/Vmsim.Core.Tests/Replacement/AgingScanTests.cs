using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// Aging keeps its frames in a heap; these tests hold it to the textbook's scan of every
/// frame (<see cref="ScanningAging"/>, written here as the oracle) on random strings, with
/// ticks, pinned frames and releases.
/// </summary>
public sealed class AgingScanTests
{
    [Theory]
    [InlineData(2, 4, 3)]
    [InlineData(8, 8, 4)]
    [InlineData(8, 16, 1)]
    [InlineData(3, 12, 7)]
    public void Aging_evicts_exactly_what_a_scan_of_every_frame_evicts(int bits, int frames, int tick)
    {
        for (var seed = 0; seed < 12; seed++)
        {
            var references = ReferenceStrings.Random(seed, 900, frames * 3);
            var heap = new PolicyDriver(new Aging(bits), frames, tickInterval: tick);
            var scan = new PolicyDriver(new ScanningAging(bits), frames, tickInterval: tick);
            var random = new Random(seed);
            var pinned = new HashSet<int>();
            for (var i = 0; i < references.Length; i += 30)
            {
                var chunk = references.AsSpan(i, Math.Min(30, references.Length - i)).ToArray();
                heap.Run(chunk);
                scan.Run(chunk);

                // Now and then pin a frame for the next chunk (never the last free one), or release a page.
                var f = random.Next(frames);
                if (random.Next(3) == 0 && pinned.Count < frames - 1 && pinned.Add(f))
                {
                    heap.Pin(f);
                    scan.Pin(f);
                }
                else if (pinned.Remove(f))
                {
                    heap.Unpin(f);
                    scan.Unpin(f);
                }

                var page = heap.Frames[random.Next(frames)];
                if (random.Next(5) == 0 && page >= 0)
                {
                    heap.Release(page);
                    scan.Release(page);
                }
            }

            Assert.Equal(scan.Evicted, heap.Evicted);
            Assert.True(heap.Evicted.Count > references.Length / 4, $"only {heap.Evicted.Count} evictions");
        }
    }

    /// <summary>Tanenbaum's aging as written: at a fault, every frame is scanned for the smallest counter.</summary>
    private sealed class ScanningAging(int bits) : IReplacementPolicy
    {
        private readonly ulong _top = 1UL << (bits - 1);
        private FrameList _loaded = new(0);
        private ulong[] _counter = [];
        private IFrameHost _host = null!;

        public string Name => "aging (scan)";

        public PolicyNeeds Needs => PolicyNeeds.Ticks;

        public void Attach(IFrameHost host)
        {
            _host = host;
            _loaded = new FrameList(host.FrameCount);
            _counter = new ulong[host.FrameCount];
        }

        public void OnLoad(FrameNumber frame, in AccessContext access)
        {
            _counter[frame.Value] = 0;
            _loaded.AddLast(frame);
        }

        public void OnHit(FrameNumber frame, in AccessContext access)
        {
        }

        public void OnRemove(FrameNumber frame, RemovalReason reason) => _loaded.Remove(frame);

        public FrameNumber SelectVictim()
        {
            var victim = FrameNumber.None;
            var smallest = ulong.MaxValue;
            for (var f = _loaded.Head; f.IsValid; f = _loaded.Next(f))
            {
                var value = (_counter[f.Value] >> 1) | (_host.IsAccessed(f) ? _top : 0);
                if (_host.CanEvict(f) && (!victim.IsValid || value < smallest))
                {
                    victim = f;
                    smallest = value;
                }
            }

            return victim;
        }

        public PolicyView Inspect() => new(Name, []);

        public void OnTick(long now)
        {
            for (var f = _loaded.Head; f.IsValid; f = _loaded.Next(f))
            {
                _counter[f.Value] = (_counter[f.Value] >> 1) | (_host.TestAndClearAccessed(f) ? _top : 0);
            }
        }
    }
}
