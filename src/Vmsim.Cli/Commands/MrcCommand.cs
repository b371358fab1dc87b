using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Plotting;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Analysis;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim mrc TRACE</c>: the miss-ratio curve of a trace. For LRU, every memory size at once
/// from one pass (Mattson's stack algorithm), exact or sampled with SHARDS; for any other
/// policy, one simulation per size, in parallel. With <c>--target</c>, the fewest frames for a
/// miss ratio (<see cref="MissRatioTargets"/>).
/// </summary>
internal static class MrcCommand
{
    /// <summary>The policy whose curve is drawn when --policy is not given.</summary>
    public const string DefaultPolicy = "lru";

    /// <summary>The most sizes an LRU curve reports (they cost nothing once the pass is done).</summary>
    public const int MaxLruSizes = 100_000;

    /// <summary>The most knees the default sizes add to the log-spaced ones (each the size before and after the fall).</summary>
    public const int MaxKnees = 6;

    /// <summary>The least fall of the miss ratio in one frame that the default sizes show as a knee.</summary>
    public const double MinimumKneeFall = 0.001;

    // The columns sweep's CSV has too (frames, accesses, faults, miss_ratio) under its names, so
    // that the two read alike; sampling_rate last: 1 for a curve that is not sampled (exact or
    // simulated), SHARDS's rate for an estimate.
    private static readonly string[] CsvHeader = ["policy", "frames", "accesses", "faults", "miss_ratio", "sampling_rate"];

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var sample = new Option<string>("--sample")
        {
            Description = "LRU: estimate the curve with SHARDS, sampling this fraction of the pages (0.01 is about 100 times faster, within about 0.01); --seed is the hash seed",
            HelpName = "rate",
        };
        var sizes = new Option<string>("--sizes")
        {
            Description = "The sizes to report, in frames: N, A-B, A-B/step, log (about 32 sizes up to the trace's footprint, the default), log:N, or a list of these",
            HelpName = "list",
        };
        var target = new Option<string>(MissRatioTargets.OptionName)
        {
            Description = "The sizing question: the fewest frames whose miss ratio is at most R (0.01 or 1%; several: 0.1,0.01); for LRU from the whole curve, for --policy the smallest of the sizes simulated",
            HelpName = "R",
        };
        var inputs = new TraceInputOptions();
        var machine = new MachineOptions();
        var curves = new CurveOptions();
        var warmup = new WarmupOption();
        var command = new Command("mrc", "The miss-ratio curve of a trace: exact LRU for every size in one pass (or SHARDS-sampled), or any policy simulated at each size in parallel");
        command.Options.Add(sizes);
        command.Options.Add(sample);
        command.Options.Add(target);
        inputs.AddTo(command);
        machine.AddTo(command);
        curves.AddTo(command);
        warmup.AddTo(command);
        machine.Frames.Description = "With --policy: the sizes to simulate, in the same forms as --sizes";
        machine.Policy.Description = $"The policy of the curve (default {DefaultPolicy}: exact, in one pass); any other is simulated at each size";
        command.SetAction(parsed =>
        {
            curves.Check(parsed, parsed.GetValue(inputs.Trace)!);
            if (parsed.GetValue(sizes) is not null && parsed.GetValue(machine.Frames) is not null)
            {
                throw new CommandLineInputException("--sizes and --frames: give the sizes once");
            }

            var sizesText = parsed.GetValue(sizes) ?? parsed.GetValue(machine.Frames);
            var sizesOption = parsed.GetValue(sizes) is null ? "--frames" : "--sizes";
            var targets = MissRatioTargets.Parse(parsed.GetValue(target));
            var rate = Rate(parsed.GetValue(sample));
            if (parsed.GetValue(machine.Policy) is not { } policy || MachineOptions.PolicyName(policy, "--policy") == DefaultPolicy)
            {
                RefuseUnread(parsed, machine, rate);
            }

            var config = machine.Apply(parsed, new MachineConfig { Policy = DefaultPolicy }, framesHandledByCaller: true);
            if (rate < 1 && config.Policy != DefaultPolicy)
            {
                throw new CommandLineInputException($"--sample: SHARDS estimates LRU curves only, not {config.Policy}; drop --sample, or --policy");
            }

            if (config.Policy == DefaultPolicy && config.Scope == ReplacementScope.Local)
            {
                throw new CommandLineInputException(
                    "--scope local: the exact LRU curve is that of one memory all the trace's processes share (global replacement); for local replacement, simulate LRU at each size: vmsim sweep TRACE --policies lru --scope local --frames LIST");
            }

            using var input = inputs.Resolve(parsed, output);
            var json = parsed.GetValue(curves.Json);
            var warm = warmup.Value(parsed);
            return config.Policy == DefaultPolicy
                ? Lru(output, parsed, curves, input, config, rate, sizesText, sizesOption, warm, json, targets)
                : Simulated(output, parsed, curves, input, config, machine.GivenSettings(parsed), sizesText, sizesOption, warm, json, targets);
        });
        return command;
    }

    // The stack algorithm reads the trace, the page size and the sizes, and nothing of a machine:
    // a setting it does not read is refused, as the other verbs refuse settings nothing reads.
    private static void RefuseUnread(ParseResult parsed, MachineOptions machine, double rate)
    {
        Option[] unread =
        [
            machine.Swap, machine.Geometry, machine.TlbEntries, machine.TlbWays, machine.TlbFlushOnSwitch,
            machine.Tick, machine.ClockInsert, machine.AgingBits, machine.Window, machine.Param, machine.CheckInvariants,
        ];
        if (unread.FirstOrDefault(o => MachineOptions.Given(parsed, o)) is { } option)
        {
            throw new CommandLineInputException(
                $"{option.Name}: the LRU curve comes from the stack algorithm, which simulates no machine (no swap, TLB, page table or policy settings), so nothing reads {option.Name}; " +
                $"with --policy P mrc simulates a machine at each size, and for LRU so does vmsim sweep TRACE --policies lru --frames LIST {option.Name}{(option is Option<bool> ? string.Empty : " ...")}");
        }

        if (rate >= 1 && MachineOptions.Given(parsed, machine.Seed))
        {
            throw new CommandLineInputException("--seed: the exact LRU curve samples nothing, so nothing reads it; it is the hash seed of a SHARDS estimate (--sample R)");
        }
    }

    private static int Lru(CliOutput output, ParseResult parsed, CurveOptions curves, TraceInput input, MachineConfig config, double rate, string? sizesText, string sizesOption, Warmup warmupGiven, bool json, IReadOnlyList<double> targets)
    {
        var pageSize = config.Geometry.PageSize;
        var seed = unchecked((ulong)(uint)config.PolicyOptions.Seed);
        var notes = new List<string>();
        var saved = warmupGiven.IsShare && input.SaveStandardInput();
        using var reader = input.Open(pageSize);
        var warmup = WarmupOption.Resolve(warmupGiven, reader, prepass: false, () => input.Open(pageSize), saved, output, json, notes);
        var meter = new TraceMeter(input.Name, rate < 1 ? "sampling (SHARDS)" : "reading");
        var (curve, format) = ProgressDisplay.Run(json ? null : output.ProgressConsole, meter.View, () =>
        {
            meter.Start(reader);
            var result = MattsonCurve.Compute(reader, pageSize, rate, seed, meter, warmup);
            return (result, reader.Format);
        });

        var total = curve.TraceAccesses;
        WarmupOption.RequireCounted(input.Name, format, warmup, total);
        var exact = curve.IsExact;
        var footprint = exact ? curve.SampledPages : (long)Math.Round(curve.SampledPages / curve.SamplingRate);
        var sizes = sizesText is null
            ? DefaultSizes(curve, footprint)
            : SizeList.Parse(sizesText, sizesOption, footprint, long.MaxValue >> 20, MaxLruSizes);
        var points = curve.Points(sizes).Select(p => new PlotPoint(p.Frames, p.MissRatio, p.Misses)).ToList();
        var rateText = curve.SamplingRate.ToString("0.######", CultureInfo.InvariantCulture);
        var method = exact
            ? "exact, by Mattson's stack algorithm (every size from one pass)"
            : $"estimated by SHARDS at rate {rateText} (seed {seed}): {Words.Number(curve.SampledAccesses)} of {Words.Number(curve.Accesses)} {(warmup > 0 ? "counted " : string.Empty)}accesses sampled";
        var trace = new TraceSummary(input.Name, format, total, warmupGiven, warmup) { DistinctPages = footprint, PagesEstimated = !exact, PageSize = pageSize };
        var traceLine = trace.Line;
        var machineLines = new[] { Words.StackMachine(sizes) };
        var title = exact ? "LRU miss-ratio curve" : $"LRU miss-ratio curve, a SHARDS estimate (sampling rate {rateText})";
        var data = new PlotData(title, [traceLine, $"Curve: LRU, {method}", .. SweepCommand.Subtitle(machineLines)], "memory (frames)", "miss ratio", [new PlotSeries(DefaultPolicy, points)]);
        var extra = new JsonObject
        {
            ["method"] = exact ? "exact" : "shards",
            ["samplingRate"] = curve.SamplingRate,
            ["seed"] = seed,
            ["sampledAccesses"] = curve.SampledAccesses,
            ["framesToFloor"] = curve.FramesToFloor,
            ["floorMissRatio"] = curve.FloorMissRatio,
        };
        var answers = MissRatioTargets.OfCurve(curve, targets, pageSize);
        extra["targets"] = MissRatioTargets.Json(answers, pageSize);
        var under = new List<(string Label, string Text)> { MissRatioTargets.Floor(curve, pageSize, warmup > 0) };
        under.AddRange(MissRatioTargets.Lines(answers));
        return Write(output, parsed, curves, data, trace.Json(), extra, traceLine, notes, $"Curve: LRU, {method}", pageSize, curve.Accesses, curve.SamplingRate, under, machineLines);
    }

    // The log-spaced sizes up to the footprint; for an exact curve, with the knees they step over
    // (the sizes before and after a cliff, a fall in one frame or a few), so that a loop's fitting
    // at last shows in the table rather than between two of its rows.
    private static IReadOnlyList<long> DefaultSizes(MissRatioCurve curve, long footprint)
    {
        var log = SizeList.Log(footprint, SizeList.DefaultPoints);
        return [.. log.Union(curve.KneesBetween(log, MinimumKneeFall, MaxKnees)).Order()];
    }

    private static int Simulated(CliOutput output, ParseResult parsed, CurveOptions curves, TraceInput input, MachineConfig config, IReadOnlyList<string> given, string? sizesText, string sizesOption, Warmup warmup, bool json, IReadOnlyList<double> targets)
    {
        // Labelled as sweep labels it, with the settings given that the policy reads (clock:clock-insert=cold).
        var variant = PolicyVariant.Parse(config.Policy, config.PolicyOptions, given);
        var run = SweepCommand.Simulate(output, parsed, curves, input, config, [variant], sizesText, sizesOption, warmup, json);
        var trace = SweepCommand.Summary(input, run);
        var machineLines = Words.Machine(config, Words.Sizes([.. run.Sizes.Select(f => (long)f)]), $"{variant.Label} policy", [variant.Policy]);
        var method = $"Curve: {variant.Label}, simulated: one machine per size ({Words.Count(run.Sizes.Count, "size")}), each replaying the whole trace";
        var data = SweepCommand.Plot(run, [variant.Label], $"{variant.Label} miss-ratio curve (simulated)", [trace.Line, method, .. SweepCommand.Subtitle(machineLines)]);
        var machineJson = JsonSummary.Machine(config);
        machineJson.Remove("frames");
        var extra = new JsonObject
        {
            ["method"] = "simulation",
            ["machine"] = machineJson,
        };
        var pageSize = config.Geometry.PageSize;
        var answers = MissRatioTargets.OfSimulation(data.Series[0].Points, targets, pageSize);
        extra["targets"] = MissRatioTargets.Json(answers, pageSize);
        var accesses = run.Results.Count == 0 ? 0 : run.Results[0].Accesses;
        return Write(output, parsed, curves, data, trace.Json(), extra, trace.Line, run.Notes, method, pageSize, accesses, 1, [.. MissRatioTargets.Lines(answers)], machineLines);
    }

    // The curve where it was asked for; under the table, the lines of under (the floor, the
    // targets' answers) and then the machine's.
    private static int Write(CliOutput output, ParseResult parsed, CurveOptions curves, PlotData data, JsonObject traceJson, JsonObject extra, string traceLine, IReadOnlyList<string> notes, string method, int pageSize, long accesses, double samplingRate, IReadOnlyList<(string Label, string Text)> under, IReadOnlyList<(string Label, string Text)> machine)
    {
        var series = data.Series[0];
        var rate = CurveOptions.Ratio(samplingRate);
        var accessesText = accesses.ToString(CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>> { CsvHeader };
        rows.AddRange(series.Points.Select(p => (IReadOnlyList<string>)
            [series.Name, ((long)p.X).ToString(CultureInfo.InvariantCulture), accessesText, p.Misses.ToString(CultureInfo.InvariantCulture), CurveOptions.Ratio(p.Y), rate]));
        JsonObject Json()
        {
            var result = new JsonObject
            {
                ["command"] = "mrc",
                ["trace"] = traceJson,
                ["policy"] = series.Name,
            };
            foreach (var (key, value) in extra.ToArray())
            {
                extra.Remove(key);
                result[key] = value;
            }

            result["notes"] = JsonSummary.Notes(notes);
            result["points"] = new JsonArray([.. series.Points.Select(p => (JsonNode)new JsonObject
            {
                ["frames"] = (long)p.X,
                ["accesses"] = accesses,
                ["faults"] = p.Misses,
                ["missRatio"] = p.Y,
            })]);
            return result;
        }

        return curves.Emit(output, parsed, data, rows, Json, traceLine, notes, new Paragraph(method, Styles.Label), console => CurveRenderer.RenderCurve(console, data.Title, series.Points, pageSize), [.. under, .. machine]);
    }

    private static double Rate(string? text)
    {
        if (text is null)
        {
            return 1.0;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 1
            ? rate
            : throw new CommandLineInputException($"--sample: expected a sampling rate above 0 and at most 1, such as 0.01, found '{text}'");
    }
}
