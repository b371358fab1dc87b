namespace Vmsim.Core.Simulation;

/// <summary>
/// The path one access took through the machine, stage by stage, as a textbook tells a page
/// fault: the TLB lookup, the page-table walk, the kernel's check of the region, the page
/// cache or swap cache, the frame (free, or reclaimed), the fetch, the page-table update and
/// the restarted instruction. A hit stops after the TLB or the walk; a SIGSEGV after the
/// kernel; an OOM kill of the faulting process after the frame. Built from the machine's
/// events for the step (<see cref="FaultPathBuilder"/>), never by simulating again.
/// </summary>
/// <param name="Stages">The stages, in the order the machine went through them.</param>
public sealed record FaultPath(IReadOnlyList<FaultStage> Stages);
