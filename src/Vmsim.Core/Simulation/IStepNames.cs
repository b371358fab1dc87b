namespace Vmsim.Core.Simulation;

/// <summary>
/// How a narration names the step at which a TLB entry left (<see cref="Mmu.TlbMiss.Step"/>), in
/// a trace's replay: by the access of the trace it was or came before ("at access 9", "before
/// access 9"), where a scenario's narration names it by its step ("at step 12").
/// </summary>
public interface IStepNames
{
    /// <summary>The step <paramref name="step"/>, to follow what left there: "at access 9", "before access 9".</summary>
    string At(int step);

    /// <summary>The context switch made at step <paramref name="step"/>, to follow "at the context switch": "before access 9".</summary>
    string Switch(int step);
}
