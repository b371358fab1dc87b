using Vmsim.Core;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;
using Vmsim.Web.Api;

namespace Vmsim.Web.Sessions;

/// <summary>
/// Turns what the page sent into a <see cref="Workload"/>, or a
/// <see cref="VisualizerInputException"/> that says plainly what is wrong and where. Parsing
/// is Core's (<see cref="ScenarioReader"/>, <see cref="ReferenceString"/>); this adds the
/// visualizer's own limits and the machine form's settings.
/// </summary>
internal static class WorkloadLoader
{
    /// <summary>The longest scenario text accepted, in characters.</summary>
    public const int MaxYamlChars = 256 * 1024;

    /// <summary>The longest reference string accepted, in characters.</summary>
    public const int MaxRefsChars = 2 * 1024 * 1024;

    /// <summary>The most frames a machine may have here (every frame is a row of the frames panel).</summary>
    public const int MaxFrames = 65_536;

    /// <summary>The most swap slots a machine may have here.</summary>
    public const int MaxSwapSlots = 1 << 20;

    /// <summary>The most TLB entries a machine may have here.</summary>
    public const int MaxTlbEntries = 4096;

    /// <summary>The largest trace file accepted, in bytes (gzip keeps a long trace under it).</summary>
    public const int MaxTraceBytes = 16 * 1024 * 1024;

    /// <summary>Frames of a reference-string machine when the form gives none.</summary>
    public const int DefaultReferenceFrames = 3;

    /// <summary>Policy of a reference-string machine when the form gives none.</summary>
    public const string DefaultReferencePolicy = "fifo";

    public static Workload Load(CreateSessionRequest? request, int maxSteps)
    {
        var workload = request?.Workload ?? throw new VisualizerInputException("choose a workload: a bundled example, a scenario in YAML, a reference string or a trace file");
        var machine = request.Machine;
        return (workload.Kind ?? string.Empty).ToLowerInvariant() switch
        {
            "example" => FromExample(workload.Example, machine, maxSteps),
            "yaml" => FromScenarioText(workload.Yaml ?? string.Empty, SourceName(workload.FileName, "pasted scenario"), machine, maxSteps),
            "refs" => FromReferences(workload.Refs ?? string.Empty, machine, maxSteps),
            "trace" => FromTrace(workload.Trace, workload.FileName, workload.Format, workload.Csv, machine, maxSteps),
            _ => throw new VisualizerInputException($"unknown workload kind '{workload.Kind}'; expected example, yaml, refs or trace"),
        };
    }

    // The uploaded file's name in messages, or what stands for it when none came.
    private static string SourceName(string? fileName, string none) =>
        string.IsNullOrWhiteSpace(fileName) ? none : Path.GetFileName(fileName.Trim());

    private static Workload FromExample(string? name, MachineRequest? machine, int maxSteps)
    {
        var text = string.IsNullOrEmpty(name) ? null : BundledExamples.Text(name);
        if (text is null)
        {
            throw new VisualizerInputException($"there is no bundled example named '{name}'; the examples are {string.Join(", ", BundledExamples.Names)}");
        }

        return FromScenarioText(text, $"{name}.yaml", machine, maxSteps);
    }

    private static Workload FromScenarioText(string text, string source, MachineRequest? machine, int maxSteps)
    {
        if (text.Length > MaxYamlChars)
        {
            throw new VisualizerInputException($"the scenario is {text.Length:N0} characters long; the visualizer reads at most {MaxYamlChars:N0}", source);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new VisualizerInputException("the scenario is empty: paste a scenario in YAML or upload a .yaml file (the bundled examples show the format)", source);
        }

        Scenario scenario;
        try
        {
            scenario = ScenarioReader.Parse(text, source);
        }
        catch (InputFormatException e)
        {
            throw VisualizerInputException.From(e);
        }

        var steps = ScenarioPlan.CountEvents(scenario, maxSteps, out var line);
        if (steps > maxSteps)
        {
            throw new VisualizerInputException(
                $"{source}:{line}: the scenario makes more than {maxSteps:N0} steps (accesses and operations), the most the visualizer steps through; shorten it, or run it whole with `vmsim run`",
                source,
                line);
        }

        var config = Apply(scenario.Machine, machine, source, allowGeometry: false);
        return new Workload("scenario", scenario.Title ?? source, scenario.Description, source, text, scenario, null, config, null);
    }

