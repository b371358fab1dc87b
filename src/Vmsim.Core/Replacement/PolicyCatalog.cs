namespace Vmsim.Core.Replacement;

/// <summary>
/// Every replacement policy vmsim has, by name: the one place where a name from the
/// command line or a scenario becomes a policy instance.
/// </summary>
public static class PolicyCatalog
{
    // The research policies' tunable parameters, with their papers' values as defaults.
    private static readonly PolicyParameter Kin = new("kin", "2Q's A1in, the FIFO of new pages, as a share of the frames", 0.25, 0.01, 0.99);
    private static readonly PolicyParameter Kout = new("kout", "2Q's A1out, the ghosts of pages evicted from A1in, as a share of the frames", 0.5, 0.01, 4);
    private static readonly PolicyParameter Swappiness = new("swappiness", "Linux's share of reclaim pressure on anonymous pages at equal cost, out of 200 (0: file pages while there are any)", 60, 0, 200, WholeNumber: true, AnonymousAgainstFile: true);
    private static readonly PolicyParameter HirShare = new("hir", "LIRS's frames for resident HIR pages, as a share of the frames", 0.01, 0.001, 0.5);
    private static readonly PolicyParameter MinCold = new("min-cold", "CLOCK-Pro's least cold-page target, as a share of the frames", 0.01, 0.001, 0.5);
    private static readonly PolicyParameter SmallShare = new("small", "S3-FIFO's small queue, as a share of the frames", 0.1, 0.01, 0.9);
    private static readonly PolicyParameter ProtectedShare = new("protected", "SLRU's protected segment, as a share of the frames", 0.8, 0.01, 0.99);
    private static readonly PolicyParameter K = new("k", "LRU-K's K: the reference whose age decides", 2, 1, 8, WholeNumber: true);
    private static readonly PolicyParameter LruWindow = new("lru-window", "W-TinyLFU's LRU window in front of the admission filter, as a share of the frames", 0.01, 0.001, 0.99);
    private static readonly PolicyParameter Crp = new("crp", "LRU-K's correlated reference period, in accesses", 0, 0, 1e9, WholeNumber: true);

