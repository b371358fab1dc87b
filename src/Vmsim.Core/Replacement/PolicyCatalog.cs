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
        new("arc", "Adaptive replacement cache: LRU lists of pages seen once (T1) and twice (T2), ghosts of their evictions steering T1's target size p (sees every access).",
            "none; p adapts from 0", "Megiddo and Modha, FAST 2003", _ => new Arc()),
        new("car", "Clock with adaptive replacement: ARC's lists run as two clocks on the accessed bits, with ghost lists steering T1's target size p.",
            "none; p adapts from 0", "Bansal and Modha, FAST 2004", _ => new Car()),
        new("2q", "Full 2Q: new pages pass through a FIFO (A1in); pages refaulted while remembered in A1out join an LRU list (Am) (sees every access).",
            "Kin 25% of the frames, Kout 50%", "Johnson and Shasha, VLDB 1994", _ => new TwoQueue()),
        new("lirs", "Low inter-reference recency set: pages reused at short distance (LIR) stay; a few frames hold the others (HIR), the first to go (sees every access).",
            "resident HIR pages 1% of the frames; non-resident HIR entries up to the frame count", "Jiang and Zhang, SIGMETRICS 2002", _ => new Lirs()),
        new("clock-pro", "LIRS on a clock: hot and cold pages and non-resident cold pages in test on one ring with three hands, driven by the accessed bits.",
            "cold target adapts between 1% and 99% of the frames", "Jiang, Chen and Zhang, USENIX ATC 2005", _ => new ClockPro()),
        new("sieve", "SIEVE: a FIFO queue with a visited bit (the accessed bit) and a hand that evicts unvisited pages and leaves visited ones in place.",
            "", "Zhang, Yang, Yue, Vigfusson and Rashmi, NSDI 2024", _ => new Sieve()),
        new("s3-fifo", "S3-FIFO: a small FIFO filters pages used once, a main FIFO with 2-bit counters keeps reused ones, a ghost FIFO readmits (sees every access).",
            "small queue 10% of the frames, ghosts as many as the main queue, counters capped at 3", "Yang, Zhang, Qiu, Yue and Vinayak, SOSP 2023", _ => new S3Fifo()),
        new("slru", "Segmented LRU: new pages are probationary, a hit protects them; the least recent probationary page goes first (sees every access).",
            "protected segment 80% of the frames", "Karedla, Love and Wherry, IEEE Computer 1994", _ => new Slru()),
        new("lru-k", "LRU-K: evicts the page whose K-th most recent reference is oldest, pages with fewer than K references first (sees every access).",
            "K = 2, correlated reference period 0, history kept for as many evicted pages as frames", "O'Neil, O'Neil and Weikum, SIGMOD 1993", _ => new LruK()),
        new("mru", "Most recently used: evicts the page used last, the right bet for loops larger than memory (sees every access).", "",
            "Chou and DeWitt, VLDB 1985", _ => new Mru()),
        new("linux", "Linux's active and inactive lists, driven by the accessed bits: a page seen used in two scans is activated; refaults within the workingset go straight to active.",
            "inactive ratio 1; shadow entries for as many pages as frames", "Linux mm/vmscan.c and mm/workingset.c", _ => new LinuxTwoList()),
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
