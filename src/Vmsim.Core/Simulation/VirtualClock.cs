namespace Vmsim.Core.Simulation;

/// <summary>Virtual time: the number of memory accesses made so far. The policies' notion of "now".</summary>
public sealed class VirtualClock
{
    /// <summary>Accesses made so far.</summary>
    public long Now { get; internal set; }
}
