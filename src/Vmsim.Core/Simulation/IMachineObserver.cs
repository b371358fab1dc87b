namespace Vmsim.Core.Simulation;

/// <summary>
/// Listens to what the machine does. The machine builds events only when an observer is
/// attached; with none, an access produces nothing.
/// </summary>
public interface IMachineObserver
{
    /// <summary>An access completed (after any fault and its retry). Evictions and OOM kills it caused were reported just before.</summary>
    void OnAccess(in AccessEvent access);

    /// <summary>A page was evicted: by reclaim, or as a departure the policy named (<see cref="EvictionEvent.Departure"/>).</summary>
    void OnEviction(in EvictionEvent eviction);

    /// <summary>The out-of-memory killer killed a process; reported once the process has released what it held (<see cref="OomKillEvent.FreedFrames"/>).</summary>
    void OnOomKill(in OomKillEvent kill);

    /// <summary>A process operation ran.</summary>
    void OnOperation(OperationEvent operation);

    /// <summary>
    /// True when this observer is to hear of <see cref="OnBitClear"/>: the machine then notes every
    /// bit a policy clears outside a second chance, which costs a little on each. False by default.
    /// </summary>
    bool HearsBitClears => false;

    /// <summary>
    /// A policy cleared a page's bits other than as a second chance in its victim search
    /// (<see cref="BitClear"/>), during the step the next <see cref="OnAccess"/> or
    /// <see cref="OnOperation"/> reports; heard only when <see cref="HearsBitClears"/>.
    /// </summary>
    void OnBitClear(in BitClear clear)
    {
    }
}
