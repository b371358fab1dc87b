using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// Listens to the recorded steps of a trace replay and keeps the policy's state after each of
/// their accesses (<see cref="TracePolicyStates"/>), in order: the Policy column of
/// <c>replay --steps</c> and <c>steps[].policy</c> in its JSON.
/// </summary>
internal sealed class PolicyStepLog : IMachineObserver
{
    private readonly TracePolicyStates _states;
    private readonly List<PolicyState> _steps = [];

    /// <summary>Keeps the states of <paramref name="replay"/>'s policy.</summary>
    public PolicyStepLog(TraceReplay replay) => _states = new TracePolicyStates(replay);

    /// <summary>The policy's state after each access heard so far, the first access first.</summary>
    public IReadOnlyList<PolicyState> States => _steps;

    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access) => _steps.Add(_states.After(access, _steps.Count + 1));

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction)
    {
    }

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill)
    {
    }

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
    }
}
