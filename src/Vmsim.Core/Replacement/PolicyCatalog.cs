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