    /// <summary>All policies, in the order they are listed to users.</summary>
    public static IReadOnlyList<PolicyInfo> All { get; } =
    [
        new("fifo", "First-in, first-out: evicts the page resident longest.", "", "Belady, Nelson and Shedler, CACM 1969", _ => new Fifo()),
        new("lru", "Least recently used: evicts the page whose last access is oldest (sees every access).", "",
            "Mattson, Gecsei, Slutz and Traiger, IBM Systems Journal 1970", _ => new Lru()),
        new("opt", "Belady's optimal: evicts the page next used furthest in the future (needs the future).", "",
            "Belady, IBM Systems Journal 1966", _ => new Opt()) { Aliases = ["optimal", "min", "belady"] },
        new("random", "Evicts a resident page chosen uniformly at random.", "seed: the seed of the random choices",
            "Belady, IBM Systems Journal 1966", o => new RandomPolicy(o.Seed)) { Settings = [PolicySetting.Seed] },
        new("clock", "Second chance: a hand sweeps the frames, clearing accessed bits, and evicts the first page found unaccessed.",
            "clock-insert: hot (a new page keeps the accessed bit of its faulting access) or cold (it starts clear)",
            "Corbató, MIT Project MAC 1968; Silberschatz, Operating System Concepts", o => new Clock(o.ClockInsert)) { Aliases = ["second-chance"], Settings = [PolicySetting.ClockInsert] },
        new("nru", "Enhanced second chance (Silberschatz, Stallings): a clock sweep evicts the first page of the lowest class of (accessed, dirty), clean before dirty, clearing accessed bits as it passes. Not Tanenbaum's NRU, which picks at random within the lowest class and clears the bits at clock ticks.", "",
            "Silberschatz, Operating System Concepts; Stallings, Operating Systems; Tanenbaum, Modern Operating Systems (the classes)", _ => new Nru()) { Aliases = ["enhanced-second-chance", "not-recently-used"] },
        new("aging", "Aging: per-frame counters shifted right each tick with the accessed bit on top; evicts the page whose counter the next tick would leave smallest, so accesses since the last tick count.",
            "aging-bits: bits in each counter (default 8); the tick interval is the kernel's",
            "Tanenbaum, Modern Operating Systems", o => new Aging(o.AgingBits)) { Settings = [PolicySetting.AgingBits, PolicySetting.Tick] },
        new("lfu", "Least frequently used: evicts the page with the fewest accesses since it was loaded, ties by LRU (sees every access).", "",
            "Coffman and Denning, Operating Systems Theory 1973", _ => new Lfu()),
        new("wsclock", "WSClock: a clock sweep that evicts clean pages older than the window and schedules write-backs of dirty ones.",
            "window: the working-set window tau, in accesses (default 1000)",
            "Carr and Hennessy, SOSP 1981", o => new WsClock(o.WorkingSetWindow)) { Settings = [PolicySetting.Window] },
        new("ws", "Denning's working set: a page leaves memory as soon as it leaves its process's working set, the pages of its last tau references; when the working sets do not fit, a page in no working set goes first, then the faulting process's page that leaves its working set with this reference, then the least recently used (sees every access).",
            "window: the working-set window tau, in each process's own references (default 1000)",
            "Denning, CACM 1968", o => new WorkingSet(o.WorkingSetWindow)) { Aliases = ["working-set"], Settings = [PolicySetting.Window] },
        new("arc", "Adaptive replacement cache: LRU lists of pages seen once (T1) and twice (T2), ghosts of their evictions steering T1's target size p (sees every access).",
            "none; p adapts from 0", "Megiddo and Modha, FAST 2003", _ => new Arc()),
        new("car", "Clock with adaptive replacement: ARC's lists run as two clocks on the accessed bits, with ghost lists steering T1's target size p.",
            "none; p adapts from 0", "Bansal and Modha, FAST 2004", _ => new Car()),
        new("2q", "Full 2Q: new pages pass through a FIFO (A1in); pages refaulted while remembered in A1out join an LRU list (Am) (sees every access).",
            "Kin 25% of the frames, Kout 50%", "Johnson and Shasha, VLDB 1994", o => new TwoQueue(Value(o, Kin), Value(o, Kout))) { Tunables = [Kin, Kout] },
        new("lirs", "Low inter-reference recency set: pages reused at short distance (LIR) stay; a few frames hold the others (HIR), the first to go (sees every access).",
            "resident HIR pages 1% of the frames; non-resident HIR entries up to the frame count", "Jiang and Zhang, SIGMETRICS 2002", o => new Lirs(Value(o, HirShare))) { Tunables = [HirShare] },
        new("clock-pro", "LIRS on a clock: hot and cold pages and non-resident cold pages in test on one ring with three hands, driven by the accessed bits.",
            "cold target adapts between 1% and 99% of the frames", "Jiang, Chen and Zhang, USENIX ATC 2005", o => new ClockPro(Value(o, MinCold))) { Tunables = [MinCold] },
        new("sieve", "SIEVE: a FIFO queue with a visited bit (the accessed bit) and a hand that evicts unvisited pages and leaves visited ones in place.",
            "", "Zhang, Yang, Yue, Vigfusson and Rashmi, NSDI 2024", _ => new Sieve()),
        new("s3-fifo", "S3-FIFO: a small FIFO filters pages used once, a main FIFO with 2-bit counters keeps reused ones, a ghost FIFO readmits (sees every access).",
            "small queue 10% of the frames, ghosts as many as the main queue, counters capped at 3", "Yang, Zhang, Qiu, Yue and Vinayak, SOSP 2023", o => new S3Fifo(Value(o, SmallShare))) { Tunables = [SmallShare] },
        new("slru", "Segmented LRU: new pages are probationary, a hit protects them; the least recent probationary page goes first (sees every access).",
            "protected segment 80% of the frames", "Karedla, Love and Wherry, IEEE Computer 1994", o => new Slru(Value(o, ProtectedShare))) { Tunables = [ProtectedShare] },
        new("lru-k", "LRU-K: evicts the page whose K-th most recent reference is oldest, pages with fewer than K references first (sees every access).",
            "K = 2, correlated reference period 0, history kept for as many evicted pages as frames", "O'Neil, O'Neil and Weikum, SIGMOD 1993", o => new LruK((int)Value(o, K), (long)Value(o, Crp))) { Tunables = [K, Crp] },
        new("mru", "Most recently used: evicts the page used last, the right bet for loops larger than memory (sees every access).", "",
            "Chou and DeWitt, VLDB 1985", _ => new Mru()),
        new("w-tinylfu", "W-TinyLFU: a small LRU window, then segmented LRU behind TinyLFU's admission filter: the page leaving the window displaces the main region's victim only if a frequency sketch says it is used more (sees every access).",
            "window 1% of the frames, main region 80% protected; sketch of 4-bit counters halved after 10 × frames accesses and then every 5 × frames (a reset halves the count of accesses too), with a doorkeeper", "Einziger, Friedman and Manes, ACM Transactions on Storage 2017", o => new WTinyLfu(Value(o, LruWindow))) { Tunables = [LruWindow] },
        new("linux", "Linux's split LRU: active and inactive lists for anonymous and for file pages, driven by the accessed bits; a page seen used in two scans, or young in two page-table entries at once, is activated, a refault within the workingset goes straight to active, and swappiness balances reclaim between the kinds.",
            "swappiness 60, inactive ratio 1; shadow entries for as many pages as frames", "Linux mm/vmscan.c, mm/swap.c and mm/workingset.c", o => new LinuxTwoList((int)Value(o, Swappiness))) { Tunables = [Swappiness] },
    ];

