using System.Globalization;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A policy with settings of its own, so that one sweep can compare a policy with itself:
/// <c>2q:kin=0.1</c>, <c>clock:clock-insert=cold</c>, <c>s3-fifo:small=0.2</c>. A variant is
/// written as the policy's name, then each setting after a colon: the policy's tunable
/// parameters (<see cref="PolicyInfo.Tunables"/>) and the options it reads
/// (<c>clock-insert</c> for clock, <c>aging-bits</c> for aging, <c>window</c> for ws and
/// wsclock, <c>seed</c> for random). Settings not given keep the run's.
/// <para>
/// The label names every setting the policy reads that was given, in the item or for the
/// whole run, even at its default's value (<c>--clock-insert hot</c> gives
/// <c>clock:clock-insert=hot</c>): <c>clock</c> in a run given <c>--clock-insert cold</c> is labelled
/// <c>clock:clock-insert=cold</c>, as the item <c>clock:clock-insert=cold</c> is, and runs the same; a
/// setting the policy does not read never appears in its label.
/// </para>
/// </summary>
/// <param name="Label">What results call it: the policy's name, then each setting it reads that the variant or the run gave, in name order (<c>2q:kin=0.1</c>).</param>
/// <param name="Policy">The policy's name in the catalog.</param>
/// <param name="Options">The options the variant runs with.</param>
public sealed record PolicyVariant(string Label, string Policy, PolicyOptions Options)
{
    /// <summary>
    /// Reads <paramref name="text"/> (a policy's name or alias, with settings after colons) over
    /// <paramref name="options"/>, the run's own. <paramref name="given"/> names the run's
    /// settings that were given rather than left at their defaults (<c>clock-insert</c>,
    /// <c>aging-bits</c>, <c>window</c>, <c>seed</c>, or a tunable such as <c>kin</c>): each that
    /// the policy reads and the variant does not set itself goes into the label with the run's
    /// value, so that a result says what it was run with.
    /// </summary>
    /// <exception cref="FormatException">An unknown policy, a setting it does not have, or a value out of range; the message says which.</exception>
    public static PolicyVariant Parse(string text, PolicyOptions options, IEnumerable<string>? given = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        var info = PolicyCatalog.Find(parts[0]) ?? throw new FormatException(PolicyCatalog.Unknown(parts[0]));
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, double>(options.Parameters, StringComparer.Ordinal);
        foreach (var setting in parts.Skip(1))
        {
            var pair = setting.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0)
            {
                throw new FormatException($"{info.Name}: expected a setting NAME=VALUE after ':' (2q:kin=0.1), found '{setting}'");
            }

            var name = pair[0].ToLowerInvariant();
            if (settings.ContainsKey(name))
            {
                throw new FormatException($"{info.Name}: {name} is set twice");
            }

            (options, settings[name]) = Apply(info, name, pair[1], options, parameters);
        }

        // Then the settings given for the whole run that the policy reads, where the variant gave
        // none of its own (options holds the run's value for every setting the variant left alone).
        foreach (var name in given ?? [])
        {
            if (!settings.ContainsKey(name) && Value(info, name, options) is { } value)
            {
                settings[name] = value;
            }
        }

        // The settings in name order, so that one variant has one label however it was written.
        var label = string.Concat(settings.Select(s => $":{s.Key}={s.Value}").Prepend(info.Name));
        return new PolicyVariant(label, info.Name, options with { Parameters = parameters });
    }

    /// <summary>The policy <paramref name="policy"/> as it is, with the run's <paramref name="options"/>, labelled by its name.</summary>
    public static PolicyVariant Plain(string policy, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyVariant(policy, policy, options);
    }

    // One setting of the variant, over options (a tunable goes into parameters); returns the
    // options and the value as the label shows it.
    private static (PolicyOptions Options, string Value) Apply(PolicyInfo info, string name, string text, PolicyOptions options, Dictionary<string, double> parameters)
    {
        if (VariantSettings(info).Contains(name))
        {
            switch (name)
            {
                case PolicySetting.ClockInsert:
                    var insert = text.ToLowerInvariant() switch
                    {
                        "hot" => ClockInsert.Hot,
                        "cold" => ClockInsert.Cold,
                        _ => throw new FormatException($"{info.Name}: clock-insert is hot or cold, found '{text}'"),
                    };
                    options = options with { ClockInsert = insert };
                    break;
                case PolicySetting.AgingBits:
                    options = options with { AgingBits = (int)WholeNumber(info, name, text, 1, 32) };
                    break;
                case PolicySetting.Window:
                    options = options with { WorkingSetWindow = WholeNumber(info, name, text, 1, int.MaxValue) };
                    break;
                case PolicySetting.Seed:
                    options = options with { Seed = (int)WholeNumber(info, name, text, int.MinValue, int.MaxValue) };
                    break;
                default:
                    throw new InvalidOperationException($"{name} is a variant's setting that no case reads");
            }

            return (options, Written(name, options));
        }

        if (info.Reads(name))
        {
            // Read by the policy, but one value for the whole machine (the tick).
            throw new FormatException($"{info.Name}: {name} is the machine's, one for the whole run, not a variant's: give it with --{name}");
        }

        var tunable = info.Tunables.FirstOrDefault(t => t.Name == name)
            ?? throw new FormatException($"{info.Name} has no setting '{name}'; {Settings(info)}");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new FormatException($"{info.Name}: {name} takes a number, found '{text}'");
        }

        if (tunable.Problem(number) is { } problem)
        {
            throw new FormatException($"{info.Name}: {name} {problem}");
        }

        parameters[name] = number;
        return (options, number.ToString(CultureInfo.InvariantCulture));
    }

    // The value in options of a setting the policy reads, as a label writes it (the form Apply
    // returns); null when the policy does not read it, or a tunable has no value there.
    private static string? Value(PolicyInfo info, string name, PolicyOptions options)
    {
        if (VariantSettings(info).Contains(name))
        {
            return Written(name, options);
        }

        return info.Tunables.Any(t => t.Name == name) && options.Parameters.TryGetValue(name, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    // A variant's setting in options, as a label writes it: one form whether it was given in the
    // item or for the whole run.
    private static string Written(string name, PolicyOptions options) => name switch
    {
        PolicySetting.ClockInsert => options.ClockInsert == ClockInsert.Cold ? "cold" : "hot",
        PolicySetting.AgingBits => Invariant(options.AgingBits),
        PolicySetting.Window => Invariant(options.WorkingSetWindow),
        PolicySetting.Seed => Invariant(options.Seed),
        _ => throw new InvalidOperationException($"{name} is a variant's setting that no label writes"),
    };

    private static long WholeNumber(PolicyInfo info, string name, string text, long min, long max) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{info.Name}: {name} takes a whole number from {Invariant(min)} to {Invariant(max)}, found '{text}'");

    // The settings of a policy that a variant may give: those it reads among the policy
    // options (the tick is the kernel's, one for the whole run).
    private static IEnumerable<string> VariantSettings(PolicyInfo info) =>
        info.Settings.Where(PolicySetting.PerVariant.Contains);

    // The settings a policy has, in words, for an error.
    private static string Settings(PolicyInfo info)
    {
        var all = VariantSettings(info).Concat(info.Tunables.Select(t => t.Name)).ToList();
        return all.Count == 0 ? "it has no settings" : $"it has {string.Join(", ", all)}";
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
