namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>The rule a model is told for which pages cannot be evicted, when it is told one.</summary>
internal static class Evictability
{
    /// <summary>Whether <paramref name="rule"/> lets <paramref name="page"/> be evicted: every page may go when there is no rule.</summary>
    public static bool Allows(this Func<int, bool>? rule, int page) => rule?.Invoke(page) ?? true;
}
