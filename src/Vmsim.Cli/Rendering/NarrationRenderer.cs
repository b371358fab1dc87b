using System.Globalization;
using System.Text;
using Spectre.Console;
using Vmsim.Core;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The demo's narration: the recorded steps in plain words, grouped under the scenario
/// step that made them (its file and line, and what it does). A run of hits after the
/// first is condensed into one line ("… 3 more hits"), and so is a run of accesses not made
/// because their process had ended (<see cref="SkippedAccessRun"/>), since they say nothing
/// new. Both end at a scenario step's heading: a run of accesses not made over two lines of
/// the script is told under each, where the step table and the visualizer make it one.
/// </summary>
internal static class NarrationRenderer
{
    private const int NumberWidth = 4;
    private const string Gap = "  ";

    /// <summary>
    /// Writes the narration of <paramref name="steps"/>; under each fault, its path when the steps
    /// carry one (<see cref="RecordedStep.FaultPath"/>), or with <paramref name="firstPathOnly"/>
    /// under the first fault alone, with a line saying how to see the others.
    /// </summary>
    public static void Render(IAnsiConsole console, Scenario scenario, IReadOnlyList<RecordedStep> steps, IReadOnlyList<ScenarioStep?> origins, bool firstPathOnly = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(origins);
        var width = Math.Max(40, console.Profile.Width);
        var hidden = new HiddenRun();
        var pathShown = false;
        RecordedStep? previous = null;
        ScenarioStep? group = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var origin = i < origins.Count ? origins[i] : null;
            if (i == 0 || !ReferenceEquals(origin, group))
            {
                Flush(console, ref hidden, width);
                previous = null;
                group = origin;
                if (i > 0)
                {
                    console.WriteLine();
                }

                WriteHeading(console, scenario, origin, width);
            }

            var step = steps[i];
            var repeats = previous is not null && Repeats(previous, step);
            previous = step;
            if (repeats)
            {
                hidden.Add(step.IsSkippedAccess, step.Index + 1);
                continue;
            }

            Flush(console, ref hidden, width);
            WriteNumbered(console, (step.Index + 1).ToString(CultureInfo.InvariantCulture), step.Explanation, width);
            if (StepTableRenderer.IsFault(step) && step.FaultPath is { } path && !(firstPathOnly && pathShown))
            {
                WritePath(console, path, width);
                if (firstPathOnly)
                {
                    WritePathNote(console, width);
                }

                pathShown = true;
            }
        }

