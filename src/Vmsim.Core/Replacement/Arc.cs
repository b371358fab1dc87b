using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// ARC, the adaptive replacement cache: two LRU lists of resident pages, T1 for pages seen
/// once recently and T2 for pages seen at least twice, each with a ghost list of pages it
/// recently evicted (B1, B2; identities only). A hit moves a page to the most recent end of
/// T2. A fault on a page remembered in B1 says T1 was too small, and raises the target size
/// p of T1 by max(1, |B2|/|B1|); one remembered in B2 lowers it by max(1, |B1|/|B2|); either
/// way the page goes to T2. Any other page goes to T1. The victim is the least recent page
/// of T1 when |T1| exceeds p, else of T2, and it is remembered in the matching ghost list.
/// The directory is kept as the paper keeps it: |T1| + |B1| at most c, all four lists at
/// most 2c, where c is the number of frames. Parameters: none; p starts at 0.
/// Source: N. Megiddo and D. S. Modha, "ARC: a self-tuning, low overhead replacement
/// cache", FAST 2003 (figure 4).
/// </summary>
/// <remarks>
/// The kernel names the faulting page before it asks for a victim (<see cref="OnMiss"/>),
/// so a ghost hit adapts p first and the victim is then chosen with the new p, with the
/// paper's tie rule (take from T1 when |T1| = p and the faulting page is in B2), as in
/// figure 4. The paper's directory steps for a page in no list (dropping the LRU ghost of
/// B1 or B2) are taken when the page is loaded, after the replacement: they commute with
/// it, so they give the paper's lists exactly. A page released by munmap or exit leaves no
/// ghost, and when the last resident page is released the policy forgets its ghosts and p
/// and starts afresh.
/// </remarks>
public sealed class Arc : ArcDirectoryPolicy
{
    // The page of the fault in progress and where OnMiss found its ghost: 1 in B1, 2 in B2,
    // 0 in neither (or no fault in progress).
    private PageIdentity _missPage;
    private int _missGhostList;

    /// <inheritdoc/>
    public override string Name => "arc";

    /// <inheritdoc/>
    public override PolicyNeeds Needs => PolicyNeeds.EveryAccess | PolicyNeeds.HitFramesOnly;

    /// <inheritdoc/>
    public override void OnMiss(PageIdentity page)
    {
        (_missPage, _missGhostList) = (page, 0);
        var g = Ghosts.Lookup.Find(page);
        if (g < 0)
        {
            return;
        }

        // Case II (a ghost of B1: T1 evicted it too early) raises T1's target, case III (B2)
        // lowers it, before replacing.
        var fromB1 = Ghosts.InB1(g);
        Target = Ghosts.AdaptedTarget(Target, C, fromB1);
        _missGhostList = fromB1 ? 1 : 2;
    }

    /// <inheritdoc/>
    public override void OnLoad(FrameNumber frame, in AccessContext access)
    {
        var identity = Host.IdentityOf(frame);
        var ghostHit = _missGhostList != 0 && _missPage == identity;
        _missGhostList = 0;
        if (ghostHit)
        {
            // Cases II and III: p was adapted in OnMiss; the page joins T2 and leaves its ghost list.
            Ghosts.Lookup.Forget(identity);

            T2.AddLast(frame);
            return;
        }

        // Case IV: a page not in the directory; keep |L1| <= c and |L1| + |L2| <= 2c.
        Ghosts.MakeRoomForNewPage(T1.Count, T2.Count, C);
        T1.AddLast(frame);
    }

    /// <inheritdoc/>
    public override void OnHit(FrameNumber frame, in AccessContext access)
    {
        if (T1.Remove(frame))
        {
            T2.AddLast(frame);
        }
        else if (T2.Contains(frame))
        {
            T2.MoveToLast(frame);
        }
    }

    /// <inheritdoc/>
    public override FrameNumber SelectVictim()
    {
        // REPLACE(x, p): T1's least recent page when |T1| exceeds p, or equals it and the
        // faulting page x is a ghost of B2; otherwise T2's.
        var fromT1 = T1.Count > 0 && (T1.Count > Target || (_missGhostList == 2 && T1.Count == Target));
        var victim = (fromT1 ? T1 : T2).FirstEvictable(Host);
        return victim.IsValid ? victim : (fromT1 ? T2 : T1).FirstEvictable(Host);
    }

    /// <inheritdoc/>
    public override PolicyView Inspect()
    {
        var fromT1 = T1.Count > 0 && T1.Count > Target;
        var order = PolicyViews.DescribedFromList(fromT1 ? T1 : T2, f => PolicyViews.OnList(f, fromT1 ? "T1" : "T2"));
        order.AddRange(PolicyViews.DescribedFromList(fromT1 ? T2 : T1, f => PolicyViews.OnList(f, fromT1 ? "T2" : "T1")));
        return new PolicyView(
            $"{DirectoryText()}; the least recent page of {(fromT1 ? "T1" : "T2")} goes next",
            order);
    }

    /// <inheritdoc/>
    private protected override void Reset()
    {
        base.Reset();
        _missGhostList = 0;
    }
}
