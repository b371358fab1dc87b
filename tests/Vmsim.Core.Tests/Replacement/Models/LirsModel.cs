namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// LIRS as Jiang and Zhang give it ("LIRS: an efficient low inter-reference recency set
/// replacement policy to improve buffer cache performance", SIGMETRICS 2002), section 3, the
/// algorithm on the stack S and the queue Q, in its three cases: a LIR page referenced; a
/// resident HIR page referenced; a non-resident (or new) page referenced, which first evicts
/// the front of Q.
/// </summary>
/// <remarks>
/// Choices docs/policies.md documents, followed here:
/// <list type="bullet">
/// <item><paramref name="hirFrames"/> frames hold resident HIR pages (vmsim: 1% of the frames,
/// at least one, none with a single frame); the rest, L_lirs, hold LIR pages.</item>
/// <item>Until L_lirs pages are LIR, a new page becomes LIR, and so does a resident HIR page
/// when it is referenced.</item>
/// <item>S keeps at most as many non-resident entries as frames, the one evicted longest ago
/// forgotten first; the faulting page is looked up in S before that bound is enforced, so the
/// victim's new entry cannot push out the faulting page's own.</item>
/// <item>With no resident HIR page to evict (one frame), the least recent LIR page goes, and
/// leaves S.</item>
/// <item>A page that <paramref name="canEvict"/> refuses is passed over: the victim is the
/// first page of Q that can go, keeping the others in their places, and if none can, the least
/// recent LIR page that can.</item>
/// </list>
/// </remarks>
internal sealed class LirsModel(int frames, int hirFrames, Func<int, bool>? canEvict = null) : ICacheModel
{
    private readonly int _lirFrames = frames - hirFrames;

    // S, bottom (least recent) first; Q, front (the next victim) first.
    private readonly List<int> _stack = [];
    private readonly List<int> _queue = [];
    private readonly HashSet<int> _lir = [];
    private readonly HashSet<int> _resident = [];

    // The non-resident HIR entries of S, evicted longest ago first.
    private readonly List<int> _nonResident = [];

    public int? Reference(int page, bool write)
    {
        if (_lir.Contains(page))
        {
            // Case 1: a LIR page moves to the top of S; if it was the bottom, S is pruned.
            MoveToTop(page);
            Prune();
            return null;
        }

        if (_resident.Contains(page))
        {
            // Case 2: a resident HIR page.
            var inStack = _stack.Contains(page);
            MoveToTop(page);
            if (_lir.Count < _lirFrames)
            {
                _queue.Remove(page);
                _lir.Add(page);
            }
            else if (inStack)
            {
                _queue.Remove(page);
                _lir.Add(page);
                DemoteBottom();
            }
            else
            {
                _queue.Remove(page);
                _queue.Add(page);
            }

            return null;
        }

        // Case 3: a fault.
        int? evicted = null;
        if (_resident.Count == frames)
        {
            evicted = Evict();
        }

        var wasInStack = _stack.Contains(page);
        _nonResident.Remove(page);
        _resident.Add(page);
        MoveToTop(page);
        if (_lir.Count < _lirFrames)
        {
            _lir.Add(page);
        }
        else if (wasInStack)
        {
            _lir.Add(page);
            DemoteBottom();
        }
        else
        {
            _queue.Add(page);
        }

        while (_nonResident.Count > frames)
        {
            _stack.Remove(_nonResident[0]);
            _nonResident.RemoveAt(0);
        }

        return evicted;
    }

    private int Evict()
    {
        if (_queue.Any(CanEvict))
        {
            var victim = _queue.First(CanEvict);
            _queue.Remove(victim);
            _resident.Remove(victim);
            if (_stack.Contains(victim))
            {
                _nonResident.Add(victim);
            }

            return victim;
        }

        var lir = _stack.First(p => _lir.Contains(p) && CanEvict(p));
        _lir.Remove(lir);
        _resident.Remove(lir);
        _stack.Remove(lir);
        Prune();
        return lir;
    }

    // The LIR page at the bottom of S becomes a resident HIR page at the end of Q, and S is pruned.
    private void DemoteBottom()
    {
        var bottom = _stack[0];
        _lir.Remove(bottom);
        _queue.Add(bottom);
        Prune();
    }

    // Removes HIR entries from the bottom of S until a LIR page is there.
    private void Prune()
    {
        while (_stack.Count > 0 && !_lir.Contains(_stack[0]))
        {
            _nonResident.Remove(_stack[0]);
            _stack.RemoveAt(0);
        }
    }

    private bool CanEvict(int page) => canEvict.Allows(page);

    private void MoveToTop(int page)
    {
        _stack.Remove(page);
        _stack.Add(page);
    }
}
