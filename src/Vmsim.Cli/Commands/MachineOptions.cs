using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// The options that shape the simulated machine, shared by <c>refs</c>, <c>run</c> and
/// <c>demo</c>. Each one given on the command line overrides the machine it is applied
/// to (the defaults, or a scenario's own); the ones not given leave it alone. Values are
/// read as text and checked here, so that every bad value gets the same kind of message:
/// the option, what was expected, what was found.
/// </summary>
internal sealed partial class MachineOptions
{
    /// <summary>The most frames a machine may have (as in scenarios).</summary>
    public const int MaxFrames = 1 << 26;

    /// <summary>The most frame counts <c>refs --compare</c> runs.</summary>
    public const int MaxCompareCounts = 4096;

    /// <summary>Creates the options.</summary>
    public MachineOptions()
    {
        All =
        [
            Frames, Policy, Swap, PageSize, Geometry, TlbEntries, TlbWays, TlbFlushOnSwitch,
            Scope, Tick, ClockInsert, AgingBits, Window, Seed, Param, CheckInvariants,
        ];
    }

    /// <summary>--frames: physical frames; each verb that takes more (refs, sweep, mrc, replay) says so in its own description.</summary>
    public Option<string> Frames { get; } = new("--frames")
    {
        Description = "Physical frames (N; the scenario's own by default)",
        HelpName = "N",
    };

    /// <summary>--policy: the replacement policy.</summary>
    public Option<string> Policy { get; } = new("--policy")
    {
        Description = "Replacement policy: " + string.Join(", ", PolicyCatalog.All.Select(p => p.Name)) + " (see 'vmsim policies')",
        HelpName = "name",
    };

    /// <summary>--swap: swap slots.</summary>
    public Option<string> Swap { get; } = new("--swap")
    {
        Description = "Slots on the swap device (0: no swap)",
        HelpName = "slots",
    };

    /// <summary>--page-size: bytes per page.</summary>
    public Option<string> PageSize { get; } = new("--page-size")
    {
        Description = "Bytes per page, a power of two from 256 to 1G (4096, 4K, 2M)",
        HelpName = "bytes",
    };

    /// <summary>--geometry: the page-table preset.</summary>
    public Option<string> Geometry { get; } = new("--geometry")
    {
        Description = "Page-table shape: " + string.Join(", ", PageGeometry.PresetNames),
        HelpName = "preset",
    };

    /// <summary>--tlb-entries: TLB size.</summary>
    public Option<string> TlbEntries { get; } = new("--tlb-entries")
    {
        Description = "TLB entries (0: no TLB)",
        HelpName = "N",
    };

    /// <summary>--tlb-ways: TLB associativity.</summary>
    public Option<string> TlbWays { get; } = new("--tlb-ways")
    {
        Description = "TLB entries per set (associativity)",
        HelpName = "N",
    };

    /// <summary>--tlb-flush-on-switch: no ASID tags.</summary>
    public Option<bool> TlbFlushOnSwitch { get; } = new("--tlb-flush-on-switch")
    {
        Description = "Flush the TLB on every context switch (entries are not tagged by ASID)",
    };

    /// <summary>--scope: global or local replacement.</summary>
    public Option<string> Scope { get; } = new("--scope")
    {
        Description = "Replacement scope: global (any process's pages) or local (the faulting process's own)",
        HelpName = "global|local",
    };

    /// <summary>--tick: accesses between policy ticks.</summary>
    public Option<string> Tick { get; } = new("--tick")
    {
        Description = "Accesses between two policy ticks (aging)",
        HelpName = "accesses",
    };

    /// <summary>--clock-insert: CLOCK's reference bit for new pages.</summary>
    public Option<string> ClockInsert { get; } = new("--clock-insert")
    {
        Description = "clock: a new page starts with its reference bit set (hot) or clear (cold)",
        HelpName = "hot|cold",
    };

