using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Plotting;
using Vmsim.Cli.Rendering;
using Vmsim.Core;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim sweep TRACE --policies fifo,lru,clock --frames 16-256/16</c>: every policy at every
/// memory size, each its own machine replaying the whole trace, spread over the cores; the
/// same output whatever their number.
/// </summary>
internal static class SweepCommand
{
    private static readonly string[] CsvHeader = ["policy", "frames", "accesses", "faults", "miss_ratio", "evictions", "writebacks"];

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var policies = new Option<string>("--policies")
        {
            Description = "The policies to compare, separated by commas (fifo,lru,clock,opt), or all (see 'vmsim policies'); a policy may carry settings of its own after colons, to compare it with itself (2q:kin=0.1,2q:kin=0.4,clock:clock-insert=cold)",
            HelpName = "list",
            Required = true,
        };
        var inputs = new TraceInputOptions();
        var machine = new MachineOptions();
        var curves = new CurveOptions();
        var warmup = new WarmupOption();
        var command = new Command("sweep", "Run every policy at every memory size over a trace, in parallel: miss ratio and faults as a table, CSV, JSON or a chart");
        command.Options.Add(policies);
        inputs.AddTo(command);
        machine.AddTo(command);
        curves.AddTo(command);
        warmup.AddTo(command);
        machine.Frames.Description = "Memory sizes in frames: N, A-B, A-B/step, log (about 32 sizes up to the trace's footprint, the default), log:N, or a list of these";

