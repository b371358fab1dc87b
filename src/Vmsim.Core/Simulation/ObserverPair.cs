namespace Vmsim.Core.Simulation;

/// <summary>
/// Two observers of one machine, which has room for one (<see cref="Machine.Observer"/>): each
/// event goes to <see cref="First"/>, then to <see cref="Second"/>.
/// </summary>
/// <param name="First">The observer told first.</param>
/// <param name="Second">The observer told second.</param>
public sealed record ObserverPair(IMachineObserver First, IMachineObserver Second) : IMachineObserver
{
    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access)
    {
        First.OnAccess(access);
        Second.OnAccess(access);
    }

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction)
    {
        First.OnEviction(eviction);
        Second.OnEviction(eviction);
    }

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill)
    {
        First.OnOomKill(kill);
        Second.OnOomKill(kill);
    }

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
        First.OnOperation(operation);
        Second.OnOperation(operation);
    }

    /// <inheritdoc/>
    public bool HearsBitClears => First.HearsBitClears || Second.HearsBitClears;

    /// <inheritdoc/>
    public void OnBitClear(in BitClear clear)
    {
        First.OnBitClear(clear);
        Second.OnBitClear(clear);
    }
}