    /// <summary>--aging-bits: bits of each aging counter.</summary>
    public Option<string> AgingBits { get; } = new("--aging-bits")
    {
        Description = "aging: bits in each counter (1 to 32)",
        HelpName = "bits",
    };

    /// <summary>--window: the working-set window.</summary>
    public Option<string> Window { get; } = new("--window")
    {
        Description = "ws, wsclock: the working-set window tau, for ws in each process's own references, for wsclock in accesses",
        HelpName = "tau",
    };

    /// <summary>--seed: the random policy's seed.</summary>
    public Option<string> Seed { get; } = new("--seed")
    {
        Description = "random: the seed of its choices",
        HelpName = "N",
    };

    /// <summary>--param: a research policy's tunable parameter, NAME=VALUE, repeatable.</summary>
    public Option<string[]> Param { get; } = new("--param")
    {
        Description = "A policy's tunable parameter, NAME=VALUE (kin=0.3, k=3; repeatable; see 'vmsim policies')",
        HelpName = "name=value",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>--check-invariants: the kernel's invariant checker after every step.</summary>
    public Option<bool> CheckInvariants { get; } = new("--check-invariants")
    {
        Description = "Check every kernel invariant after each step (slow)",
    };

    /// <summary>Every option, in the order help lists them.</summary>
    public IReadOnlyList<Option> All { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when <paramref name="option"/> was given on the command line.</summary>
    public static bool Given(ParseResult parsed, Option option)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetResult(option) is { Implicit: false };
    }

    /// <summary>
    /// <paramref name="baseConfig"/> with every option given applied. <c>--frames</c> must
    /// be a single number here; verbs that take a range read it with <see cref="FrameCounts"/>
    /// and apply the count themselves.
    /// </summary>
    /// <param name="parsed">The command line.</param>
    /// <param name="baseConfig">The machine to change.</param>
    /// <param name="framesHandledByCaller">True when the command reads --frames itself (a list or range).</param>
    /// <param name="policies">The policies the run compares, when not the machine's one: --param names must belong to one of them.</param>
    public MachineConfig Apply(ParseResult parsed, MachineConfig baseConfig, bool framesHandledByCaller = false, IReadOnlyList<string>? policies = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(baseConfig);
        var config = baseConfig;
        if (!framesHandledByCaller && parsed.GetValue(Frames) is { } framesText)
        {
            config = config with { Frames = FrameCount(framesText.Trim(), parsed.CommandResult.Command.Name) };
        }

        if (parsed.GetValue(Policy) is { } policy)
        {
            config = config with { Policy = PolicyName(policy, "--policy") };
        }

        if (Integer(parsed, Swap, 0, 1 << 28, "a number of swap slots") is { } swap)
        {
            config = config with { SwapSlots = swap };
        }

        config = config with { Geometry = GeometryOf(parsed, config.Geometry) };
        config = ApplyTlb(parsed, config);
        if (parsed.GetValue(Scope) is { } scope)
        {
            config = config with
            {
                Scope = scope.ToLowerInvariant() switch
                {
                    "global" => ReplacementScope.Global,
                    "local" => ReplacementScope.Local,
                    _ => throw new CommandLineInputException($"--scope: expected global or local, found '{scope}'"),
                },
            };
        }

        if (Integer(parsed, Tick, 1, int.MaxValue, "a number of accesses") is { } tick)
        {
            config = config with { TickInterval = tick };
        }

        var options = config.PolicyOptions;
        if (parsed.GetValue(ClockInsert) is { } insert)
        {
            options = options with
            {
                ClockInsert = insert.ToLowerInvariant() switch
                {
                    "hot" => Vmsim.Core.Replacement.ClockInsert.Hot,
                    "cold" => Vmsim.Core.Replacement.ClockInsert.Cold,
                    _ => throw new CommandLineInputException($"--clock-insert: expected hot or cold, found '{insert}'"),
                },
            };
        }

        if (Integer(parsed, AgingBits, 1, 32, "a number of bits") is { } bits)
        {
            options = options with { AgingBits = bits };
        }

        if (Integer(parsed, Window, 1, int.MaxValue, "a number of accesses") is { } window)
        {
            options = options with { WorkingSetWindow = window };
        }

        if (Integer(parsed, Seed, int.MinValue, int.MaxValue, "a whole number") is { } seed)
        {
            options = options with { Seed = seed };
        }

        if (Parameters(parsed) is { } parameters)
        {
            // They replace a scenario's own; each must belong to a policy of the run.
            options = options with { Parameters = parameters };
            if (PolicyCatalog.CheckParameters(policies ?? [config.Policy], parameters) is { } problem)
            {
                throw new CommandLineInputException($"--param: {problem}");
            }
        }

        config = config with { PolicyOptions = options };
        RequireReaders(parsed, policies ?? [config.Policy]);
        if (parsed.GetValue(CheckInvariants))
        {
            config = config with { CheckInvariants = true };
        }

        return config;
    }

    // A policy setting given on the command line that no policy of the run reads would change
    // nothing, though it looks as if it did (--window 4 with lru): an error, as an unknown
    // --param is. The seed is not among them: touch patterns and SHARDS sampling read it too.
    private void RequireReaders(ParseResult parsed, IReadOnlyList<string> policies)
    {
        foreach (var setting in PolicySetting.PolicyOnly)
        {
            var option = OptionOf(setting);
            if (Given(parsed, option) && !policies.Any(p => PolicyCatalog.Find(p)?.Reads(setting) == true))
            {
                var run = policies.Count == 1 ? $"the {policies[0]} policy does not read it" : $"none of the policies of this run ({string.Join(", ", policies)}) reads it";
                throw new CommandLineInputException($"{option.Name}: {run}; it applies to {string.Join(" and ", PolicyCatalog.Readers(setting))}");
            }
        }
    }

    // The --param values by name; null when none is given.
    private Dictionary<string, double>? Parameters(ParseResult parsed)
    {
        if (parsed.GetValue(Param) is not { Length: > 0 } items)
        {
            return null;
        }

        return PolicyCatalog.ParseParameters(items, out var problem) ?? throw new CommandLineInputException($"--param: {problem}");
    }

    /// <summary>
    /// The frame counts <c>--frames</c> names, ascending and without repeats, in the forms of
    /// <see cref="SizeList"/> (<c>3</c>, <c>1-7</c>, <c>4-64/4</c>, <c>3,4,5</c>, <c>log</c> up to
    /// <paramref name="footprint"/>); null when not given.
    /// </summary>
    public IReadOnlyList<int>? FrameCounts(ParseResult parsed, long footprint)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue(Frames) is { } text
            ? [.. SizeList.Parse(text, "--frames", footprint, MaxFrames, MaxCompareCounts).Select(n => (int)n)]
            : null;
    }

