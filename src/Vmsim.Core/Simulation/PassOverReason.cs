namespace Vmsim.Core.Simulation;

/// <summary>
/// Why reclaim could not take a frame the policy asked about (<see cref="Replacement.IFrameHost.CanEvict"/>
/// said no), so the policy passed over it for another.
/// </summary>
public enum PassOverReason
{
    /// <summary>A dirty page of anonymous memory with no copy in swap, and no swap slot free to write it to.</summary>
    DirtyNoSwap,

    /// <summary>Held by the fault in progress: the page a copy-on-write fault is copying from.</summary>
    Pinned,

    /// <summary>Under local replacement, a page of another process, out of the faulting process's reach.</summary>
    OtherProcess,

    /// <summary>Under local replacement, a page of a process not over its quota, when the page had to come from one over it.</summary>
    NotOverQuota,
}

/// <summary>A <see cref="PassOverReason"/> in words, for the narration, the fault path and the visualizer alike.</summary>
public static class PassOverReasonText
{
    /// <summary>
    /// Why <paramref name="count"/> frames could not go, in a few words ("dirty anonymous pages,
    /// and no swap slot free"); <paramref name="noSwap"/> when the machine has no swap at all.
    /// </summary>
    public static string Describe(PassOverReason reason, int count, bool noSwap)
    {
        var one = count == 1;
        return reason switch
        {
            PassOverReason.DirtyNoSwap => $"{(one ? "a dirty anonymous page" : "dirty anonymous pages")}, and {(noSwap ? "no swap" : "no swap slot free")}",
            PassOverReason.Pinned => "pinned for the fault in progress",
            PassOverReason.OtherProcess => one ? "another process's page" : "other processes' pages",
            PassOverReason.NotOverQuota => one ? "a page of a process not over its quota" : "pages of processes not over their quotas",
            _ => reason.ToString(),
        };
    }
}
