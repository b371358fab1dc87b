using System.Globalization;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// Reads a scenario from YAML (the format is described in docs/scenarios.md) and checks
/// it as it goes: every field is typed, every unknown field is an error, every process
/// and region a step names must exist at that point of the script. Errors are
/// <see cref="InputFormatException"/>s naming the file, line and column.
/// </summary>
public static class ScenarioReader
{
    private static readonly string[] RegionFields = ["name", "start", "pages", "size", "prot", "file", "offset", "shared"];

    // The fields each verb's step takes, its verb among them, the verbs in the order errors list them.
    private static readonly OrderedDictionary<string, string[]> StepFields = new()
    {
        ["touch"] = ["touch", "region", "pages", "address", "pattern", "count", "times", "access", "writes", "exponent", "seed"],
        ["fork"] = ["fork", "child"],
        ["exit"] = ["exit"],
        ["switch"] = ["switch"],
        ["spawn"] = ["spawn", "quota", "regions"],
        ["mmap"] = ["mmap", .. RegionFields],
        ["munmap"] = ["munmap", "region", "start", "pages", "size"],
        ["mprotect"] = ["mprotect", "region", "start", "pages", "size", "prot"],
        ["brk"] = ["brk", "pages"],
    };

    private static readonly string[] Verbs = [.. StepFields.Keys];

    private static readonly Dictionary<string, AccessKind> AccessKinds = new()
    {
        ["read"] = AccessKind.Read, ["r"] = AccessKind.Read,
        ["write"] = AccessKind.Write, ["w"] = AccessKind.Write,
        ["execute"] = AccessKind.Execute, ["exec"] = AccessKind.Execute, ["x"] = AccessKind.Execute,
    };

    private static readonly Dictionary<string, AccessPattern> Patterns = new()
    {
        ["sequential"] = AccessPattern.Sequential,
        ["loop"] = AccessPattern.Loop,
        ["random"] = AccessPattern.Random,
        ["zipf"] = AccessPattern.Zipf,
    };

    private static readonly Dictionary<string, ReplacementScope> Scopes = new()
    {
        ["global"] = ReplacementScope.Global,
        ["local"] = ReplacementScope.Local,
    };

    private static readonly Dictionary<string, ClockInsert> ClockInserts = new()
    {
        ["hot"] = ClockInsert.Hot,
        ["cold"] = ClockInsert.Cold,
    };

