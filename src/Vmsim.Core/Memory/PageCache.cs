using System.Numerics;
using Vmsim.Core.Addressing;

namespace Vmsim.Core.Memory;

/// <summary>
/// The resident pages of files, by file and page index (Linux's page cache). A file page
/// stays cached after its last mapping goes, until reclaim evicts it, so a second
/// process that maps the file finds it without a disk read (a minor fault).
/// </summary>
/// <remarks>
/// Every file fault looks a page up here and every eviction of a file page removes one,
/// so this is on the fault path of every trace replay: an open-addressing table with
/// linear probing in flat arrays (no per-entry objects, no tuple hashing), deleting by
/// shifting later entries back so that no tombstones build up.
/// </remarks>
public sealed class PageCache
{
    private const int Empty = -1;
    private int[] _files;
    private long[] _pages;
    private int[] _frames;
    private int _mask;

    /// <summary>Creates an empty page cache.</summary>
    public PageCache()
    {
        (_files, _pages, _frames) = NewArrays(64);
        _mask = 63;
    }

    /// <summary>The number of cached pages.</summary>
    public int Count { get; private set; }

    /// <summary>Finds the frame caching page <paramref name="page"/> of file <paramref name="file"/>.</summary>
    public bool TryFind(int file, long page, out FrameNumber frame)
    {
        for (var i = Slot(file, page); ; i = (i + 1) & _mask)
        {
            var f = _files[i];
            if (f == Empty)
            {
                frame = FrameNumber.None;
                return false;
            }

            if (f == file && _pages[i] == page)
            {
                frame = new FrameNumber(_frames[i]);
                return true;
            }
        }
    }

    /// <summary>Records that <paramref name="frame"/> caches page <paramref name="page"/> of <paramref name="file"/>; it must not be cached yet.</summary>
    public void Add(int file, long page, FrameNumber frame)
    {
        if ((Count + 1) * 2 > _files.Length)
        {
            Grow();
        }

        var i = Slot(file, page);
        while (_files[i] != Empty)
        {
            if (_files[i] == file && _pages[i] == page)
            {
                throw new InvalidOperationException($"page {page} of file {file} is already in the page cache");
            }

            i = (i + 1) & _mask;
        }

        _files[i] = file;
        _pages[i] = page;
        _frames[i] = frame.Value;
        Count++;
    }

    /// <summary>Forgets the cached page; it must be there.</summary>
    public void Remove(int file, long page)
    {
        var i = Slot(file, page);
        while (true)
        {
            if (_files[i] == Empty)
            {
                throw new InvalidOperationException($"page {page} of file {file} is not in the page cache");
            }

            if (_files[i] == file && _pages[i] == page)
            {
                break;
            }

            i = (i + 1) & _mask;
        }

        // Backward-shift deletion: move each later entry of the run into the hole if its
        // home slot does not lie between the hole and itself.
        var hole = i;
        for (var j = (hole + 1) & _mask; _files[j] != Empty; j = (j + 1) & _mask)
        {
            var home = Slot(_files[j], _pages[j]);
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _files[hole] = _files[j];
                _pages[hole] = _pages[j];
                _frames[hole] = _frames[j];
                hole = j;
            }
        }

        _files[hole] = Empty;
        Count--;
    }

    /// <summary>Every cached page, for the invariant checker and displays.</summary>
    public IEnumerable<KeyValuePair<(int File, long Page), FrameNumber>> Entries
    {
        get
        {
            for (var i = 0; i < _files.Length; i++)
            {
                if (_files[i] != Empty)
                {
                    yield return new((_files[i], _pages[i]), new FrameNumber(_frames[i]));
                }
            }
        }
    }

    private int Slot(int file, long page)
    {
        // A multiplicative mix: neighbouring pages of one file land far apart.
        var h = ((ulong)page * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)file * 0xC2B2AE3D27D4EB4FUL);
        return (int)(h >> 32) & _mask;
    }

    private void Grow()
    {
        var (files, pages, frames) = (_files, _pages, _frames);
        (_files, _pages, _frames) = NewArrays(files.Length * 2);
        _mask = _files.Length - 1;
        Count = 0;
        for (var i = 0; i < files.Length; i++)
        {
            if (files[i] != Empty)
            {
                Add(files[i], pages[i], new FrameNumber(frames[i]));
            }
        }
    }

    private static (int[] Files, long[] Pages, int[] Frames) NewArrays(int size)
    {
        System.Diagnostics.Debug.Assert(BitOperations.IsPow2(size), "the table size is a power of two");
        var files = new int[size];
        Array.Fill(files, Empty);
        return (files, new long[size], new int[size]);
    }
}
