namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Aging as Tanenbaum and Bos give it (Modern Operating Systems, 4th ed., 3.4.7): each page
/// has a <paramref name="bits"/>-bit counter; at every clock tick each counter is shifted
/// right one bit and the page's reference bit, then cleared, enters at the top; the page with
/// the smallest counter goes.
/// </summary>
/// <remarks>
/// Every reference sets the reference bit, as the MMU would, and a tick follows every
/// <paramref name="tickInterval"/>-th reference, as the kernel's clock. docs/policies.md
/// ("Aging: the counter the next tick would leave"): a fault between ticks ranks each page by
/// the counter the next tick would leave (the counter shifted right one bit, the top bit set
/// if the page was referenced since the last tick), reading the bits without clearing them;
/// ties go to the page loaded longest ago. A page is loaded with its counter 0 and the bit
/// its faulting reference set. Only pages that <paramref name="canEvict"/> allows are ranked.
/// </remarks>
internal sealed class AgingModel(int frames, int bits, int tickInterval, Func<int, bool>? canEvict = null) : ICacheModel
{
    // In order of loading, oldest first.
    private readonly List<int> _loaded = [];
    private readonly Dictionary<int, ulong> _counter = [];
    private readonly HashSet<int> _referenced = [];
    private long _references;

    public int? Reference(int page, bool write)
    {
        int? evicted = null;
        if (!_counter.ContainsKey(page))
        {
            if (_loaded.Count == frames)
            {
                var victim = _loaded.Where(p => canEvict.Allows(p)).MinBy(NextTicksCounter);
                _loaded.Remove(victim);
                _counter.Remove(victim);
                _referenced.Remove(victim);
                evicted = victim;
            }

            _loaded.Add(page);
            _counter[page] = 0;
        }

        _referenced.Add(page);
        if (++_references % tickInterval == 0)
        {
            foreach (var p in _loaded)
            {
                _counter[p] = NextTicksCounter(p);
            }

            _referenced.Clear();
        }

        return evicted;
    }

    private ulong NextTicksCounter(int page) => (_counter[page] >> 1) | (_referenced.Contains(page) ? 1UL << (bits - 1) : 0);
}
