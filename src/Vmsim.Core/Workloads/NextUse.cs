namespace Vmsim.Core.Workloads;

/// <summary>
/// The future, for Belady's OPT: for each access of a sequence, the index of the next
/// access to the same page by the same address space. Computed in one backward pass.
/// </summary>
public static class NextUse
{
    /// <summary>
    /// Returns, for each position i of <paramref name="keys"/>, the next position j &gt; i with
    /// the same key, or <see cref="Replacement.AccessContext.Never"/>.
    /// </summary>
    public static long[] Compute<TKey>(IReadOnlyList<TKey> keys)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keys);
        var next = new long[keys.Count];
        var seen = new Dictionary<TKey, long>();
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            next[i] = seen.TryGetValue(keys[i], out var later) ? later : Replacement.AccessContext.Never;
            seen[keys[i]] = i;
        }

        return next;
    }
}