    /// <summary>
    /// Reads the scenario file at <paramref name="path"/>. <paramref name="adjustMachine"/>, if
    /// given, changes the machine before the processes and script are read (so that a page
    /// size given on the command line shapes how addresses become pages).
    /// </summary>
    public static Scenario ReadFile(string path, Func<MachineConfig, MachineConfig>? adjustMachine = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, 0, 0, $"cannot read the scenario: {e.Message}");
        }

        return Parse(text, path, adjustMachine);
    }

    /// <summary>
    /// Reads a scenario from <paramref name="yaml"/>; <paramref name="source"/> names it in errors.
    /// <paramref name="adjustMachine"/>, if given, changes the machine before the rest is read.
    /// </summary>
    public static Scenario Parse(string yaml, string source, Func<MachineConfig, MachineConfig>? adjustMachine = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // YamlDotNet refuses a tab used as indentation with no position (the file's start)
            // or at the start of the value before it; the scanner stops on the tab itself.
            var stop = ScannerStopLocator.Locate(yaml);
            if (stop is { } tab && tab.Index < yaml.Length && yaml[(int)tab.Index] == '\t')
            {
                throw new InputFormatException(source, (int)tab.Line, (int)tab.Column, "not valid YAML: a tab used for indentation; YAML indents with spaces");
            }

            var at = e.Start.Equals(Mark.Empty) && stop is { } stopped ? stopped : e.Start;
            if (FirstTabIndentedLine(yaml, (int)at.Line) is { } tabbed && tabbed >= at.Line - 1)
            {
                // A tab before a key that YamlDotNet let pass shifts what it expects further on.
                throw new InputFormatException(source, tabbed, 1, "not valid YAML: a tab used for indentation; YAML indents with spaces");
            }

            var message = YamlErrorText.Explain(TrimYamlMessage(e), yaml, at);
            throw new InputFormatException(source, (int)at.Line, (int)at.Column, $"not valid YAML: {message}");
        }

        catch (InvalidOperationException)
        {
            // The YAML scanner gives up this way, with no position, when a '[' or '{' is never closed.
            var (line, column) = UnclosedFlowLocator.Locate(yaml);
            throw new InputFormatException(source, line, column, "not valid YAML: this '[' or '{' is never closed");
        }

        try
        {
            return Read(stream, source, adjustMachine);
        }
        catch (InputFormatException e) when (FirstTabIndentedLine(yaml, e.Line) == e.Line)
        {
            // YamlDotNet takes a tab before a key for separation, not indentation, so the key
            // reads as something else and the error names what it expected there instead.
            throw new InputFormatException(source, e.Line, 1, $"the line starts with a tab, which YAML does not take for indentation: indent with spaces (read with it, {e.Problem})");
        }
    }

    // The first line, up to lastLine (from 1), that starts with a tab, which YAML never takes for
    // indentation (inside a block scalar, whose lines are indented with spaces, a tab may follow
    // them, so only a tab at the very start is sure); null if none does.
    private static int? FirstTabIndentedLine(string text, int lastLine)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < Math.Min(lastLine, lines.Length); i++)
        {
            if (lines[i].StartsWith('\t'))
            {
                return i + 1;
            }
        }

        return null;
    }

    // The scenario in a YAML stream that loaded.
    private static Scenario Read(YamlStream stream, string source, Func<MachineConfig, MachineConfig>? adjustMachine)
    {
        if (stream.Documents.Count == 0)
        {
            throw new InputFormatException(source, 1, 1, "the scenario is empty; expected a 'script' (a list of steps such as '- touch: p1'), and if it needs them 'machine' settings and 'processes'");
        }

        var root = new YamlFields(source, stream.Documents[0].RootNode, "the scenario");
        root.RejectUnknown("title", "description", "machine", "processes", "script");
        var title = root.String("title");
        var description = root.String("description");
        IReadOnlyDictionary<string, int> settingLines = new Dictionary<string, int>();
        var machine = root.Find("machine") is { } machineNode ? ReadMachine(source, machineNode, out settingLines) : new MachineConfig();
        if (adjustMachine is not null)
        {
            machine = adjustMachine(machine);
        }

        var state = new ScriptState(source, machine.Geometry);
        var processes = new List<SpawnStep>();
        foreach (var node in root.Sequence("processes")?.Children ?? [])
        {
            var spawn = ReadSpawn(source, node, null, machine.Geometry);
            state.Spawn(spawn, node);
            processes.Add(spawn);
        }

        var script = new List<ScenarioStep>();
        var scriptNode = root.Sequence("script") ?? throw root.Error(root.Node, "the scenario needs a 'script': a list of steps such as '- touch: p1'");
        foreach (var node in scriptNode.Children)
        {
            script.Add(ReadStep(source, node, state, machine));
        }

        return new Scenario(source, title, description, machine, processes, script) { PolicySettingLines = settingLines };
    }

    private static string TrimYamlMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var at = message.IndexOf("): ", StringComparison.Ordinal);
        return at >= 0 ? message[(at + 3)..] : message;
    }

    // The machine, and the lines of the settings it gives that only some policies read.
    private static MachineConfig ReadMachine(string source, YamlNode node, out IReadOnlyDictionary<string, int> settingLines)
    {
        var f = new YamlFields(source, node, "machine");
        f.RejectUnknown("frames", "swap", "policy", "params", "geometry", "levels", "page-size", "tlb", "scope", "tick", "clock-insert", "aging-bits", "window", "working-set", "seed", "cost");
        settingLines = PolicySetting.PolicyOnly
            .Select(setting => (setting, Node: f.Find(setting)))
            .Where(s => s.Node is not null)
            .ToDictionary(s => s.setting, s => (int)s.Node!.Start.Line, StringComparer.Ordinal);
        var config = new MachineConfig();
        var geometry = config.Geometry;
        if (f.String("geometry") is { } preset)
        {
            geometry = PageGeometry.FromPreset(preset) ?? throw f.Error(f.Find("geometry")!, $"field 'geometry': expected one of {string.Join(", ", PageGeometry.PresetNames)}, found '{preset}'{Spelling.Suggestion(preset, PageGeometry.PresetNames)}");
        }

        if (f.Sequence("levels") is { } levels)
        {
            var bits = levels.Children.Select(n => YamlFields.TryParseInteger((n as YamlScalarNode)?.Value ?? string.Empty, out var b) && b is >= 1 and <= 20
                ? (int)b
                : throw f.Error(n, $"field 'levels': expected bits per level from 1 to 20, found {YamlFields.Describe(n)}")).ToArray();
            geometry = Guard(f, levels, () => new PageGeometry(geometry.PageSize, bits));
        }

        if (f.String("page-size") is { } pageSizeText)
        {
            var pageSizeNode = f.Find("page-size")!;
            if (!YamlFields.TryParseBytes(pageSizeText, out var pageSize) || !PageGeometry.IsPageSize(pageSize))
            {
                throw f.Error(pageSizeNode, $"field 'page-size': expected {PageGeometry.PageSizeRule}, found '{pageSizeText}'");
            }

            geometry = Guard(f, pageSizeNode, () => geometry.WithPageSize((int)pageSize));
        }

        var options = new PolicyOptions();
        options = options with
        {
            ClockInsert = f.Choice("clock-insert", ClockInserts) ?? options.ClockInsert,
            AgingBits = (int?)f.Integer("aging-bits", 1, 32) ?? options.AgingBits,
            WorkingSetWindow = f.Integer("window", 1) ?? options.WorkingSetWindow,
            Seed = (int?)f.Integer("seed", int.MinValue, int.MaxValue) ?? options.Seed,
        };
        var policy = f.String("policy") ?? config.Policy;
        if (PolicyCatalog.Find(policy) is not { } policyInfo)
        {
            throw f.Error(f.Find("policy")!, $"field 'policy': {PolicyCatalog.Unknown(policy)}");
        }

        if (f.Find("params") is { } paramsNode)
        {
            options = options with { Parameters = ReadParameters(source, paramsNode, policyInfo) };
        }

        config = config with
        {
            Frames = (int?)f.Integer("frames", 1, 1 << 26) ?? config.Frames,
            SwapSlots = (int?)f.Integer("swap", 0, 1 << 28) ?? config.SwapSlots,
            Policy = policyInfo.Name,
            Scope = f.Choice("scope", Scopes) ?? config.Scope,
            TickInterval = (int?)f.Integer("tick", 1, int.MaxValue) ?? config.TickInterval,
            WorkingSetWindow = f.Integer("working-set", 0, int.MaxValue) ?? config.WorkingSetWindow,
            Geometry = geometry,
            PolicyOptions = options,
        };
        if (f.Find("tlb") is { } tlbNode)
        {
            var t = new YamlFields(source, tlbNode, "machine.tlb");
            config = config with
            {
                TlbEntries = (int?)t.Integer("entries", 0, 1 << 20) ?? config.TlbEntries,
                TlbWays = (int?)t.Integer("ways", 1, 1 << 20) ?? config.TlbWays,
                TlbAsidTagged = t.Boolean("asid") ?? config.TlbAsidTagged,
            };
            t.RejectUnknown("entries", "ways", "asid");
            var entries = config.TlbEntries;
            var ways = Math.Min(config.TlbWays, Math.Max(1, entries));
            if (entries > 0 && (entries % ways != 0 || !System.Numerics.BitOperations.IsPow2(entries / ways)))
            {
                throw t.Error(tlbNode, $"a TLB of {Plural.Count(entries, "entry")} in sets of {Plural.Count(ways, "way")} is not possible: expected entries a multiple of ways, in a power-of-two number of sets");
            }
        }

        if (f.Find("cost") is { } costNode)
        {
            var c = new YamlFields(source, costNode, "machine.cost");
            var cost = config.Cost;
            config = config with
            {
                Cost = cost with
                {
                    MemoryAccessNs = c.Integer("memory-ns", 0) ?? cost.MemoryAccessNs,
                    TlbHitNs = c.Integer("tlb-hit-ns", 0) ?? cost.TlbHitNs,
                    PageWalkLevelNs = c.Integer("walk-level-ns", 0) ?? cost.PageWalkLevelNs,
                    MinorFaultNs = c.Integer("minor-fault-ns", 0) ?? cost.MinorFaultNs,
                    MajorFaultNs = c.Integer("major-fault-ns", 0) ?? cost.MajorFaultNs,
                    WritebackNs = c.Integer("writeback-ns", 0) ?? cost.WritebackNs,
                },
            };
            c.RejectUnknown("memory-ns", "tlb-hit-ns", "walk-level-ns", "minor-fault-ns", "major-fault-ns", "writeback-ns");
        }

        return config;
    }

    // machine.params: the policy's tunable parameters, named in any case and checked as
    // --param checks them (PolicyCatalog.CheckParameters); an error points at the name when
    // the policy has no such parameter, and at the value when it is the value that is wrong.
    private static Dictionary<string, double> ReadParameters(string source, YamlNode node, PolicyInfo policy)
    {
        var p = new YamlFields(source, node, "machine.params");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in p.Node.Children.Keys)
        {
            var given = (key as YamlScalarNode)?.Value ?? string.Empty;
            var name = given.ToLowerInvariant();
            if (!policy.Tunables.Any(t => t.Name == name))
            {
                throw p.Error(key, PolicyCatalog.NoParameter(name, [policy]));
            }

            if (values.ContainsKey(name))
            {
                throw p.Error(key, $"{given} is given twice");
            }

            values[name] = p.Number(given)!.Value;
            if (PolicyCatalog.CheckParameters([policy.Name], new Dictionary<string, double> { [name] = values[name] }) is { } problem)
            {
                throw p.Error(p.Find(given)!, problem);
            }
        }

        return values;
    }

    private static T Guard<T>(YamlFields f, YamlNode node, Func<T> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentException e)
        {
            throw f.Error(node, e.Message.Split(" (Parameter", 2)[0]);
        }
        catch (OverflowException)
        {
            throw f.Error(node, "the value is too large");
        }
    }

    private static SpawnStep ReadSpawn(string source, YamlNode node, string? verbName, PageGeometry geometry)
    {
        var f = new YamlFields(source, node, verbName is null ? "a process" : "a spawn step");

        // Unknown fields first, so that a misspelt one is named as such rather than as a field
        // missing; a spawn step's were checked with every step's (StepFields).
        if (verbName is null)
        {
            f.RejectUnknown("name", "quota", "regions");
        }

        var name = verbName ?? f.RequireString("name");
        var quota = (int?)f.Integer("quota", 0, int.MaxValue) ?? 0;
        var regions = new List<RegionSpec>();
        foreach (var regionNode in f.Sequence("regions")?.Children ?? [])
        {
            var rf = new YamlFields(source, regionNode, "a region");
            rf.RejectUnknown(RegionFields);
            var region = ReadRegion(rf, geometry, requireName: true);

            // Checked here, at the region's line: the kernel would refuse the mapping only when the process starts.
            if (regions.FirstOrDefault(r => r.Start.Value < region.Start.Value + region.Pages && region.Start.Value < r.Start.Value + r.Pages) is { } other)
            {
                throw rf.Error(regionNode, $"region '{region.Name}' ({Extent(geometry, region)}) overlaps region '{other.Name}' ({Extent(geometry, other)}) of process '{name}'; the regions of a process must not overlap");
            }

            regions.Add(region);
        }

        var at = (verbName is null ? null : f.Key("spawn")) ?? node;
        return new SpawnStep((int)node.Start.Line, name, quota, regions) { Column = (int)at.Start.Column };
    }

    // A region's addresses as the kernel writes a mapping's: 0x10000000-0x10004000.
    private static string Extent(PageGeometry geometry, RegionSpec region) =>
        $"{geometry.AddressOf(region.Start)}-{geometry.AddressOf(new PageNumber(region.Start.Value + region.Pages))}";

    private static RegionSpec ReadRegion(YamlFields f, PageGeometry geometry, bool requireName)
    {
        var name = requireName ? f.RequireString("name") : f.String("name");
        var (first, pages) = ReadExtent(f, geometry, name is null ? "the region" : $"region '{name}'");
        var file = f.String("file");
        var offset = f.Bytes("offset", minimum: 0) ?? 0;
        if (offset % geometry.PageSize != 0)
        {
            throw f.Error(f.Find("offset")!, $"field 'offset': expected a multiple of the {geometry.PageSize}-byte page, found {offset}");
        }

        if (file is null && f.Find("offset") is { } offsetNode)
        {
            throw f.Error(offsetNode, "field 'offset': only a region with a 'file' has an offset into it");
        }

        // Without a file, 'shared: true' makes shared anonymous memory, which children share after fork.
        var shared = f.Boolean("shared") ?? false;

        var protection = f.Protection("prot") ?? Protection.ReadWrite;
        return new RegionSpec(name ?? file ?? (shared ? "shared anon" : "anon"), first, pages, protection, file, offset / geometry.PageSize, shared);
    }

    // Where a region or a range of pages lies: 'start', and 'pages' or 'size' for its length.
    private static (PageNumber First, ulong Pages) ReadExtent(YamlFields f, PageGeometry geometry, string what)
    {
        var startText = f.RequireString("start");
        var startNode = f.Find("start")!;
        if (!VirtualAddress.TryParse(startText, out var start) || start.Value % (ulong)geometry.PageSize != 0)
        {
            throw f.Error(startNode, $"field 'start': expected an address aligned to the {geometry.PageSize}-byte page, such as 0x400000, found '{startText}'");
        }

        ulong pages;
        if (f.Integer("pages", 1) is { } p)
        {
            f.Refuse("size", "the length is given by 'pages' already; give 'pages' or 'size', not both");
            pages = (ulong)p;
        }
        else if (f.Bytes("size") is { } size)
        {
            // Whole pages, rounded up without adding to a size that may be as large as a long.
            pages = (ulong)(size / geometry.PageSize) + (size % geometry.PageSize == 0 ? 0UL : 1UL);
        }
        else
        {
            throw f.Error(f.Node, $"{what} needs its length: 'pages: N' or 'size: 16K'");
        }

        var first = geometry.PageOf(start);
        if (!geometry.Contains(first))
        {
            throw f.Error(startNode, geometry.SignExtended
                ? $"{what} starts at {start}, {geometry.Outside(start)}"
                : $"{what} starts beyond the {geometry.AddressBits}-bit address space, whose last page starts at {geometry.AddressOf(new PageNumber(geometry.PageCount - 1))}");
        }

        var room = geometry.PageCount - first.Value;
        if (pages > room)
        {
            throw f.Error(startNode, $"{what} ends beyond the {geometry.AddressBits}-bit address space: from {start} it may have at most {room.ToString("N0", CultureInfo.InvariantCulture)} pages");
        }

        return (first, pages);
    }

    // For a step without a verb, the verb its first field may be a slip for: "; found 'tuch' (did you mean 'touch'?)".
    private static string VerbSuggestion(YamlFields f)
    {
        var first = f.Node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).FirstOrDefault();
        var suggestion = first is null ? string.Empty : Spelling.Suggestion(first, Verbs);
        return suggestion.Length == 0 ? string.Empty : $"; found '{first}'{suggestion}";
    }

    private static ScenarioStep ReadStep(string source, YamlNode node, ScriptState state, MachineConfig machine)
    {
        var f = new YamlFields(source, node, "a step");
        var verbs = Verbs.Where(f.Has).ToArray();
        if (verbs.Length != 1)
        {
            throw f.Error(node, verbs.Length == 0
                ? $"a step needs one of: {string.Join(", ", Verbs)} (for example '- touch: p1'){VerbSuggestion(f)}"
                : $"a step has one verb, found {string.Join(" and ", verbs)}");
        }

        var verb = verbs[0];

        // Unknown fields first, so that a misspelt one is named as such rather than as a field missing.
        f.RejectUnknown(StepFields[verb]);
        var who = f.RequireString(verb);
        if (verb == "spawn")
        {
            var spawn = ReadSpawn(source, node, who, machine.Geometry);
            state.Spawn(spawn, f.Find(verb)!);
            return spawn;
        }

        return ReadProcessStep(f, verb, who, state, machine);
    }

    // The step of a verb other than spawn, whose process must exist.
    private static ScenarioStep ReadProcessStep(YamlFields f, string verb, string who, ScriptState state, MachineConfig machine)
    {
        var node = f.Node;
        var line = (int)node.Start.Line;
        var whoNode = f.Find(verb)!;

        // Errors found when the step is played (the kernel refusing it) point at its verb.
        var column = (int)f.Key(verb)!.Start.Column;
        var process = state.Require(who, whoNode);
        ScenarioStep step;
        switch (verb)
        {
            case "touch":
                step = ReadTouch(f, line, who, process, machine);
                break;
            case "fork":
                var child = f.String("child") ?? $"{who}-child";
                state.Fork(who, child, f.Find("child") ?? whoNode);
                step = new ForkStep(line, who, child);
                break;
            case "exit":
                state.End(who);
                step = new ExitStep(line, who);
                break;
            case "switch":
                step = new SwitchStep(line, who);
                break;
            case "mmap":
                var region = ReadRegion(f, machine.Geometry, requireName: false);
                state.Map(who, region, f.Find("name") ?? node, f.Has("name"));
                step = new MmapStep(line, who, region);
                break;
            case "munmap":
                var (uRegion, uStart, uPages) = ReadRange(f, "munmap", who, process, machine.Geometry);

                // A region unmapped in part keeps its name: its pages are still counted from its start.
                if (uRegion is not null && uPages == process[uRegion].Pages)
                {
                    process.Remove(uRegion);
                }

                step = new MunmapStep(line, who, uRegion, uStart, uPages);
                break;
            case "mprotect":
                var (pRegion, pStart, pPages) = ReadRange(f, "mprotect", who, process, machine.Geometry);
                var protection = f.Protection("prot") ?? throw f.Error(node, "an mprotect step needs 'prot', such as 'prot: r--'");
                step = new MprotectStep(line, who, pRegion, pStart, pPages, protection);
                break;
            default:
                var most = (long)machine.Geometry.PageCount;
                var delta = f.Integer("pages", -most, most) ?? throw f.Error(node, "a brk step needs 'pages': how many pages to grow (+4) or shrink (-2) the heap by");
                step = new BrkStep(line, who, delta, state.Brk(who, delta, f.Find("pages")!));
                break;
        }

        return step with { Column = column };
    }

    // The pages an munmap or mprotect step acts on: a region's, all of them or those 'pages'
    // names counted from its start (as a touch reads them); or 'start' with 'pages' or 'size'.
    private static (string? Region, PageNumber Start, ulong Pages) ReadRange(YamlFields f, string verb, string who, Dictionary<string, RegionSpec> process, PageGeometry geometry)
    {
        if (f.String("region") is { } name)
        {
            var region = FindRegion(f, name, who, process);
            if ((f.Key("start") ?? f.Key("size")) is { } other)
            {
                var field = ((YamlScalarNode)other).Value;
                throw f.Error(other, $"field '{field}': with 'region', an {verb} step takes the region's pages as 'pages: 2-3', counted from its start; 'start' and 'size' give a range without 'region'");
            }

            var (first, count) = RegionPages(f, region);
            return (name, new PageNumber(region.Start.Value + first), count);
        }

        if (!f.Has("start"))
        {
            throw f.Error(f.Node, $"an {verb} step needs 'region' (a region's name, with 'pages: 2-3' for some of its pages) or 'start' with 'pages' or 'size'");
        }

        var (start, pages) = ReadExtent(f, geometry, $"the range of an {verb} step");
        return (null, start, pages);
    }

    private static RegionSpec FindRegion(YamlFields f, string name, string who, Dictionary<string, RegionSpec> process) =>
        process.GetValueOrDefault(name) ?? throw f.Error(f.Find("region")!,
            $"field 'region': no region named '{name}' in {who}{Spelling.Suggestion(name, process.Keys)}; it has: {(process.Count == 0 ? "none" : string.Join(", ", process.Keys))}");

    private static TouchStep ReadTouch(YamlFields f, int line, string who, Dictionary<string, RegionSpec> process, MachineConfig machine)
    {
        var pattern = f.Choice("pattern", Patterns) ?? AccessPattern.Sequential;
        var kind = f.Choice("access", AccessKinds) ?? AccessKind.Read;
        var writes = f.Number("writes", 0, 1);
        if (writes is not null && f.Has("access"))
        {
            throw f.Error(f.Find("writes")!, "a touch step takes either 'access' (every access of one kind) or 'writes' (a fraction of writes), not both");
        }

        var seed = (int?)f.Integer("seed", int.MinValue, int.MaxValue) ?? DefaultSeed(machine.PolicyOptions.Seed, line);
        var exponent = f.Number("exponent", 0, 10) ?? 1.0;
        var count = (int?)f.Integer("count", 1, 100_000_000);
        var times = (int?)f.Integer("times", 1, 1_000_000);
        var random = pattern is AccessPattern.Random or AccessPattern.Zipf;

        // The seed draws the pages of a random or zipf touch and which accesses are writes.
        void RefuseSeedUnless(bool drawsPages)
        {
            if (writes is null && !drawsPages)
            {
                f.Refuse("seed", "this touch makes no random choice; a seed is for the random and zipf patterns and for 'writes'");
            }
        }

        if (f.String("address") is { } addressText)
        {
            foreach (var field in new[] { "region", "pages", "pattern", "count", "exponent" })
            {
                f.Refuse(field, $"a touch of one 'address' takes 'times', 'access' or 'writes'; '{field}' is for a touch of a region's pages");
            }

            RefuseSeedUnless(false);

            // Any 64-bit address is taken: one beyond the machine's address space is a SIGSEGV when touched, as in Linux.
            if (!VirtualAddress.TryParse(addressText, out var address))
            {
                throw f.Error(f.Find("address")!, Traces.TraceText.IsNumeral(addressText.Replace("_", string.Empty, StringComparison.Ordinal), hex: true)
                    ? $"field 'address': expected an address of at most 0xffffffffffffffff (64 bits), found '{addressText}'"
                    : $"field 'address': expected an address such as 0x401000, found '{addressText}'");
            }

            return new TouchStep(line, who, null, address, 0, 1, AccessPattern.Sequential, 1, times ?? 1, kind, writes, exponent, seed);
        }

        var patternName = pattern.ToString().ToLowerInvariant();
        if (random)
        {
            f.Refuse("times", $"the {patternName} pattern makes 'count' accesses; 'times' is for the sequential and loop patterns");
        }
        else
        {
            f.Refuse("count", $"the {patternName} pattern goes through the pages in order, 'times' times; 'count' is for the random and zipf patterns");
        }

        if (pattern != AccessPattern.Zipf)
        {
            f.Refuse("exponent", $"only the zipf pattern has an exponent, and this touch's is {patternName}");
        }

        RefuseSeedUnless(random);

        var regionName = f.String("region") ?? throw f.Error(f.Node, "a touch step needs 'region' (a region's name) or 'address'");
        var region = FindRegion(f, regionName, who, process);
        var (first, pages) = RegionPages(f, region);

        return new TouchStep(
            line,
            who,
            regionName,
            null,
            region.Start.Value + first,
            pages,
            pattern,
            count ?? (int)Math.Min(int.MaxValue, pages * 2),
            times ?? (pattern == AccessPattern.Loop ? 4 : 1),
            kind,
            writes,
            exponent,
            seed);
    }

    /// <summary>
    /// The seed of a touch step that names none: a fixed mix of the machine seed and the
    /// step's line (not <see cref="System.HashCode"/>, which differs from one process to the next).
    /// </summary>
    private static int DefaultSeed(int machineSeed, int line) =>
        (int)(unchecked(((uint)machineSeed * 2_654_435_761u) + ((uint)line * 40_503u)) & int.MaxValue);

    // The pages of region a step's 'pages' field names, counted from its start; all of them without one.
    private static (ulong First, ulong Count) RegionPages(YamlFields f, RegionSpec region) =>
        f.String("pages") is { } range ? ParsePageRange(f, range, region) : (0UL, region.Pages);

    private static (ulong First, ulong Count) ParsePageRange(YamlFields f, string text, RegionSpec region)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        long hi = -1;
        var ok = YamlFields.TryParseInteger(parts[0], out var lo)
            && (parts.Length == 1 ? (hi = lo) >= 0 : YamlFields.TryParseInteger(parts[1], out hi));
        if (ok && lo >= 0 && hi >= lo && (ulong)hi < region.Pages)
        {
            return ((ulong)lo, (ulong)(hi - lo + 1));
        }

        var last = region.Pages - 1;
        var example = last == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"{last} or 0-{last}");
        throw f.Error(f.Find("pages")!,
            $"field 'pages': region '{region.Name}' has {Plural.Count((long)region.Pages, "page")}; expected one of them or a range, counted from 0, such as {example}, found '{text}'");
    }
}
