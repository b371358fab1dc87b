namespace Vmsim.Core.Simulation;

/// <summary>A frame the policy asked about while it looked for a victim, and why reclaim could not take it.</summary>
/// <param name="Frame">The frame.</param>
/// <param name="Reason">Why it could not go.</param>
public readonly record struct PassedOverFrame(Addressing.FrameNumber Frame, PassOverReason Reason);
