namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// LFU as Coffman and Denning (Operating Systems Theory, 1973) and Silberschatz 10.4.6 state
/// it: each resident page counts its references, and the page with the smallest count goes.
/// </summary>
/// <remarks>
/// docs/policies.md's choices: the count starts afresh at each load, the faulting reference
/// being the first; a tie goes to the page whose last reference is oldest. Only pages that
/// <paramref name="canEvict"/> allows are ranked.
/// </remarks>
internal sealed class LfuModel(int frames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly Dictionary<int, (int Count, long LastUse)> _resident = [];
    private long _now;

    public int? Reference(int page, bool write)
    {
        _now++;
        if (_resident.TryGetValue(page, out var uses))
        {
            _resident[page] = (uses.Count + 1, _now);
            return null;
        }

        int? evicted = null;
        if (_resident.Count == frames)
        {
            var victim = _resident.Where(p => canEvict.Allows(p.Key)).MinBy(p => (p.Value.Count, p.Value.LastUse)).Key;
            _resident.Remove(victim);
            evicted = victim;
        }

        _resident[page] = (1, _now);
        return evicted;
    }
}
