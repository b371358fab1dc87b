using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Cli.Commands;

/// <summary>
/// <c>vmsim refs "7 0 1 2 0 3"</c>: the textbook mode. One process plays a reference
/// string over a backing store; the fault count is the textbook's. With
/// <c>--compare</c>, the fault counts of several policies at several frame counts.
/// </summary>
internal static class RefsCommand
{
    /// <summary>Frames when --frames is not given: the OSTEP simulator's default.</summary>
    public const int DefaultFrames = 3;

    /// <summary>The policy when --policy is not given: the OSTEP simulator's default.</summary>
    public const string DefaultPolicy = "fifo";

    /// <summary>The largest frame count --compare tries when --frames is not given.</summary>
    public const int DefaultCompareMaxFrames = 10;

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliOutput output)
    {
        var references = new Argument<string[]>("references")
        {
            Description = "The reference string: page numbers separated by spaces or commas, each optionally followed by r (read, the default), w (write) or x (execute), such as \"7 0 1 2w 0 3\"",
            Arity = ArgumentArity.OneOrMore,
        };
        var compare = new Option<string>("--compare")
        {
            Description = "Compare policies (a list such as fifo,lru,opt,clock, or all): print the fault count of each at each --frames count",
            HelpName = "policies",
        };
        var full = new Option<bool>("--full")
        {
            Description = "Print the machine's full summary (machine, fault kinds, memory, TLB and time, processes), as run prints it, instead of the textbook's (references, faults, hits, evictions)",
        };
        var machine = new MachineOptions();
        var report = new ReportOptions();
        var command = new Command("refs", $"Play a textbook reference string on one process (defaults: {DefaultFrames} frames, {DefaultPolicy})");
        command.Arguments.Add(references);
        command.Options.Add(compare);
        command.Options.Add(full);
        machine.AddTo(command);
        report.AddTo(command);
        machine.Frames.Description = $"Physical frames (N, default {DefaultFrames}; with --compare also a range A-B, a range with a step A-B/S, log, or a list of these)";
        report.WorkingSet.Description += " (not with --compare)";

        // run's and demo's, read only to point whoever gives them here to those verbs.
        var paths = new FaultPathOptions();
        paths.AddTo(command);
        paths.FaultPath.Hidden = true;
        paths.Explain.Hidden = true;
        command.SetAction(parsed =>
        {
            var tokens = parsed.GetValue(references) ?? [];
            Program.RefuseUnknownOption(command, tokens);
            if (new Option[] { paths.FaultPath, paths.Explain }.FirstOrDefault(o => MachineOptions.Given(parsed, o)) is { } asked)
            {
                throw new CommandLineInputException($"{asked.Name}: refs shows no fault path, since every reference of a string takes the same one but for its frame and victim, which --steps shows; for a step's whole path, run a scenario: vmsim run SCENARIO --explain N (or vmsim demo --explain N)");
            }

            var text = string.Join(' ', tokens);
            var refs = Parse(text);
            var defaults = new MachineConfig { Frames = DefaultFrames, Policy = DefaultPolicy };
            if (parsed.GetValue(compare) is { } policies)
            {
                if (parsed.GetValue(full))
                {
                    throw new CommandLineInputException("--full: cannot be combined with --compare, which prints fault counts alone; give one --policy and one --frames count for the full summary");
                }

                Compare(output, parsed, machine, report, refs, policies, defaults);
                return Program.ExitSuccess;
            }

            var config = report.Apply(parsed, machine.Apply(parsed, defaults));
            var steps = parsed.GetValue(report.Steps);
            var log = steps ? new ReferenceStepLog(refs, config.Frames) : null;
            var result = ReferenceStringRun.Run(refs, config, m =>
            {
                m.Observer = log;
                log?.WorkingSets = m.WorkingSets;
                log?.Policy = m.Kernel.Policy;
            });
            PolicyVariant[] policy = [PolicyVariant.Plain(config.Policy, config.PolicyOptions)];
            List<string> notes = [.. ShortRunNotes.For(policy, config, refs.Count), .. FilePagesNotes.For(policy)];
            if (parsed.GetValue(report.Json))
            {
                var json = JsonSummary.Build("refs", new JsonObject { ["references"] = ReferenceString.Format(refs), ["count"] = refs.Count, ["notes"] = JsonSummary.Notes(notes) }, result);
                if (log is not null)
                {
                    json["steps"] = StepTableRenderer.ReferencesJson(log.Steps, config.Policy, config.TickInterval, config.TlbEntries > 0);
                }

                JsonSummary.Write(output.Writer, json);
                return Program.ExitSuccess;
            }

            // The TLB is shown when the command line asked about it: the textbook's exercises
            // on page replacement have none, those on the TLB give its size.
            var tlb = config.TlbEntries > 0 && machine.TlbGiven(parsed);
            var console = output.Console;
            console.WriteLabelled("Reference string: ", Abbreviated(refs));
            console.WriteNotes(notes);
            if (log is not null)
            {
                StepTableRenderer.RenderReferences(console, log.Steps, config.Policy, tlb);
            }

            if (parsed.GetValue(full))
            {
                SummaryRenderer.Render(console, result);
            }
            else
            {
                SummaryRenderer.RenderTextbook(console, result, tlb);
            }

            return Program.ExitSuccess;
        });
        return command;
    }

    private static void Compare(CliOutput output, ParseResult parsed, MachineOptions machine, ReportOptions report, IReadOnlyList<PageReference> refs, string policyList, MachineConfig defaults)
    {
        if (parsed.GetValue(report.Steps))
        {
            throw new CommandLineInputException("--steps: cannot be combined with --compare; give one --policy and one --frames count to see the steps");
        }

        if (MachineOptions.Given(parsed, report.WorkingSet))
        {
            throw new CommandLineInputException("--working-set: cannot be combined with --compare; the working set is the reference string's own, so give one --policy to see it");
        }

        if (MachineOptions.Given(parsed, machine.Policy))
        {
            throw new CommandLineInputException("--policy: cannot be combined with --compare, which names the policies itself (--compare fifo,lru)");
        }

        var (config, variants, merged) = machine.ApplyCompared(parsed, defaults, policyList, "--compare", "fifo,lru,opt");
        var distinct = refs.Select(r => r.Page).Distinct().Count();
        var frames = machine.FrameCounts(parsed, distinct)
            ?? [.. Enumerable.Range(1, Math.Clamp(distinct, 1, DefaultCompareMaxFrames))];
        var labels = variants.Select(v => v.Label).ToList();
        var faults = ReferenceStringRun.CompareFaults(refs, config, variants, frames);
        List<string> notes = [.. merged, .. ShortRunNotes.For(variants, config, refs.Count), .. FilePagesNotes.For(variants)];
        if (parsed.GetValue(report.Json))
        {
            // The frames and the policies are the comparison's own (frames[], policies[]), as in sweep.
            var machineJson = JsonSummary.Machine(config);
            machineJson.Remove("frames");
            machineJson.Remove("policy");
            var json = CompareTableRenderer.Json(ReferenceString.Format(refs), refs.Count, labels, frames, faults, machineJson);
            json["notes"] = JsonSummary.Notes(notes);
            JsonSummary.Write(output.Writer, json);
            return;
        }

        output.Console.WriteLabelled("Reference string: ", Abbreviated(refs));
        output.Console.WriteNotes(notes);
        CompareTableRenderer.Render(output.Console, labels, frames, faults);
    }

    // The reference string; a word that is no reference but names a file gets a hint at what
    // was meant: a scenario is played by run, a file of references is read as @FILE.
    private static IReadOnlyList<PageReference> Parse(string text)
    {
        try
        {
            return ReferenceString.Parse(text);
        }
        catch (InputFormatException e) when (e.Column > 0 && FileHint(Word(text, e.Column - 1)) is { } hint)
        {
            throw new CommandLineInputException($"{e.Message}; {hint}", e);
        }
    }

    private static string? FileHint(string word) =>
        word.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || word.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? $"a scenario is played by 'vmsim run {word}'"
            : File.Exists(word) ? $"to read the references in {word}, write @{word}; a trace is replayed by 'vmsim replay {word}'"
            : null;

    // The word of the reference string that starts at index from: up to the next white space or comma.
    private static string Word(string text, int from)
    {
        var end = from;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ',')
        {
            end++;
        }

        return text[from..end];
    }

    private static string Abbreviated(IReadOnlyList<PageReference> refs)
    {
        const int Shown = 40;
        var head = ReferenceString.Format(refs.Take(Shown));
        var count = Words.Count(refs.Count, "reference");
        return refs.Count <= Shown ? $"{head} ({count})" : $"{head} … ({count})";
    }
}
