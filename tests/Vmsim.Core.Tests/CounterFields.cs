using System.Reflection;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests;

/// <summary>Every count a <see cref="Counters"/> holds, found by reflection, so that a comparison of two machines misses none.</summary>
internal static class CounterFields
{
    /// <summary>The counts' fields (every public <see cref="long"/> field).</summary>
    public static FieldInfo[] All { get; } =
        [.. typeof(Counters).GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(long))];

    /// <summary>Each count by its field's name.</summary>
    public static Dictionary<string, long> Of(Counters counters) =>
        All.ToDictionary(f => f.Name, f => (long)f.GetValue(counters)!);
}
