namespace Vmsim.Core.Simulation;

/// <summary>Whose pages reclaim may take.</summary>
public enum ReplacementScope
{
    /// <summary>Any process's: a fault may evict a page of another, dormant process.</summary>
    Global,

    /// <summary>The faulting process's own, within its frame quota.</summary>
    Local,
}
