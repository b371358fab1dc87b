namespace Vmsim.Core.Replacement;

/// <summary>A replacement policy as the catalog lists it.</summary>
/// <param name="Name">The name used on the command line and in scenarios.</param>
/// <param name="Description">One line on what it does.</param>
/// <param name="Parameters">The <see cref="PolicyOptions"/> it reads, described in words, or empty.</param>
/// <param name="Source">Where the policy comes from (paper or book).</param>
/// <param name="Create">Makes a new instance with the given options.</param>
public sealed record PolicyInfo(
    string Name,
    string Description,
    string Parameters,
    string Source,
    Func<PolicyOptions, IReplacementPolicy> Create)
{
    /// <summary>Its tunable parameters (set through <see cref="PolicyOptions.Parameters"/>), or none.</summary>
    public IReadOnlyList<PolicyParameter> Tunables { get; init; } = [];

    /// <summary>
    /// The machine's settings it reads, by their command-line and scenario names
    /// (<c>clock-insert</c>, <c>aging-bits</c>, <c>window</c>, <c>seed</c>, and <c>tick</c> for
    /// a policy that samples at the kernel's ticks), or none. A run of policies that read
    /// none of a setting is not changed by it.
    /// </summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>True when it reads the machine setting <paramref name="setting"/> (see <see cref="Settings"/>).</summary>
    public bool Reads(string setting) => Settings.Contains(setting);

    /// <summary>Other names textbooks give it (<c>optimal</c> and <c>min</c> for <c>opt</c>), accepted wherever its name is.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
