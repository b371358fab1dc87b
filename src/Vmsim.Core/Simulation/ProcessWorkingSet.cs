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

    // The last tau pages referenced, oldest first, and how often each occurs among them.
    private readonly Queue<ulong> _recent = new();
    private readonly Dictionary<ulong, int> _occurrences = [];
    private long _sizeSum;

    internal ProcessWorkingSet(Process process, long window)
    {
        Process = process;
        _window = window;
    }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The working-set size now: how many distinct pages its last tau references touched.</summary>
    public int Size => _occurrences.Count;

    /// <summary>The largest size after any of its references since the statistics were last reset.</summary>
    public int Peak { get; private set; }

    /// <summary>Its references since the statistics were last reset.</summary>
    public long References { get; private set; }

    /// <summary>The mean size after each of those references (0 before any).</summary>
    public double Mean => References == 0 ? 0 : (double)_sizeSum / References;

    /// <summary>Under local replacement, its quota of frames at its last reference; null otherwise.</summary>
    public int? Quota { get; private set; }

    /// <summary>Under local replacement, how many of its references left its working set larger than its quota.</summary>
    public long ReferencesOverQuota { get; private set; }

    /// <summary>The pages of the working set now, in ascending order.</summary>
    public IReadOnlyList<PageNumber> Pages() => [.. _occurrences.Keys.Order().Select(p => new PageNumber(p))];

    internal void Reference(PageNumber page)
    {
        _recent.Enqueue(page.Value);
        _occurrences[page.Value] = _occurrences.GetValueOrDefault(page.Value) + 1;
        if (_recent.Count > _window)
        {
            var oldest = _recent.Dequeue();
            var left = _occurrences[oldest] - 1;
            if (left == 0)
            {
                _occurrences.Remove(oldest);
            }
            else
            {
                _occurrences[oldest] = left;
            }
        }

        References++;
        _sizeSum += Size;
        Peak = Math.Max(Peak, Size);
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
        Peak = 0;
    }
}