    private static Workload FromReferences(string text, MachineRequest? machine, int maxSteps)
    {
        const string source = ReferenceStringRun.Source;
        if (text.Length > MaxRefsChars)
        {
            throw new VisualizerInputException($"the reference string is {text.Length:N0} characters long; the visualizer reads at most {MaxRefsChars:N0}", source);
        }

        IReadOnlyList<PageReference> references;
        try
        {
            references = ReferenceString.Parse(text, source);
        }
        catch (InputFormatException e)
        {
            throw VisualizerInputException.From(e);
        }

        if (references.Count > maxSteps)
        {
            throw new VisualizerInputException(
                $"the reference string has {references.Count:N0} references; the visualizer steps through at most {maxSteps:N0} (use `vmsim refs` for longer strings)",
                source);
        }

        var defaults = new MachineConfig { Frames = DefaultReferenceFrames, Policy = DefaultReferencePolicy };
        var config = Apply(defaults, machine, source, allowGeometry: true);
        Scenario scenario;
        try
        {
            scenario = ReferenceStringRun.ToScenario(references, config);
        }
        catch (SimulationException e)
        {
            throw new VisualizerInputException($"{e.Message}; choose smaller page numbers or another page size", source);
        }

        return new Workload("refs", "Reference string", null, source, text, scenario, references, config, GeometryPresets.IdOrDefault(machine?.Geometry));
    }

    /// <summary>
    /// A trace file, as <c>vmsim replay</c> reads it (any format, gzipped or not, the format
    /// detected unless given, a CSV trace's layout as its <c>--csv-</c> options give it): its
    /// first accesses, as many as make <paramref name="maxSteps"/> steps, played on the form's
    /// machine (the defaults of <c>vmsim replay</c> where it says nothing).
    /// </summary>
    private static Workload FromTrace(string? base64, string? fileName, string? format, CsvLayoutOptions? csv, MachineRequest? machine, int maxSteps)
    {
        var source = SourceName(fileName, "uploaded trace");

        // No file chosen: no bytes and no name. A file chosen that holds nothing has its name and
        // no bytes, and is read, so that it is refused in the words the command line uses for it.
        if (base64 is null || (base64.Length == 0 && string.IsNullOrWhiteSpace(fileName)))
        {
            throw new VisualizerInputException("choose a trace file: Valgrind lackey output (vmsim record --save), addresses, page numbers, CSV or oracleGeneral, gzipped or not", source);
        }

        // Base64 takes 4 characters for 3 bytes: a cheap bound before decoding, the exact size after.
        if ((long)base64.Length / 4 * 3 > MaxTraceBytes + 3)
        {
            throw TooLarge((long)base64.Length / 4 * 3, source);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new VisualizerInputException($"{source}: the trace file did not arrive whole (expected its bytes in base64); load it again", source);
        }

        if (bytes.Length > MaxTraceBytes)
        {
            throw TooLarge(bytes.Length, source);
        }

        var given = string.IsNullOrWhiteSpace(format) ? null
            : TraceFormats.TryNormalize(format) ?? throw new VisualizerInputException(TraceFormats.Unknown(format), source);
        CsvLayout? layout = null;
        if (csv is not null && !csv.TryBuild(ref given, out layout, out var problem))
        {
            throw new VisualizerInputException(problem!, source);
        }

        var config = Apply(new MachineConfig(), machine, source, allowGeometry: true);
        IReadOnlyList<MemoryAccess> accesses;
        bool truncated;
        string formatName;
        bool decimalPages;
        using (var reader = OpenTrace(() => TraceFormats.Open(new MemoryStream(bytes), source, given, config.Geometry.PageSize, layout, isFile: true), source))
        {
            formatName = reader.Format;
            try
            {
                accesses = TraceScenario.ReadStart(reader, maxSteps, out truncated);
                decimalPages = reader.RecordsPageNumbers;
            }
            catch (InputFormatException e)
            {
                throw VisualizerInputException.From(e);
            }
        }

        if (accesses.Count == 0)
        {
            throw truncated
                ? new VisualizerInputException($"{source}: the visualizer steps through at most {maxSteps:N0} steps, and the trace's first access takes two (its process starts, then the access)", source)
                : VisualizerInputException.From(TraceFormats.NoAccesses(source, formatName, layout));
        }

        Scenario scenario;
        try
        {
            scenario = TraceScenario.Build(accesses, config, source);
        }
        catch (SimulationException e)
        {
            throw new VisualizerInputException($"{e.Message}; choose a page size with a wider page table (x86-64)", source);
        }

        var description = truncated
            ? $"The first {accesses.Count:N0} {Plural.Noun(accesses.Count, "access")} of {source} ({formatName}), as many as the visualizer steps through; `vmsim replay {source}` replays the whole trace."
            : $"All {accesses.Count:N0} {Plural.Noun(accesses.Count, "access")} of {source} ({formatName}).";
        description += " Each process of the trace maps its own backing store over its whole address space, so every address is valid and a page's first touch is a fault.";
        return new Workload("trace", $"Trace {source}", description, source, string.Empty,
            scenario, null, config, GeometryPresets.IdOrDefault(machine?.Geometry), accesses, truncated, decimalPages);
    }

