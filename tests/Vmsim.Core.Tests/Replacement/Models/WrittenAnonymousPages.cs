namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// The pages that cannot be evicted in <see cref="UnevictableComparison"/>: with no free swap
/// slot, a dirty anonymous page has nowhere to go (the kernel's dirty-no-swap), so once written
/// it stays. Pages numbered 1 mod 4 below 2 (frames − 1) are held so once written, so at most
/// half of memory is ever held (none with one frame) and a victim can always be found; they lie
/// in the strings' hot range and beyond, so that they are met cold as well as hot. The other
/// pages are file pages. Without <paramref name="swapBacked"/> the held pages are file pages
/// too, held as a page pinned by a fault in progress is, which shows a policy that takes
/// anonymous pages last (<c>linux</c>) passing pages over in its file lists.
/// </summary>
internal sealed class WrittenAnonymousPages(int frames, bool swapBacked = true)
{
    private readonly HashSet<int> _written = [];

    /// <summary>How many of the pages are held.</summary>
    public int Count => _written.Count;

    /// <summary>Whether <paramref name="page"/> is held once written, on <paramref name="frames"/> frames.</summary>
    public static bool Holdable(int frames, int page) => page % 4 == 1 && page < 2 * (frames - 1);

    /// <summary>Whether <paramref name="page"/> is anonymous (swap-backed).</summary>
    public bool IsAnonymous(int page) => swapBacked && Holdable(frames, page);

    /// <summary>Whether <paramref name="page"/> has been written, so that it cannot be evicted.</summary>
    public bool IsWritten(int page) => _written.Contains(page);

    /// <summary>Whether a model may evict <paramref name="page"/>: the driver's rule, told to the model.</summary>
    public bool CanEvict(int page) => !_written.Contains(page);

    /// <summary>Notes a reference; a write to a holdable page holds it from the next reference on.</summary>
    public void Note(int page, bool write)
    {
        if (write && Holdable(frames, page))
        {
            _written.Add(page);
        }
    }
}
