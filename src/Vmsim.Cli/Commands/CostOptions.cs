using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>--cost</c>: what each event costs in simulated time, as <c>key=duration</c> pairs
/// (<c>--cost minor=2us,major=100us</c> for an SSD); the keys not given keep the defaults.
/// </summary>
internal sealed partial class CostOptions
{
    // An access to memory once translated, a TLB hit, reading one page-table level, a fault
    // that needs no disk, one that reads swap or a file, writing a dirty page back.
    private static readonly string[] Keys = ["memory", "tlb", "walk", "minor", "major", "writeback"];

    /// <summary>--cost: the cost model.</summary>
    public Option<string> Cost { get; } = new("--cost")
    {
        Description = "Simulated cost of events, as key=duration pairs: memory=100ns, tlb=1ns, walk=100ns (per level), minor=10us, major=5ms, writeback=5ms (the defaults); units ns, us, ms, s",
        HelpName = "key=time,...",
    };

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Cost);
    }

    /// <summary><paramref name="config"/> with the costs given applied.</summary>
    public MachineConfig Apply(ParseResult parsed, MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(config);
        if (parsed.GetValue(Cost) is not { } text)
        {
            return config;
        }

        var cost = config.Cost;
        foreach (var pair in CommaList.Split(text, "--cost", "key=duration pairs", "minor=10us,major=5ms"))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw new CommandLineInputException($"--cost: expected key=duration pairs such as minor=10us,major=5ms, found '{pair}'");
            }

            var ns = Nanoseconds(parts[1])
                ?? throw new CommandLineInputException($"--cost: expected a duration such as 100ns, 10us, 5ms or 1s for {parts[0]}, found '{parts[1]}'");
            cost = parts[0].ToLowerInvariant() switch
            {
                "memory" => cost with { MemoryAccessNs = ns },
                "tlb" => cost with { TlbHitNs = ns },
                "walk" => cost with { PageWalkLevelNs = ns },
                "minor" => cost with { MinorFaultNs = ns },
                "major" => cost with { MajorFaultNs = ns },
                "writeback" => cost with { WritebackNs = ns },
                _ => throw new CommandLineInputException($"--cost: unknown key '{parts[0]}'; the keys are {string.Join(", ", Keys)}"),
            };
        }

        return config with { Cost = cost };
    }

    /// <summary>The cost model as JSON, in nanoseconds.</summary>
    public static JsonObject Json(CostModel cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new JsonObject
        {
            ["memoryNs"] = cost.MemoryAccessNs,
            ["tlbHitNs"] = cost.TlbHitNs,
            ["walkLevelNs"] = cost.PageWalkLevelNs,
            ["minorFaultNs"] = cost.MinorFaultNs,
            ["majorFaultNs"] = cost.MajorFaultNs,
            ["writebackNs"] = cost.WritebackNs,
        };
    }

    private static long? Nanoseconds(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var scale = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "ns" => 1.0,
            "us" or "µs" => 1e3,
            "ms" => 1e6,
            _ => 1e9,
        };
        var ns = value * scale;
        return ns is >= 0 and <= long.MaxValue / 4 ? (long)Math.Round(ns) : null;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}