    /// <summary>
    /// Opens an uploaded trace with <paramref name="open"/>. What can go wrong is the page's to
    /// show, not a server error: a trace that cannot be read (<see cref="InputFormatException"/>)
    /// and gzip that this process cannot read whole or not at all (Core's gzip input throws
    /// <see cref="RuntimeOptionException"/> when the runtime option that makes a cut gzip file
    /// an error did not take effect), with the same message.
    /// </summary>
    internal static ITraceReader OpenTrace(Func<ITraceReader> open, string source)
    {
        try
        {
            return open();
        }
        catch (InputFormatException e)
        {
            throw VisualizerInputException.From(e);
        }
        catch (RuntimeOptionException e)
        {
            throw new VisualizerInputException($"{source}: {e.Message}", source);
        }
    }

    private static VisualizerInputException TooLarge(long bytes, string source) => new(
        $"{source}: the trace file is {bytes:N0} bytes ({bytes / (1024.0 * 1024.0):N1} MiB); the visualizer reads files of at most {MaxTraceBytes / (1024 * 1024)} MiB ({MaxTraceBytes:N0} bytes): gzip it, or keep its start (head -n 200000), or replay it whole with `vmsim replay`",
        source);

    /// <summary>The form's settings over <paramref name="config"/>, checked.</summary>
    private static MachineConfig Apply(MachineConfig config, MachineRequest? machine, string source, bool allowGeometry)
    {
        if (machine is not null)
        {
            if (machine.Frames is { } frames)
            {
                Require(frames is >= 1 and <= MaxFrames, $"frames: expected 1 to {MaxFrames:N0}, found {frames}");
                config = config with { Frames = frames };
            }

            if (machine.TlbEntries is { } entries)
            {
                Require(entries is >= 0 and <= MaxTlbEntries, $"TLB entries: expected 0 to {MaxTlbEntries:N0}, found {entries}");
                config = config with { TlbEntries = entries };
            }

            if (!string.IsNullOrEmpty(machine.Policy))
            {
                var policy = PolicyCatalog.Find(machine.Policy)
                    ?? throw new VisualizerInputException(PolicyCatalog.Unknown(machine.Policy));
                config = config with { Policy = policy.Name };
            }

            if (machine.Parameters is { } text)
            {
                var parameters = PolicyCatalog.ParseParameters(text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries), out var problem)
                    ?? throw new VisualizerInputException($"parameters: {problem}");
                if (PolicyCatalog.CheckParameters([config.Policy], parameters) is { } wrong)
                {
                    throw new VisualizerInputException($"parameters: {wrong}");
                }

                config = config with { PolicyOptions = config.PolicyOptions with { Parameters = parameters } };
            }

            if (!string.IsNullOrEmpty(machine.Scope))
            {
                config = config with
                {
                    Scope = machine.Scope.ToLowerInvariant() switch
                    {
                        "global" => ReplacementScope.Global,
                        "local" => ReplacementScope.Local,
                        _ => throw new VisualizerInputException($"unknown scope '{machine.Scope}'; expected global or local"),
                    },
                };
            }

            if (machine.WorkingSet is { } window)
            {
                // The bounds and words of --working-set and of a scenario's working-set field.
                Require(window >= 0, $"working-set window: expected a number of references (0: not measured), found {window}");
                Require(window <= int.MaxValue, $"working-set window: expected a number of references (0: not measured) from 0 to {int.MaxValue:N0}, found {window}");
                config = config with { WorkingSetWindow = window };
            }

            if (!string.IsNullOrEmpty(machine.Geometry))
            {
                Require(allowGeometry, "a scenario's page size is set in its YAML (machine: page-size or geometry), because its addresses are laid out for it; edit the YAML to change it");
                var preset = GeometryPresets.Find(machine.Geometry)
                    ?? throw new VisualizerInputException($"unknown page size '{machine.Geometry}'; expected one of {string.Join(", ", GeometryPresets.All.Select(p => p.Id))}");
                config = config with { Geometry = preset.Create() };
            }
        }

        if (config.Frames > MaxFrames)
        {
            throw new VisualizerInputException($"{source}: the machine has {config.Frames:N0} frames; the visualizer shows at most {MaxFrames:N0}", source);
        }

        if (config.SwapSlots > MaxSwapSlots)
        {
            throw new VisualizerInputException($"{source}: the machine has {config.SwapSlots:N0} swap slots; the visualizer handles at most {MaxSwapSlots:N0}", source);
        }

        if (config.TlbEntries > MaxTlbEntries)
        {
            throw new VisualizerInputException($"{source}: the TLB has {config.TlbEntries:N0} entries; the visualizer handles at most {MaxTlbEntries:N0}", source);
        }

        return config;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new VisualizerInputException(message);
        }
    }
}