    /// <summary>Checks a policy name against the catalog and returns its canonical name.</summary>
    public static string PolicyName(string name, string option)
    {
        ArgumentNullException.ThrowIfNull(name);
        return PolicyCatalog.Find(name.Trim())?.Name
            ?? throw new CommandLineInputException($"{option}: {PolicyCatalog.Unknown(name)}");
    }

    /// <summary>
    /// The options over <paramref name="baseConfig"/> for a run of several policies, given to
    /// <paramref name="option"/> as <paramref name="list"/>: names separated by commas (such as
    /// <paramref name="example"/>), or all, each perhaps a variant with settings of its own
    /// (<c>2q:kin=0.1</c>, see <see cref="PolicyVariant"/>). Returns the machine, its frames left
    /// to the caller, the variants over its policy options, each once, and a note for each item
    /// that came to the same run as an earlier one (<c>lru,lru</c>; <c>clock</c> and
    /// <c>clock:clock-insert=cold</c> given <c>--clock-insert cold</c>), shown once.
    /// </summary>
    public (MachineConfig Config, List<PolicyVariant> Variants, List<string> Merged) ApplyCompared(ParseResult parsed, MachineConfig baseConfig, string list, string option, string example)
    {
        var items = Items(list, option, example);
        var config = Apply(parsed, baseConfig, framesHandledByCaller: true, [.. items.Select(item => PolicyName(item.Split(':')[0], option)).Distinct()]);
        var given = GivenSettings(parsed);
        var variants = new List<PolicyVariant>();
        var written = new List<string>();
        var merged = new List<string>();
        foreach (var item in items)
        {
            PolicyVariant variant;
            try
            {
                variant = PolicyVariant.Parse(item, config.PolicyOptions, given);
            }
            catch (FormatException e)
            {
                throw new CommandLineInputException($"{option}: {e.Message}");
            }

            var earlier = variants.FindIndex(v => v.Label == variant.Label);
            if (earlier < 0)
            {
                variants.Add(variant);
                written.Add(item);
            }
            else
            {
                merged.Add(item == written[earlier]
                    ? $"{item} is given twice in {option}: it is run once."
                    : $"{item} and {written[earlier]} are the same run here ({variant.Label}): it is shown once.");
            }
        }

        return (config, variants, merged);
    }

