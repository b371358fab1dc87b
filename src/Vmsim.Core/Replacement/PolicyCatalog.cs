namespace Vmsim.Core.Replacement;

/// <summary>
/// Every replacement policy vmsim has, by name: the one place where a name from the
/// command line or a scenario becomes a policy instance.
/// </summary>
public static class PolicyCatalog
{
    /// <summary>All policies, in the order they are listed to users.</summary>
    public static IReadOnlyList<PolicyInfo> All { get; } =
    [
        new("fifo", "First-in, first-out: evicts the page resident longest.", "", "Belady, Nelson and Shedler, CACM 1969", _ => new Fifo()),
        new("lru", "Least recently used: evicts the page whose last access is oldest (sees every access).", "",
            "Mattson, Gecsei, Slutz and Traiger, IBM Systems Journal 1970", _ => new Lru()),
        new("opt", "Belady's optimal: evicts the page next used furthest in the future (needs the future).", "",
            "Belady, IBM Systems Journal 1966", _ => new Opt()),
        new("random", "Evicts a resident page chosen uniformly at random.", "seed: the seed of the random choices",
            "Belady, IBM Systems Journal 1966", o => new RandomPolicy(o.Seed)),
        new("clock", "Second chance: a hand sweeps the frames, clearing accessed bits, and evicts the first page found unaccessed.",
            "clock-insert: hot (a new page keeps the accessed bit of its faulting access) or cold (it starts clear)",
            "Corbató, MIT Project MAC 1968; Silberschatz, Operating System Concepts", o => new Clock(o.ClockInsert)),
        new("nru", "Enhanced second chance: evicts from the lowest class of (accessed, dirty), preferring clean pages.", "",
            "Silberschatz, Operating System Concepts; Tanenbaum, Modern Operating Systems", _ => new Nru()),
        new("aging", "Aging: per-frame counters shifted right each tick with the accessed bit on top; evicts the smallest.",
            "aging-bits: bits in each counter (default 8); the tick interval is the kernel's",
            "Tanenbaum, Modern Operating Systems", o => new Aging(o.AgingBits)),
        new("lfu", "Least frequently used: evicts the page with the fewest accesses since it was loaded, ties by LRU (sees every access).", "",
            "Coffman and Denning, Operating Systems Theory 1973", _ => new Lfu()),
        new("wsclock", "WSClock: a clock sweep that evicts clean pages older than the window and schedules write-backs of dirty ones.",
            "window: the working-set window tau, in accesses (default 1000)",
            "Carr and Hennessy, SOSP 1981", o => new WsClock(o.WorkingSetWindow)),
        new("ws", "Working set: evicts the least recently used page, so pages outside the window go first (sees every access).",
            "window: the working-set window tau, in accesses (default 1000)",
            "Denning, CACM 1968", o => new WorkingSet(o.WorkingSetWindow)),
    ];

    /// <summary>The policy of that name (case-insensitive), or null.</summary>
    public static PolicyInfo? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates the named policy, or throws <see cref="ArgumentException"/> naming the known ones.</summary>
    public static IReplacementPolicy Create(string name, PolicyOptions? options = null)
    {
        var info = Find(name) ?? throw new ArgumentException(
            $"unknown policy '{name}'; known policies: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));
        return info.Create(options ?? new PolicyOptions());
    }
}
