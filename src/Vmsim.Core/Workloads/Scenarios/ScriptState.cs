using Vmsim.Core.Addressing;
using YamlDotNet.RepresentationModel;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>What a scenario's script has created so far, as <see cref="ScenarioReader"/> checks each step against it: processes alive and their regions by name.</summary>
internal sealed class ScriptState(string source, PageGeometry geometry)
{
    private readonly Dictionary<string, Dictionary<string, RegionSpec>> _alive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everUsed = new(StringComparer.Ordinal);

    public void Spawn(SpawnStep spawn, YamlNode node)
    {
        Add(spawn.Process, node);
        var regions = _alive[spawn.Process];
        foreach (var region in spawn.Regions)
        {
            if (!regions.TryAdd(region.Name, region))
            {
                throw YamlFields.Error(source, node, $"process '{spawn.Process}' has two regions named '{region.Name}'");
            }
        }
    }

    public Dictionary<string, RegionSpec> Require(string name, YamlNode node) =>
        _alive.GetValueOrDefault(name) ?? throw YamlFields.Error(source, node, _everUsed.Contains(name)
            ? $"process '{name}' has already exited at this point of the script"
            : $"no process named '{name}'; the processes at this point are: {(_alive.Count == 0 ? "none" : string.Join(", ", _alive.Keys))}");

    public void Fork(string parent, string child, YamlNode node)
    {
        Add(child, node);
        foreach (var (name, region) in _alive[parent])
        {
            _alive[child][name] = region;
        }
    }

    public void End(string name) => _alive.Remove(name);

    /// <summary>Moves the heap by <paramref name="delta"/> pages; returns where the heap starts.</summary>
    public PageNumber Brk(Dictionary<string, RegionSpec> process, long delta)
    {
        var start = process.TryGetValue("heap", out var heap)
            ? heap.Start
            : new PageNumber(process.Values.Select(r => r.Start.Value + r.Pages).DefaultIfEmpty(geometry.PageOf(new VirtualAddress(0x1000_0000)).Value).Max());
        var pages = (long)(heap?.Pages ?? 0) + delta;
        if (pages <= 0)
        {
            process.Remove("heap");
        }
        else
        {
            process["heap"] = new RegionSpec("heap", start, (ulong)pages, Protection.ReadWrite, null, 0, false);
        }

        return start;
    }

    private void Add(string name, YamlNode node)
    {
        if (!_everUsed.Add(name))
        {
            throw YamlFields.Error(source, node, $"a process named '{name}' already exists; each process needs its own name");
        }

        _alive[name] = new Dictionary<string, RegionSpec>(StringComparer.Ordinal);
    }
}
