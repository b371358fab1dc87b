using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// CAR, clock with adaptive replacement: ARC's four lists with the two resident ones run as
/// clocks, so that a hit costs nothing but the hardware's accessed bit. T1 holds pages seen
/// once, T2 pages seen at least twice; B1 and B2 remember the pages each evicted. To find a
/// victim, while |T1| is at least max(1, p) the hand of T1 looks at its head page: with the
/// bit clear it is the victim (remembered at the most recent end of B1), with the bit set
/// the bit is cleared and the page moves to the tail of T2. Otherwise the hand of T2 looks
/// at its head: bit clear, victim (into B2); bit set, cleared and moved to T2's tail. After
/// the eviction the directory is trimmed as ARC's is (|T1| + |B1| at most c, all four lists
/// at most 2c), and the faulting page goes to the tail of T1 with its bit clear, or, if B1
/// or B2 remembered it, to the tail of T2 after p rises by max(1, |B2|/|B1|) (from B1) or
/// falls by max(1, |B1|/|B2|) (from B2). Parameters: none; p starts at 0.
/// Source: S. Bansal and D. S. Modha, "CAR: Clock with Adaptive Replacement", FAST 2004
/// (figure 2).
/// </summary>
/// <remarks>
/// The page reference bit is the hardware accessed bit, read and cleared through
/// <see cref="IFrameHost.TestAndClearAccessed"/>, which is how a kernel would run CAR; the
/// retried faulting access sets it, so <see cref="OnLoad"/> clears it, as the paper inserts
/// pages with the bit at 0. Unlike ARC, CAR adapts p after replacing, so the kernel's order
/// of calls (victim first, then the faulting page) matches the paper step for step. A page
/// that cannot be evicted is passed over as a clock hand passes it, its bit untouched.
/// Released pages leave no ghost; when the last resident page is released the policy
/// forgets its ghosts and p.
/// </remarks>
public sealed class Car : ArcDirectoryPolicy
{
    /// <inheritdoc/>
    public override string Name => "car";

    /// <inheritdoc/>
    public override PolicyNeeds Needs => PolicyNeeds.None;

    /// <inheritdoc/>
    public override void OnLoad(FrameNumber frame, in AccessContext access)
    {
        // The paper inserts with the reference bit at 0: the fault is not a re-reference.
        Host.TestAndClearAccessed(frame);
        var g = Ghosts.Lookup.Find(Host.IdentityOf(frame));
        if (g < 0)
        {
            Ghosts.MakeRoomForNewPage(T1.Count, T2.Count, C);
            T1.AddLast(frame);
        }
        else
        {
            Target = Ghosts.AdaptedTarget(Target, C, fromB1: Ghosts.InB1(g));
            Ghosts.Forget(g);
            T2.AddLast(frame);
        }
    }

    /// <inheritdoc/>
    public override void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public override FrameNumber SelectVictim()
    {
        var host = Host;

        // Frames passed over because they could not be evicted: once a whole list has been
        // passed over, the other list serves, and when both have, nothing can go. A page the
        // T1 hand can evict leaves T1 (the victim, or to T2), so stuck1 counts T1's pages
        // passed over so far, and the hand stops when it is back at the first of them; a page
        // of T2 whose bit is cleared stays, to be met again, so stuck2 counts those passed
        // over since T2 last changed (such a page, or one that came from T1). Every other step
        // clears a bit, moves a page from T1 to T2 or finds the victim, so the loop ends within
        // |T1| + |T2| + 1 steps of the last such change.
        var stuck1 = 0;
        var stuck2 = 0;
        while (true)
        {
            var t1Done = stuck1 >= T1.Count;
            var t2Done = stuck2 >= T2.Count;
            if (t1Done && t2Done)
            {
                return FrameNumber.None;
            }

            if (!t1Done && (T1.Count >= Math.Max(1.0, Target) || t2Done))
            {
                var f = T1.Head;
                if (!host.CanEvict(f))
                {
                    T1.MoveToLast(f);
                    stuck1++;
                    continue;
                }

                if (!host.TestAndClearAccessed(f))
                {
                    return f;
                }

                T1.Remove(f);
                T2.AddLast(f);
                stuck2 = 0;
            }
            else
            {
                var f = T2.Head;
                if (!host.CanEvict(f))
                {
                    T2.MoveToLast(f);
                    stuck2++;
                    continue;
                }

                stuck2 = 0;
                if (!host.TestAndClearAccessed(f))
                {
                    return f;
                }

                T2.MoveToLast(f);
            }
        }
    }

    /// <inheritdoc/>
    public override PolicyView Inspect()
    {
        var fromT1 = T1.Count > 0 && T1.Count >= Math.Max(1.0, Target);
        var first = fromT1 ? T1 : T2;
        var second = fromT1 ? T2 : T1;
        PolicyFrameNote Note(FrameNumber f, string list)
        {
            var referenced = Host.IsAccessed(f);
            return new PolicyFrameNote(f, $"{list} R {PolicyViews.Bit(referenced, 'R')}") { List = list, Referenced = referenced };
        }

        var order = PolicyViews.DescribedFromList(first, f => Note(f, fromT1 ? "T1" : "T2"));
        order.AddRange(PolicyViews.DescribedFromList(second, f => Note(f, fromT1 ? "T2" : "T1")));
        return new PolicyView(
            $"{DirectoryText()}; the hand of {(fromT1 ? "T1" : "T2")} moves next",
            order);
    }
}