        Flush(console, ref hidden, width);
    }

    /// <summary>
    /// Writes one step alone (<c>--explain</c>): the scenario step that made it, its explanation,
    /// and its whole path through the machine, for an access (a hit's too).
    /// </summary>
    public static void RenderStep(IAnsiConsole console, Scenario scenario, RecordedStep step, ScenarioStep? origin)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(step);
        var width = Math.Max(40, console.Profile.Width);
        WriteHeading(console, scenario, origin, width);
        WriteNumbered(console, (step.Index + 1).ToString(CultureInfo.InvariantCulture), step.Explanation, width);
        if (step.FaultPath is { } path)
        {
            WritePath(console, path, width);
        }
    }

    // The heading of the steps a scenario step made: its file, line and words, or "At the start".
    private static void WriteHeading(IAnsiConsole console, Scenario scenario, ScenarioStep? origin, int width)
    {
        var heading = origin is null ? "At the start" : $"{scenario.Source}:{origin.Line}  {Describe(origin)}";
        foreach (var line in Wrap(heading, width))
        {
            console.Write(new Text(line, Styles.Label));
            console.WriteLine();
        }
    }

    // Under a step's text: how far its path and the note after it are indented (the number, the
    // gap of two spaces, and two more).
    private const int UnderStep = NumberWidth + 2 + 2;

    // After the one path shown by default: where the others are.
    private static void WritePathNote(IAnsiConsole console, int width) =>
        WriteIndented(console, Wrap("(That is the path of a fault through the machine; --fault-path shows it under every fault, --explain N for step N alone.)", width - UnderStep));

    // A fault's stages, numbered, indented under the step's text.
    private static void WritePath(IAnsiConsole console, FaultPath path, int width) =>
        WriteIndented(console, FaultPathRenderer.Lines(path, width - UnderStep));

    private static void WriteIndented(IAnsiConsole console, IEnumerable<string> lines)
    {
        var indent = new string(' ', UnderStep);
        foreach (var line in lines)
        {
            console.WriteLine(indent + line);
        }
    }

    // True when step says nothing new after previous, the step before it under the same
    // scenario line: an access not made that continues previous's run (SkippedAccessRun), or a
    // hit after a hit.
    private static bool Repeats(RecordedStep previous, RecordedStep step) =>
        SkippedAccessRun.Continues(previous.Operation, step.Operation) || (IsPlainHit(previous) && IsPlainHit(step));

    // A hit that neither moved the working sets' demand across the size of memory, which the
    // narration marks, nor evicted a page (a hit after which a page left the working set).
    private static bool IsPlainHit(RecordedStep step) =>
        step.Access is { Fault: FaultKind.None } && step.DemandCrossing == 0 && step.Evictions.Count == 0;

    /// <summary>What a scenario step does, in a few words: "shell writes heap pages 0-1".</summary>
    public static string Describe(ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step switch
        {
            TouchStep touch => DescribeTouch(touch),
            ForkStep fork => $"{fork.Process} forks {fork.Child}",
            ExitStep exit => $"{exit.Process} exits",
            SwitchStep switchTo => $"the CPU switches to {switchTo.Process}",
            SpawnStep spawn => $"{spawn.Process} is started",
            MmapStep mmap => $"{mmap.Process} maps {mmap.Region.Name}",
            MunmapStep munmap => $"{munmap.Process} unmaps {munmap.Target}",
            MprotectStep mprotect => $"{mprotect.Process} changes the protection of {mprotect.Target} to {ProtectionText.Format(mprotect.Protection)}",
            BrkStep brk => $"{brk.Process} moves its program break {(brk.DeltaPages < 0 ? "down" : "up")} by {Words.Count(Math.Abs(brk.DeltaPages), "page")}",
            _ => step.GetType().Name,
        };
    }

    /// <summary>Splits <paramref name="text"/> into lines of at most <paramref name="width"/> characters, at spaces.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var line = new StringBuilder();
        // Empty words keep runs of spaces inside a line (the two after "demo.yaml:46").
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length == 0 && word.Length == 0)
            {
                continue;
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static string DescribeTouch(TouchStep touch)
    {
        var verb = touch.WriteFraction is not null ? "reads and writes" : touch.Kind switch
        {
            AccessKind.Write => "writes",
            AccessKind.Execute => "executes",
            _ => "reads",
        };
        var target = touch.Address is { } address
            ? $"address {address}"
            : touch.PageCount == 1
                ? $"{touch.Region} (page {new PageNumber(touch.FirstPage)})"
                : $"{touch.Region} (pages {new PageNumber(touch.FirstPage)}-{new PageNumber(touch.FirstPage + touch.PageCount - 1)})";
        var how = touch.Address is not null || touch.Pattern is AccessPattern.Sequential or AccessPattern.Loop
            ? touch.Times > 1 ? $", {touch.Times} times" : string.Empty
            : $", {touch.Count} {touch.Pattern.ToString().ToLowerInvariant()} {Plural.Noun(touch.Count, "access")}";
        return $"{touch.Process} {verb} {target}{how}";
    }

    private static void Flush(IAnsiConsole console, ref HiddenRun hidden, int width)
    {
        if (hidden.Count > 0)
        {
            var steps = hidden.First == hidden.Last ? $"step {hidden.First}" : $"steps {hidden.First}-{hidden.Last}";
            var what = hidden.NotMade
                ? SkippedAccessRun.MoreNotMade(hidden.Count)
                : $"{hidden.Count} more {Plural.Noun(hidden.Count, "hit")}";
            WriteNumbered(console, string.Empty, $"… {what} ({steps})", width);
            hidden = default;
        }
    }

    // Steps condensed into one line: how many, whether hits or accesses not made, their first and last numbers.
    private struct HiddenRun
    {
        public int Count;
        public bool NotMade;
        public int First;
        public int Last;

        public void Add(bool notMade, int number)
        {
            First = Count == 0 ? number : First;
            NotMade = notMade;
            Last = number;
            Count++;
        }
    }

    private static void WriteNumbered(IAnsiConsole console, string number, string text, int width)
    {
        var indent = new string(' ', NumberWidth + Gap.Length);
        var lines = Wrap(text, width - indent.Length);
        for (var l = 0; l < lines.Count; l++)
        {
            console.WriteLine((l == 0 ? number.PadLeft(NumberWidth) + Gap : indent) + lines[l]);
        }
    }
}
