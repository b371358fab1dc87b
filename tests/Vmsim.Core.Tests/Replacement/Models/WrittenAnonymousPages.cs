namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// The pages that cannot be evicted in <see cref="UnevictableComparison"/>: while swap has no
/// free slot, a dirty anonymous page has nowhere to go (the kernel's dirty-no-swap), so a page
/// written since it was loaded is held. Pages numbered 1 mod 4 below 2 (frames − 1) are
/// anonymous, the rest file pages, so at most half of memory is ever held (none with one frame)
/// and a victim can always be found; they lie in the strings' hot range and beyond, so that
/// they are met cold as well as hot. Swap has room in every fourth stretch of
/// <see cref="Stretch"/> references, when every page can go, so that what a policy did to a
/// page it passed over (its bit, its place) decides later victims. Without
/// <paramref name="swapBacked"/> the held pages are file pages, held as pages pinned by a fault
/// in progress are, which shows a policy that takes anonymous pages last (<c>linux</c>)
/// passing pages over in its file lists.
/// </summary>
internal sealed class WrittenAnonymousPages(int frames, bool swapBacked = true)
{
    /// <summary>The references in a stretch of full swap or of room.</summary>
    public const int Stretch = 64;

    private readonly HashSet<int> _written = [];
    private long _references;

    /// <summary>The most pages held at once.</summary>
    public int MostHeld { get; private set; }

    /// <summary>Whether <paramref name="page"/> can be held, on <paramref name="frames"/> frames.</summary>
    public static bool Holdable(int frames, int page) => page % 4 == 1 && page < 2 * (frames - 1);

    /// <summary>Whether <paramref name="page"/> is anonymous (swap-backed).</summary>
    public bool IsAnonymous(int page) => swapBacked && Holdable(frames, page);

    /// <summary>Whether <paramref name="page"/> cannot be evicted now: written since its load, while swap is full.</summary>
    public bool IsHeld(int page) => SwapFull && _written.Contains(page);

    /// <summary>Whether a model may evict <paramref name="page"/>: the driver's rule, told to the model.</summary>
    public bool CanEvict(int page) => !IsHeld(page);

    /// <summary>Whether swap is full, in the stretch of the next reference.</summary>
    public bool SwapFull => _references / Stretch % 4 != 3;

    /// <summary>Whether <paramref name="page"/> was written since its load, held or not.</summary>
    public bool IsWritten(int page) => _written.Contains(page);

    /// <summary>
    /// Notes a reference, after the page it evicted: the evicted page is clean when it comes
    /// back, and a write to a holdable page holds it from the next reference on.
    /// </summary>
    public void Note(int page, bool write, int? evicted)
    {
        if (evicted is { } e)
        {
            _written.Remove(e);
        }

        if (write && Holdable(frames, page))
        {
            _written.Add(page);
            MostHeld = Math.Max(MostHeld, _written.Count);
        }

        _references++;
    }
}
