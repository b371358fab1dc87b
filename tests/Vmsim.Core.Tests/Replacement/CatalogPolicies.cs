using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// The policies a test runs over, taken from <see cref="PolicyCatalog.All"/> rather than
/// written out, so that a policy added to the catalog is in each that fits it.
/// </summary>
internal static class CatalogPolicies
{
    /// <summary>Every policy in the catalog.</summary>
    public static TheoryData<string> All() => [.. PolicyCatalog.All.Select(p => p.Name)];

    /// <summary>
    /// The policies that remember pages after evicting them (<see cref="IGhostKeeper"/>), which
    /// the invariant checker holds to forgetting an ended process's private pages.
    /// </summary>
    public static TheoryData<string> GhostKeeping() =>
        [.. PolicyCatalog.All.Where(p => p.Create(new PolicyOptions()) is IGhostKeeper).Select(p => p.Name)];
}
