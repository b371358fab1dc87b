using Vmsim.Core.Addressing;

namespace Vmsim.Core.Kernel;

/// <summary>What the fault handler did for one fault.</summary>
public struct FaultOutcome
{
    /// <summary>The case that resolved it.</summary>
    public FaultKind Kind;

    /// <summary>The result flags.</summary>
    public FaultResult Result;

    /// <summary>The frame now mapped at the faulting page, if any.</summary>
    public FrameNumber Frame;

    /// <summary>For a copy-on-write copy, the frame copied from.</summary>
    public FrameNumber SourceFrame;

    /// <summary>For a swap-in, the slot read.</summary>
    public SwapSlot Slot;

    /// <summary>For a SIGSEGV, why.</summary>
    public SegvReason Segv;

    /// <summary>A frame newly filled by this fault, which the policy must hear of once the access is retried.</summary>
    public FrameNumber Loaded;

    /// <summary>A second newly filled frame (a private write to a file page reads the page cache page and copies it).</summary>
    public FrameNumber LoadedSecond;

    /// <summary>An outcome with no frames.</summary>
    public static FaultOutcome Empty => new()
    {
        Frame = FrameNumber.None,
        SourceFrame = FrameNumber.None,
        Slot = SwapSlot.None,
        Loaded = FrameNumber.None,
        LoadedSecond = FrameNumber.None,
    };
}
