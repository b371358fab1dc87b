namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// Denning's working set, "The working set model for program behavior", CACM 11(5), 1968, for
/// one process: W(t, tau) holds the pages of its last tau references, and the resident set is
/// the working set, so a page leaves memory (departs) as soon as tau references have passed
/// since its last use, whether memory is short or not. With references numbered from 0, the
/// page last used at t − tau leaves with reference t. When a fault finds memory full (the
/// working set does not fit), docs/policies.md's rule chooses the victim: the page that leaves
/// the working set with this very reference, else the least recently used page, inside the
/// working set (with one process the two are the same page whenever the first exists, since
/// older pages have already departed). Every page here can be evicted, so no page outside the
/// working set is ever left resident.
/// </summary>
internal sealed class WorkingSetModel(int frames, long window) : ICacheModel
{
    private readonly Dictionary<int, long> _lastUse = [];
    private readonly List<int> _departed = [];
    private long _now = -1;

    public IReadOnlyList<int> Departed => _departed;

    public int? Reference(int page, bool write)
    {
        _now++;
        int? victim = null;
        if (!_lastUse.ContainsKey(page) && _lastUse.Count == frames)
        {
            victim = _lastUse.Where(p => p.Value == _now - window).Select(p => (int?)p.Key).FirstOrDefault()
                ?? _lastUse.MinBy(p => p.Value).Key;
            _lastUse.Remove(victim.Value);
        }

        _lastUse[page] = _now;

        // After the reference, the pages it took out of the working set go, oldest first.
        foreach (var leaving in _lastUse.Where(p => p.Value <= _now - window).OrderBy(p => p.Value).Select(p => p.Key).ToList())
        {
            _lastUse.Remove(leaving);
            _departed.Add(leaving);
        }

        return victim;
    }
}
