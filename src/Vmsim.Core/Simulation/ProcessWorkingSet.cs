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

    // The pages of the working set, least recently referenced first, each with the number of
    // its last reference in the process's own time; memory follows the distinct pages, not tau.
    private readonly LinkedList<(ulong Page, long Last)> _byRecency = new();
    private readonly Dictionary<ulong, LinkedListNode<(ulong Page, long Last)>> _nodes = [];
    private long _time;
    private long _sizeSum;

    internal ProcessWorkingSet(Process process, long window)
    {
        Process = process;
        _window = window;
    }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The working-set size now: how many distinct pages its last tau references touched.</summary>
    public int Size => _nodes.Count;

    /// <summary>The largest size since the statistics were last reset: its size then, or after any of its references since.</summary>
    public int Peak { get; private set; }

    /// <summary>Its references since the statistics were last reset.</summary>
    public long References { get; private set; }

    /// <summary>The mean size after each of those references (0 before any: see <see cref="References"/>).</summary>
    public double Mean => References == 0 ? 0 : (double)_sizeSum / References;

    /// <summary>Under local replacement, its quota of frames at its last reference; null otherwise.</summary>
    public int? Quota { get; private set; }

    /// <summary>Under local replacement, how many of its references left its working set larger than its quota.</summary>
    public long ReferencesOverQuota { get; private set; }

    /// <summary>The pages of the working set now, in ascending order.</summary>
    public IReadOnlyList<PageNumber> Pages() => [.. _nodes.Keys.Order().Select(p => new PageNumber(p))];

    internal void Reference(PageNumber page)
    {
        _time++;
        if (_nodes.TryGetValue(page.Value, out var node))
        {
            _byRecency.Remove(node);
            node.Value = (page.Value, _time);
            _byRecency.AddLast(node);
        }
        else
        {
            _nodes.Add(page.Value, _byRecency.AddLast((page.Value, _time)));
        }

        // A page whose last reference is tau or more references ago has left W(t, tau).
        while (_byRecency.First!.Value.Last <= _time - _window)
        {
            _nodes.Remove(_byRecency.First.Value.Page);
            _byRecency.RemoveFirst();
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
        Peak = Size;
    }
}
