namespace Vmsim.Core.Replacement;

/// <summary>The tunable parameters of the replacement policies; each policy reads the ones it has.</summary>
public sealed record PolicyOptions
{
    /// <summary>Where CLOCK puts a newly loaded page's reference bit.</summary>
    public ClockInsert ClockInsert { get; init; } = ClockInsert.Hot;

    /// <summary>Bits of each Aging counter.</summary>
    public int AgingBits { get; init; } = 8;

    /// <summary>The working-set window tau, in accesses (WS and WSClock).</summary>
    public long WorkingSetWindow { get; init; } = 1000;

    /// <summary>The seed of the Random policy.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Values of the policies' tunable parameters, by name (see <see cref="PolicyInfo.Tunables"/>);
    /// a policy takes the ones it declares and its defaults for the rest, and ignores the
    /// others, so that one set can serve a sweep over several policies
    /// (<see cref="PolicyCatalog.CheckParameters"/> tells which names no policy declares).
    /// </summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();
}

/// <summary>The reference bit a newly loaded page starts with under CLOCK.</summary>
public enum ClockInsert
{
    /// <summary>
    /// Set, as the hardware leaves it: the retried access that follows the fault sets the
    /// accessed bit of the page just loaded (the operating-systems textbook behaviour).
    /// </summary>
    Hot,

    /// <summary>
    /// Clear: the load itself does not count as a reference, the convention of cache
    /// simulators (a page gains its bit only when hit).
    /// </summary>
    Cold,
}