    /// <summary>
    /// The policy of that name or of one of its aliases, or null. Case, hyphens, underscores
    /// and spaces do not matter, so <c>S3FIFO</c>, <c>clock_pro</c>, <c>LRU-K</c> and
    /// <c>Second Chance</c> name policies too.
    /// </summary>
    public static PolicyInfo? Find(string name)
    {
        if (name is null)
        {
            return null;
        }

        var key = Spelling.Key(name);
        return All.FirstOrDefault(p => Spelling.Key(p.Name) == key || p.Aliases.Any(a => Spelling.Key(a) == key));
    }

    /// <summary>
    /// The policies that read the machine setting <paramref name="setting"/>, in catalog
    /// order: for a message saying where a setting applies.
    /// </summary>
    public static IReadOnlyList<string> Readers(string setting) => [.. All.Where(p => p.Reads(setting)).Select(p => p.Name)];

    /// <summary>
    /// Says that no policy is called <paramref name="name"/>, suggesting the nearest names
    /// when a slip explains it, and listing every policy.
    /// </summary>
    public static string Unknown(string name) =>
        $"unknown policy '{name}'{Spelling.Suggestion(name, All.SelectMany(p => p.Aliases.Prepend(p.Name)))}; known policies: {string.Join(", ", All.Select(p => p.Name))}";

    /// <summary>
    /// Creates the named policy, or throws <see cref="ArgumentException"/> naming the known
    /// ones, or saying which of its parameters has a value out of range.
    /// </summary>
    public static IReplacementPolicy Create(string name, PolicyOptions? options = null)
    {
        var info = Find(name) ?? throw new ArgumentException(Unknown(name), nameof(name));
        options ??= new PolicyOptions();
        foreach (var tunable in info.Tunables)
        {
            if (options.Parameters.TryGetValue(tunable.Name, out var value) && tunable.Problem(value) is { } problem)
            {
                throw new ArgumentException($"parameter {tunable.Name} of {info.Name}: {problem}", nameof(options));
            }
        }

        return info.Create(options);
    }

    /// <summary>
    /// What is wrong with <paramref name="parameters"/> for a run of <paramref name="policies"/>:
    /// a name none of them declares, or a value out of range for one that does; null when
    /// nothing is.
    /// </summary>
    public static string? CheckParameters(IEnumerable<string> policies, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(parameters);
        var infos = policies.Select(Find).OfType<PolicyInfo>().ToList();
        foreach (var (name, value) in parameters)
        {
            var owners = infos.Where(i => i.Tunables.Any(t => t.Name == name)).ToList();
            if (owners.Count == 0)
            {
                return NoParameter(name, infos);
            }

            foreach (var owner in owners)
            {
                if (owner.Tunables.First(t => t.Name == name).Problem(value) is { } problem)
                {
                    return $"parameter {name} of {owner.Name}: {problem}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Says that none of <paramref name="policies"/> has a parameter <paramref name="name"/>,
    /// suggesting the nearest when a slip explains it, and listing the ones they have.
    /// </summary>
    public static string NoParameter(string name, IReadOnlyList<PolicyInfo> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var one = policies.Count == 1;
        var known = policies.SelectMany(i => i.Tunables.Select(t => one ? t.Name : $"{t.Name} ({i.Name})")).ToList();
        var suggestion = Spelling.Suggestion(name, policies.SelectMany(i => i.Tunables.Select(t => t.Name)).Distinct());
        return $"no parameter '{name}' for {string.Join(", ", policies.Select(i => i.Name))}{suggestion}; " +
            (known.Count == 0 ? (one ? "it has none" : "they have none") : $"{(one ? "its" : "their")} parameters: {string.Join(", ", known)}");
    }

    /// <summary>
    /// Reads parameters written <c>NAME=VALUE</c> (<c>kin=0.3</c>): one an item, names in any
    /// case. Returns them by name, or null with <paramref name="problem"/> saying which item is
    /// not of that form or which name is given twice.
    /// </summary>
    public static Dictionary<string, double>? ParseParameters(IEnumerable<string> items, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(items);
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0
                || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value))
            {
                problem = $"expected NAME=VALUE with a number for VALUE (kin=0.3), found '{item}'";
                return null;
            }

            if (!parameters.TryAdd(parts[0].ToLowerInvariant(), value))
            {
                problem = $"{parts[0]} is given twice";
                return null;
            }
        }

        problem = null;
        return parameters;
    }

    private static double Value(PolicyOptions options, PolicyParameter parameter) =>
        options.Parameters.TryGetValue(parameter.Name, out var value) ? value : parameter.Default;
}