        // Still read, to point whoever gives it to --policies, but not offered.
        machine.Policy.Hidden = true;
        command.SetAction(parsed =>
        {
            if (MachineOptions.Given(parsed, machine.Policy))
            {
                throw new CommandLineInputException("--policy: sweep compares the policies of --policies (--policies fifo,lru,clock)");
            }

            curves.Check(parsed, parsed.GetValue(inputs.Trace)!);
            var (config, variants, merged) = machine.ApplyCompared(parsed, new MachineConfig(), parsed.GetValue(policies)!, "--policies", "fifo,lru,clock");
            var names = variants.Select(v => v.Label).ToList();
            using var input = inputs.Resolve(parsed, output);
            var json = parsed.GetValue(curves.Json);
            var run = Simulate(output, parsed, curves, input, config, variants, parsed.GetValue(machine.Frames), "--frames", warmup.Value(parsed), json);
            run = run with { Notes = [.. merged, .. run.Notes] };
            var trace = Summary(input, run);
            var machineLines = Words.Machine(config, Words.Sizes([.. run.Sizes.Select(f => (long)f)]), names.Count == 1 ? $"{names[0]} policy" : Words.Count(names.Count, "policy"), variants.Select(v => v.Policy));
            var data = Plot(run, names, $"Miss ratio by memory size: {string.Join(", ", names)}", [trace.Line, .. Subtitle(machineLines)]);
            var rows = new List<IReadOnlyList<string>> { CsvHeader };
            rows.AddRange(run.Results.Select(r => (IReadOnlyList<string>)
            [
                r.Policy, Invariant(r.Frames), Invariant(r.Accesses), Invariant(r.Faults), CurveOptions.Ratio(r.MissRatio), Invariant(r.Evictions), Invariant(r.Writebacks),
            ]));
            JsonObject Json()
            {
                var machineJson = JsonSummary.Machine(config);
                machineJson.Remove("frames");
                machineJson.Remove("policy");
                return new JsonObject
                {
                    ["command"] = "sweep",
                    ["trace"] = trace.Json(),
                    ["machine"] = machineJson,
                    ["policies"] = new JsonArray([.. names.Select(n => (JsonNode)n)]),
                    ["frames"] = new JsonArray([.. run.Sizes.Select(f => (JsonNode)f)]),
                    ["notes"] = JsonSummary.Notes(run.Notes),
                    ["results"] = new JsonArray([.. run.Results.Select(r => (JsonNode)new JsonObject
                    {
                        ["policy"] = r.Policy,
                        ["frames"] = r.Frames,
                        ["accesses"] = r.Accesses,
                        ["faults"] = r.Faults,
                        ["missRatio"] = r.MissRatio,
                        ["evictions"] = r.Evictions,
                        ["writebacks"] = r.Writebacks,
                    })]),
                };
            }

            var method = new Paragraph("Sweep: ", Styles.Label).Append(
                $"{Words.Count(names.Count, "policy")} × {Words.Count(run.Sizes.Count, "size")} = {Words.Count(run.Results.Count, "simulation")}, each replaying the whole trace");
            return curves.Emit(output, parsed, data, rows, Json, trace.Line, run.Notes, method, console => CurveRenderer.RenderSweep(console, names, run.Sizes, run.Results), machineLines);
        });
        return command;
    }

    /// <summary>
    /// Reads the trace (into memory when it fits the budget), works out the sizes from
    /// <paramref name="sizesText"/> (log-spaced up to the footprint when null) and runs every
    /// policy at every size, with a progress bar on a terminal. Every run leaves the first
    /// <paramref name="warmup"/> accesses out of its counts (a share of the trace counted from the trace as read).
    /// </summary>
    internal static SimulatedCurves Simulate(CliOutput output, ParseResult parsed, CurveOptions curves, TraceInput input, MachineConfig config, IReadOnlyList<PolicyVariant> variants, string? sizesText, string sizesOption, Warmup warmup, bool json)
    {
        var pageSize = config.Geometry.PageSize;
        var parallelism = curves.Parallelism(parsed);
        var budget = curves.Budget(parsed);
        SizeList.Check(sizesText, sizesOption, MachineOptions.MaxFrames, MachineOptions.MaxCompareCounts);
        var notes = new List<string>();
        if (input.SaveStandardInput())
        {
            notes.Add($"{Sentence.Capitalised(input.SavedWhat)} was saved to a temporary file (deleted after), to be read by every run.");
        }

        var progress = new SweepProgress();
        var clock = Stopwatch.StartNew();
        ProgressView View() => progress.Reading
            ? new ProgressView("reading", input.Name, $"{ProgressDisplay.Count(progress.BytesRead)}B", progress.BytesRead, progress.Length)
            : new ProgressView("simulating", null, $"{progress.JobsDone} of {progress.Jobs} runs, {ProgressDisplay.Accesses(progress.AccessesDone, clock)}", progress.AccessesDone, progress.AccessesTotal);
        return ProgressDisplay.Run(json ? null : output.ProgressConsole, View, () =>
        {
            var source = SweepSource.Prepare(() => input.Open(pageSize), pageSize, budget, progress);
            input.RequireAccesses(source.Format, source.Accesses);
            var warm = warmup.Of(source.Accesses);
            WarmupOption.RequireMeasured(warm, source.Accesses);
            var sizes = sizesText is null
                ? SizeList.Log(source.DistinctPages, SizeList.DefaultPoints)
                : SizeList.Parse(sizesText, sizesOption, source.DistinctPages, MachineOptions.MaxFrames, MachineOptions.MaxCompareCounts);
            var frames = sizes.Select(s => (int)s).ToList();
            var future = variants.Where(v => TraceSweep.NeedsFuture(v.Policy, v.Options)).Select(v => v.Label).ToList();
            if (future.Count > 0 && !source.CarriesFuture)
            {
                notes.Add(source.InMemory
                    ? $"{string.Join(", ", future)} needs each access's next use, which {Words.WithArticle(source.Format)} trace does not carry: it was computed once from the trace in memory."
                    : $"{string.Join(", ", future)} needs each access's next use, which {Words.WithArticle(source.Format)} trace does not carry: each of its runs computed it with a pre-pass over the trace (temporary files, deleted after).");
            }

            notes.AddRange(FilePagesNotes.For(variants));
            clock.Restart();
            var results = TraceSweep.Run(source, config, TraceSweep.Jobs(variants, frames), parallelism, warm, progress);
            return new SimulatedCurves(source, frames, results, notes, warmup);
        });
    }

    /// <summary>The curves of a simulation as a chart, with <paramref name="subtitle"/>'s lines under its title.</summary>
    internal static PlotData Plot(SimulatedCurves run, IReadOnlyList<string> policies, string title, IReadOnlyList<string> subtitle) =>
        new(title, subtitle, "memory (frames)", "miss ratio",
            [.. policies.Select(p => new PlotSeries(p, [.. run.Results.Where(r => r.Policy == p).Select(r => new PlotPoint(r.Frames, r.MissRatio, r.Faults))]))]);

    /// <summary>
    /// The machine's lines (<see cref="Words.Machine(MachineConfig)"/>) as a chart's subtitle
    /// says them: the machine on one line, paging and the TLB on the next.
    /// </summary>
    internal static IReadOnlyList<string> Subtitle(IReadOnlyList<(string Label, string Text)> machine) =>
        machine.Count <= 1
            ? [.. machine.Select(l => l.Label + l.Text)]
            : [machine[0].Label + machine[0].Text, string.Join("; ", machine.Skip(1).Select(l => l.Label + l.Text))];

    /// <summary>The trace a simulation read: its name, format, length, footprint and warm-up.</summary>
    internal static TraceSummary Summary(TraceInput input, SimulatedCurves run) =>
        new(input.Name, run.Source.Format, run.Source.Accesses, run.WarmupGiven, run.Warmup)
        {
            DistinctPages = run.Source.DistinctPages,
            PageSize = run.Source.PageSize,
        };

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a simulated sweep found: <paramref name="WarmupGiven"/> is the warm-up as given.</summary>
    internal sealed record SimulatedCurves(SweepSource Source, IReadOnlyList<int> Sizes, IReadOnlyList<SweepPoint> Results, IReadOnlyList<string> Notes, Warmup WarmupGiven)
    {
        /// <summary>The accesses the warm-up came to.</summary>
        public long Warmup => WarmupGiven.Of(Source.Accesses);
    }
}
