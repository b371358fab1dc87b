using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// The two segments of segmented LRU, least recently used at each head: a page enters
/// <see cref="Probation"/>; a hit there promotes it to <see cref="Protected"/>, whose least
/// recent page drops back to probation's most recent end when the segment is over its
/// capacity; a hit on a protected page moves it to that segment's most recent end. The
/// victim is probation's least recent page that can go, else protected's. SLRU is these two
/// segments alone; W-TinyLFU runs its main region as them.
/// </summary>
internal sealed class SegmentedLru
{
    /// <summary>Two empty segments for frames numbered below <paramref name="frames"/>, the protected one holding at most <paramref name="protectedCapacity"/> pages.</summary>
    public SegmentedLru(int frames, int protectedCapacity)
    {
        Probation = new FrameList(frames);
        Protected = new FrameList(frames);
        ProtectedCapacity = protectedCapacity;
    }

    /// <summary>The probationary segment, where pages enter.</summary>
    public FrameList Probation { get; }

    /// <summary>The protected segment, of pages hit since they entered.</summary>
    public FrameList Protected { get; }

    /// <summary>The most pages the protected segment holds.</summary>
    public int ProtectedCapacity { get; }

    /// <summary>Pages in both segments.</summary>
    public int Count => Probation.Count + Protected.Count;

    /// <summary>Puts <paramref name="frame"/> at probation's most recent end.</summary>
    public void Enter(FrameNumber frame) => Probation.AddLast(frame);

    /// <summary>A hit on <paramref name="frame"/>: moves or promotes it; false when it is in neither segment.</summary>
    public bool Hit(FrameNumber frame)
    {
        if (Protected.Contains(frame))
        {
            Protected.MoveToLast(frame);
            return true;
        }

        if (!Probation.Remove(frame))
        {
            return false;
        }

        Protected.AddLast(frame);
        if (Protected.Count > ProtectedCapacity)
        {
            var demoted = Protected.Head;
            Protected.Remove(demoted);
            Probation.AddLast(demoted);
        }

        return true;
    }

    /// <summary>Takes <paramref name="frame"/> out of whichever segment holds it; false when neither does.</summary>
    public bool Remove(FrameNumber frame) => Probation.Remove(frame) || Protected.Remove(frame);

    /// <summary>Probation's least recent page that can go, else protected's; none when neither has one.</summary>
    public FrameNumber Victim(IFrameHost host)
    {
        var victim = Probation.FirstEvictable(host);
        return victim.IsValid ? victim : Protected.FirstEvictable(host);
    }
}