    /// <summary>
    /// The policy settings given on the command line, by their names (<c>clock-insert</c>,
    /// <c>aging-bits</c>, <c>window</c>, <c>seed</c>, and each <c>--param</c> name): those a
    /// result's label names for a policy that reads them (<see cref="PolicyVariant.Parse"/>).
    /// </summary>
    public IReadOnlyList<string> GivenSettings(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var parameters = Parameters(parsed)?.Keys ?? Enumerable.Empty<string>();
        return [.. PolicySetting.PerVariant.Where(setting => Given(parsed, OptionOf(setting))).Concat(parameters)];
    }

    // The option that gives a policy setting for the whole run (--tick for tick, and so on).
    private Option<string> OptionOf(string setting) => setting switch
    {
        PolicySetting.Tick => Tick,
        PolicySetting.AgingBits => AgingBits,
        PolicySetting.ClockInsert => ClockInsert,
        PolicySetting.Window => Window,
        PolicySetting.Seed => Seed,
        _ => throw new InvalidOperationException($"no option gives the policy setting {setting}"),
    };

    // The items of a policy list: split at commas, or every policy for all.
    private static string[] Items(string text, string option, string example)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. PolicyCatalog.All.Select(p => p.Name)];
        }

        return CommaList.Split(text, option, "policy names", $"{example} (or all)");
    }

    /// <summary>Reads a size in bytes such as 4096, 4K, 4KiB or 2M.</summary>
    public static long? ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SizePattern().Match(text.Trim());
        return match.Success ? SizeList.Scaled(match.Groups[1].Value, match.Groups[2].Value) : null;
    }

    // One number of frames, for a single run; a range or list is for refs --compare, and for
    // a trace, sweep and mrc.
    private static int FrameCount(string text, string verb)
    {
        if (SizeList.Count(text, "--frames") is { } n && n >= 1 && n <= MaxFrames)
        {
            return (int)n;
        }

        var elsewhere = verb switch
        {
            "refs" => "needs refs --compare",
            "replay" or "record" => "is for vmsim sweep (every policy at each size) or vmsim mrc (the miss-ratio curve)",
            _ => "is for refs --compare (a reference string) or vmsim sweep (a trace); a scenario runs on one machine",
        };
        throw new CommandLineInputException(!text.StartsWith('-') && (text.AsSpan().IndexOfAny(",-/") >= 0 || text.StartsWith("log", StringComparison.OrdinalIgnoreCase))
            ? $"--frames: a range or list of frame counts {elsewhere}; give one number, such as --frames 3 (found '{text}')"
            : $"--frames: expected a number of frames from 1 to {Rendering.Words.Number(MaxFrames)} (64K is 65,536), found '{text}'");
    }

    /// <summary>
    /// <paramref name="current"/> with <c>--geometry</c> and then <c>--page-size</c> applied,
    /// as given (a preset keeps the page size already chosen).
    /// </summary>
    public PageGeometry GeometryOf(ParseResult parsed, PageGeometry current)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(current);
        var geometry = current;
        if (parsed.GetValue(Geometry) is { } preset)
        {
            // A preset keeps the page size already chosen; --page-size, if given, changes it next.
            geometry = PageGeometry.FromPreset(preset.Trim())
                ?? throw new CommandLineInputException($"--geometry: expected one of {string.Join(", ", PageGeometry.PresetNames)}, found '{preset}'");
            geometry = WithPageSize(geometry, current.PageSize, "--geometry");
        }

        if (parsed.GetValue(PageSize) is { } sizeText)
        {
            var size = ParseBytes(sizeText);
            if (size is not { } bytes || !PageGeometry.IsPageSize(bytes))
            {
                throw new CommandLineInputException($"--page-size: expected {PageGeometry.PageSizeRule}, found '{sizeText}'");
            }

            geometry = WithPageSize(geometry, (int)bytes, "--page-size");
        }

        return geometry;
    }

    private static PageGeometry WithPageSize(PageGeometry geometry, int pageSize, string option)
    {
        try
        {
            return geometry.WithPageSize(pageSize);
        }
        catch (ArgumentException e)
        {
            throw new CommandLineInputException($"{option}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>True when the command line gives any of the TLB's options (--tlb-entries, --tlb-ways, --tlb-flush-on-switch).</summary>
    public bool TlbGiven(ParseResult parsed) => Given(parsed, TlbEntries) || Given(parsed, TlbWays) || Given(parsed, TlbFlushOnSwitch);

    private MachineConfig ApplyTlb(ParseResult parsed, MachineConfig config)
    {
        var entries = Integer(parsed, TlbEntries, 0, 1 << 20, "a number of TLB entries");
        var ways = Integer(parsed, TlbWays, 1, 1 << 20, "a number of ways");
        if (!TlbGiven(parsed))
        {
            return config;
        }

        config = config with
        {
            TlbEntries = entries ?? config.TlbEntries,
            TlbWays = ways ?? config.TlbWays,
            TlbAsidTagged = Given(parsed, TlbFlushOnSwitch) ? !parsed.GetValue(TlbFlushOnSwitch) : config.TlbAsidTagged,
        };

        // The same rule as the TLB's and the scenario reader's, checked here to name the options.
        var effectiveWays = Math.Min(config.TlbWays, Math.Max(1, config.TlbEntries));
        if (config.TlbEntries > 0 && (config.TlbEntries % effectiveWays != 0 || !BitOperations.IsPow2(config.TlbEntries / effectiveWays)))
        {
            throw new CommandLineInputException(
                $"--tlb-entries/--tlb-ways: a TLB of {Words.Count(config.TlbEntries, "entry")} in sets of {Words.Count(config.TlbWays, "way")} is not possible; expected entries a multiple of ways, in a power-of-two number of sets (such as 64 entries, 4 ways)");
        }

        return config;
    }

    /// <summary>The integer <paramref name="option"/> gives, from <paramref name="min"/> to <paramref name="max"/>; null when not given.</summary>
    internal static int? Integer(ParseResult parsed, Option<string> option, int min, int max, string what)
    {
        if (parsed.GetValue(option) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            // A number past the largest is told the largest, which "at least" alone would hide.
            var digits = text.Trim();
            var tooLarge = long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wide)
                ? wide > max
                : digits.Length > 0 && digits.All(char.IsAsciiDigit);
            var range = min == int.MinValue || (min == 0 && max == int.MaxValue && !tooLarge) ? string.Empty
                : max == int.MaxValue && !tooLarge ? $" of at least {min}"
                : string.Create(CultureInfo.InvariantCulture, $" from {min} to {max:N0}");
            throw new CommandLineInputException($"{option.Name}: expected {what}{range}, found '{text}'");
        }

        return value;
    }

    [GeneratedRegex(@"^(\d+)\s*(?:([KMGkmg])(?:i?[Bb])?|[Bb])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
