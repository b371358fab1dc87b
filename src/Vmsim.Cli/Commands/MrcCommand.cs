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

    // The largest size an LRU curve reports, in frames.
    private const long MaxLruSize = long.MaxValue >> 20;

    /// <summary>The most knees the default sizes add to the log-spaced ones (each the size before and after the fall).</summary>
    public const int MaxKnees = 6;

    /// <summary>The least fall of the miss ratio in one frame that the default sizes show as a knee.</summary>
    public const double MinimumKneeFall = 0.001;

    /// <summary>The most pages --sample-max lets a fixed-size sample hold.</summary>
    public const long MaxSamplePages = 1L << 26;

    // The columns sweep's CSV has too (frames, accesses, faults, miss_ratio) under its names, so
    // that the two read alike; then sampling_rate: 1 for a curve that is not sampled (exact or
    // simulated), SHARDS's rate for an estimate; and the row's flags, always true and false but
    // for an estimate: resolved (the size is at least 10/R frames) and capped (the rescaled
    // estimate came out above 1 and is given as 1).
    private static readonly string[] CsvHeader = ["policy", "frames", "accesses", "faults", "miss_ratio", "sampling_rate", "resolved", "capped"];

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var sample = new Option<string>("--sample")
        {
            Description = "LRU: estimate the curve with SHARDS, sampling this fraction of the pages (0.01 is about 100 times faster, within about 0.01); --seed is the hash seed",
            HelpName = "rate",
        };
        var sampleMax = new Option<string>("--sample-max")
        {
            Description = "LRU: estimate the curve with fixed-size SHARDS, in bounded memory: at most this many sampled pages (64K is 65,536), the rate starting at 1 (or at --sample) and falling as the footprint grows; exact while every page fits",
            HelpName = "pages",
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
        command.Options.Add(sampleMax);
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
            var maxPages = MaxPages(parsed.GetValue(sampleMax));
            var sampling = new Sampling(rate, parsed.GetValue(sample), maxPages);
            if (parsed.GetValue(machine.Policy) is not { } policy || MachineOptions.PolicyName(policy, "--policy") == DefaultPolicy)
            {
                RefuseUnread(parsed, machine, curves, sampling);
            }

            var config = machine.Apply(parsed, new MachineConfig { Policy = DefaultPolicy }, framesHandledByCaller: true);
            if (sampling.Samples && config.Policy != DefaultPolicy)
            {
                var option = maxPages is null ? "--sample" : "--sample-max";
                throw new CommandLineInputException($"{option}: SHARDS estimates LRU curves only, not {config.Policy}; drop {option}, or --policy");
            }

            if (config.Policy == DefaultPolicy && config.Scope == ReplacementScope.Local)
            {
                throw new CommandLineInputException(
                    "--scope local: the exact LRU curve is that of one memory all the trace's processes share (global replacement); for local replacement, simulate LRU at each size: vmsim sweep TRACE --policies lru --scope local --frames LIST");
            }

            var json = parsed.GetValue(curves.Json);
            var warm = warmup.Value(parsed);
            using var input = inputs.Resolve(parsed, output);
            return config.Policy == DefaultPolicy
                ? Lru(output, parsed, curves, input, config, sampling, sizesText, sizesOption, warm, json, targets)
                : Simulated(output, parsed, curves, input, config, machine.GivenSettings(parsed), sizesText, sizesOption, warm, json, targets);
        });
        return command;
    }

    // The stack algorithm reads the trace, the page size and the sizes, and nothing of a machine:
    // a setting it does not read is refused, as the other verbs refuse settings nothing reads.
    private static void RefuseUnread(ParseResult parsed, MachineOptions machine, CurveOptions curves, Sampling sampling)
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

        // Well-formed values were checked with the other options; the stack algorithm is one pass
        // over the trace as it is read, with no runs to share out and no copy of the trace kept.
        if (((Option[])[curves.Jobs, curves.MemoryBudget]).FirstOrDefault(o => MachineOptions.Given(parsed, o)) is { } parallel)
        {
            throw new CommandLineInputException(
                $"{parallel.Name}: the LRU curve is one pass of the stack algorithm over the trace as it is read, with no simulations to run side by side or trace to keep in memory, so nothing reads {parallel.Name}; " +
                $"it sets how --policy P runs its sizes (and vmsim sweep its runs)");
        }

        if (!sampling.Samples && MachineOptions.Given(parsed, machine.Seed))
        {
            throw new CommandLineInputException("--seed: the exact LRU curve samples nothing, so nothing reads it; it is the hash seed of a SHARDS estimate (--sample R, or --sample-max PAGES)");
        }
    }

    private static int Lru(CliOutput output, ParseResult parsed, CurveOptions curves, TraceInput input, MachineConfig config, Sampling sampling, string? sizesText, string sizesOption, Warmup warmupGiven, bool json, IReadOnlyList<double> targets)
    {
        var rate = sampling.Rate;
        var pageSize = config.Geometry.PageSize;
        var seed = unchecked((ulong)(uint)config.PolicyOptions.Seed);
        SizeList.Check(sizesText, sizesOption, MaxLruSize, MaxLruSizes);
        var notes = new List<string>();
        var saved = warmupGiven.IsShare && input.SaveStandardInput();
        using var reader = input.Open(pageSize);
        var warmup = WarmupOption.Resolve(warmupGiven, input, reader, prepass: false, () => input.Open(pageSize), saved, output, json, notes);
        var meter = new TraceMeter(input.Name, sampling.Samples ? "sampling (SHARDS)" : "reading");
        var (curve, format) = ProgressDisplay.Run(json ? null : output.ProgressConsole, meter.View, () =>
        {
            meter.Start(reader);
            var result = sampling.MaxPages is { } maxPages
                ? MattsonCurve.ComputeFixedSize(reader, pageSize, (int)maxPages, seed, meter, warmup, rate)
                : MattsonCurve.Compute(reader, pageSize, rate, seed, meter, warmup);
            return (result, reader.Format);
        });

        var total = curve.TraceAccesses;
        WarmupOption.RequireCounted(input, format, warmup, total);
        var exact = curve.IsExact;
        var footprint = exact ? curve.SampledPages : (long)Math.Round(curve.SampledPages / curve.SamplingRate);
        var sizes = sizesText is null
            ? DefaultSizes(curve, footprint)
            : SizeList.Parse(sizesText, sizesOption, footprint, MaxLruSize, MaxLruSizes);
        var points = curve.Points(sizes).Select(p => new PlotPoint(p.Frames, p.MissRatio, p.Misses)).ToList();
        var flags = points.Select(p => new PointFlags(curve.Resolves((long)p.X), curve.CappedFrom((long)p.X))).ToList();

        // The rate as given (0.01, not the 0.00999999 that 2^24 makes of it); a fixed-size
        // sample's is where it fell to.
        var shownRate = sampling.MaxPages is null ? rate : curve.SamplingRate;
        var rateText = sampling.MaxPages is null && sampling.RateText is { } given ? given.Trim() : shownRate.ToString("0.######", CultureInfo.InvariantCulture);
        var sampledText = $"{Words.Number(curve.SampledAccesses)} of {Words.Number(curve.Accesses)} {(warmup > 0 ? "counted " : string.Empty)}accesses sampled";
        var method = (exact, sampling.MaxPages) switch
        {
            (true, null) => "exact, by Mattson's stack algorithm (every size from one pass)",
            (true, { } most) => $"exact: fixed-size SHARDS held every page (at most {Words.Count(most, "page")}), so nothing was left out of the sample",
            (false, null) => $"estimated by SHARDS at rate {rateText} (seed {seed}): {sampledText}",
            (false, { } most) => $"estimated by fixed-size SHARDS, at most {Words.Count(most, "sampled page")} (seed {seed}): the rate fell from {sampling.StartText} to {rateText}; {sampledText}",
        };
        notes.AddRange(SampleNotes(curve, flags, rateText, sampling));
        var trace = new TraceSummary(input.Name, format, total, warmupGiven, warmup) { DistinctPages = footprint, PagesEstimated = !exact, PageSize = pageSize };
        var traceLine = trace.Line;
        var machineLines = new[] { Words.StackMachine(sizes) };
        var title = exact ? "LRU miss-ratio curve" : $"LRU miss-ratio curve, a SHARDS estimate (sampling rate {rateText}{(sampling.MaxPages is null ? string.Empty : ", at the end")})";
        var data = new PlotData(title, [traceLine, $"Curve: LRU, {method}", .. SweepCommand.Subtitle(machineLines)], "memory (frames)", "miss ratio", [new PlotSeries(DefaultPolicy, points)]);
        var extra = new JsonObject
        {
            ["method"] = exact ? "exact" : "shards",
            ["samplingRate"] = exact ? 1 : shownRate,
            ["sampleMaxPages"] = sampling.MaxPages,
            ["seed"] = seed,
            ["sampledAccesses"] = curve.SampledAccesses,
            ["expectedSampledAccesses"] = exact ? curve.SampledAccesses : Math.Round(curve.ExpectedSampledAccesses, 1),
            ["sampledPages"] = curve.SampledPages,
            ["stepFrames"] = curve.StepFrames,
            ["smallestResolvedFrames"] = curve.SmallestResolvedFrames,
            ["framesToFloor"] = curve.FramesToFloor,
            ["floorMissRatio"] = curve.FloorMissRatio,
        };
        var answers = MissRatioTargets.OfCurve(curve, targets, pageSize, rateText);
        extra["targets"] = MissRatioTargets.Json(answers, pageSize);
        var under = new List<(string Label, string Text)> { MissRatioTargets.Floor(curve, pageSize, warmup > 0) };
        under.AddRange(MissRatioTargets.Lines(answers));
        return Write(output, parsed, curves, data, trace.Json(), extra, traceLine, notes, $"Curve: LRU, {method}", pageSize, curve.Accesses, exact ? 1 : shownRate, under, machineLines, flags);
    }

    // What a reader of a SHARDS estimate must know before trusting it: a sample too small, sizes
    // it does not resolve, estimates capped at 1. None for an exact curve.
    private static IEnumerable<string> SampleNotes(MissRatioCurve curve, IReadOnlyList<PointFlags> flags, string rateText, Sampling sampling)
    {
        if (curve.IsExact)
        {
            yield break;
        }

        var expected = Words.Number((long)Math.Round(curve.ExpectedSampledAccesses));
        if (curve.SampleIsSmall)
        {
            yield return $"The sample is small: {Words.Count(curve.SampledPages, "distinct page")} and {Words.Count(curve.SampledAccesses, "access")} ({expected} expected at rate {rateText}); " +
                $"below {Words.Number(MissRatioCurve.TrustedSampledPages)} sampled pages a few hot pages sway the whole estimate, and it can be off by 0.1 or more (docs/research.md). " +
                (sampling.MaxPages is null
                    ? "Sample at a higher rate, compare a few --seed values, or drop --sample for the exact curve."
                    : "Give --sample-max more pages, compare a few --seed values, or drop --sample-max for the exact curve.");
        }

        var unresolved = flags.Count(f => !f.Resolved);
        if (unresolved > 0)
        {
            yield return $"{Words.Count(unresolved, "size")} below {Words.Count(curve.SmallestResolvedFrames, "frame")} ({MissRatioCurve.ResolvedSampledDistance}/R at rate {rateText}) {(unresolved == 1 ? "is" : "are")} not resolved by the sample, " +
                $"which places a reuse only to within {Words.Count(curve.StepFrames, "frame")} (1/R): marked 'below {MissRatioCurve.ResolvedSampledDistance}/R' in the table, resolved false in the CSV and JSON.";
        }

        var capped = flags.Where(f => f.Rescaled is not null).ToList();
        if (capped.Count > 0)
        {
            var highest = Above(capped.Max(f => f.Rescaled!.Value));
            yield return $"At {Words.Count(capped.Count, "size")} the rescaled estimate came out above 1 (up to {highest}) and is given as 1: the sample caught {Words.Count(curve.SampledAccesses, "access")} where {expected} were expected at rate {rateText}, " +
                "most of them misses there; marked 'capped' in the table, capped true in the CSV and JSON.";
        }
    }

    // The fixed-size sample's bound: --sample-max, or null for none.
    private static long? MaxPages(string? text) =>
        text is null ? null
        : SizeList.Count(text, "--sample-max") is { } n && n >= 1 && n <= MaxSamplePages ? n
        : throw new CommandLineInputException($"--sample-max: expected a number of sampled pages from 1 to {Words.Number(MaxSamplePages)} (64K is 65,536), found '{text}'");

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
        return Write(output, parsed, curves, data, trace.Json(), extra, trace.Line, run.Notes, method, pageSize, accesses, 1, [.. MissRatioTargets.Lines(answers)], machineLines, null);
    }

    // The curve where it was asked for; under the table, the lines of under (the floor, the
    // targets' answers) and then the machine's.
    private static int Write(CliOutput output, ParseResult parsed, CurveOptions curves, PlotData data, JsonObject traceJson, JsonObject extra, string traceLine, IReadOnlyList<string> notes, string method, int pageSize, long accesses, double samplingRate, IReadOnlyList<(string Label, string Text)> under, IReadOnlyList<(string Label, string Text)> machine, IReadOnlyList<PointFlags>? flags)
    {
        var series = data.Series[0];
        var rate = CurveOptions.Ratio(samplingRate);
        var accessesText = accesses.ToString(CultureInfo.InvariantCulture);
        PointFlags Flags(int i) => flags?[i] ?? PointFlags.Exact;
        var rows = new List<IReadOnlyList<string>> { CsvHeader };
        rows.AddRange(series.Points.Select((p, i) => (IReadOnlyList<string>)
            [series.Name, ((long)p.X).ToString(CultureInfo.InvariantCulture), accessesText, p.Misses.ToString(CultureInfo.InvariantCulture), CurveOptions.Ratio(p.Y), rate,
             Flags(i).Resolved ? "true" : "false", Flags(i).Rescaled is null ? "false" : "true"]));
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
            result["points"] = new JsonArray([.. series.Points.Select((p, i) => (JsonNode)new JsonObject
            {
                ["frames"] = (long)p.X,
                ["accesses"] = accesses,
                ["faults"] = p.Misses,
                ["missRatio"] = p.Y,
                ["resolved"] = Flags(i).Resolved,
                ["capped"] = Flags(i).Rescaled is not null,
            })]);
            return result;
        }

        return curves.Emit(output, parsed, data, rows, Json, traceLine, notes, new Paragraph(method, Styles.Label), console => CurveRenderer.RenderCurve(console, data.Title, series.Points, pageSize, flags?.Select(Remark).ToList()), [.. under, .. machine]);
    }

    // A flagged row's words in the table's Note column: empty for a row that needs none.
    private static string Remark(PointFlags flags)
    {
        var below = flags.Resolved ? null : $"below {MissRatioCurve.ResolvedSampledDistance}/R";
        var capped = flags.Rescaled is { } rescaled ? $"capped from {Above(rescaled)}" : null;
        return string.Join("; ", new[] { below, capped }.OfType<string>());
    }

    // A ratio above 1 in the table's four decimals, rounded up so that it never reads as 1.0000.
    private static string Above(double ratio) => (Math.Ceiling(ratio * 10_000) / 10_000).ToString("0.0000", CultureInfo.InvariantCulture);

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

    /// <summary>
    /// How the LRU curve samples: at <paramref name="Rate"/> (1 for none) as given in
    /// <paramref name="RateText"/>, or, with <paramref name="MaxPages"/>, in a fixed-size sample
    /// that starts at that rate.
    /// </summary>
    private sealed record Sampling(double Rate, string? RateText, long? MaxPages)
    {
        /// <summary>True when the curve is a SHARDS estimate, fixed-rate or fixed-size.</summary>
        public bool Samples => Rate < 1 || MaxPages is not null;

        /// <summary>The starting rate in words: as given, or 1.</summary>
        public string StartText => RateText?.Trim() ?? "1";
    }

    /// <summary>
    /// What a row of an LRU curve needs said: whether the sample resolves its size, and its
    /// rescaled miss ratio when that was above 1 and capped (null otherwise).
    /// </summary>
    private sealed record PointFlags(bool Resolved, double? Rescaled)
    {
        /// <summary>A row of an exact or simulated curve: nothing to say.</summary>
        public static PointFlags Exact { get; } = new(true, null);
    }
}
