using Vmsim.Core.Addressing;
using YamlDotNet.RepresentationModel;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// What a scenario's script has created so far, as <see cref="ScenarioReader"/> checks each
/// step against it: processes alive, their regions by name, and their heaps. A process's
/// heap is the first region named <see cref="BrkStep.HeapRegion"/> it declares or maps, or
/// what its first brk makes; it keeps its start and size after an munmap (the program break
/// stays where it was, as in Linux), so that brk goes on from there.
/// </summary>
internal sealed class ScriptState(string source, PageGeometry geometry)
{
    private readonly Dictionary<string, Dictionary<string, RegionSpec>> _alive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everUsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PageNumber Start, ulong Pages)> _heaps = new(StringComparer.Ordinal);

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

            if (region.Name == BrkStep.HeapRegion)
            {
                _heaps[spawn.Process] = (region.Start, region.Pages);
            }
        }
    }

    /// <summary>
    /// Adds a region an mmap step maps (<paramref name="node"/> is its name, or the step when
    /// it has none): its name must be new to the process, and one named as the heap is the
    /// heap, unless the process has one already.
    /// </summary>
    public void Map(string process, RegionSpec region, YamlNode node, bool named)
    {
        if (_alive[process].ContainsKey(region.Name))
        {
            throw YamlFields.Error(source, node, named
                ? $"process '{process}' already has a region named '{region.Name}'"
                : $"process '{process}' already has a region named '{region.Name}', the name an mmap without 'name' takes; give this region a 'name'");
        }

        if (region.Name == BrkStep.HeapRegion)
        {
            if (_heaps.TryGetValue(process, out var heap))
            {
                throw YamlFields.Error(source, node,
                    $"process '{process}' already has a heap, whose break is at {geometry.AddressOf(new PageNumber(heap.Start.Value + heap.Pages))} (brk moves it); name this region otherwise");
            }

            _heaps[process] = (region.Start, region.Pages);
        }

        _alive[process][region.Name] = region;
    }

    public Dictionary<string, RegionSpec> Require(string name, YamlNode node) =>
        _alive.GetValueOrDefault(name) ?? throw YamlFields.Error(source, node, _everUsed.Contains(name)
            ? $"process '{name}' has already exited at this point of the script"
            : $"no process named '{name}'{Spelling.Suggestion(name, _alive.Keys)}; the processes at this point are: {(_alive.Count == 0 ? "none" : string.Join(", ", _alive.Keys))}");

    public void Fork(string parent, string child, YamlNode node)
    {
        Add(child, node);
        foreach (var (name, region) in _alive[parent])
        {
            _alive[child][name] = region;
        }

        if (_heaps.TryGetValue(parent, out var heap))
        {
            _heaps[child] = heap;
        }
    }

    public void End(string name)
    {
        _alive.Remove(name);
        _heaps.Remove(name);
    }

    /// <summary>
    /// Moves the heap of <paramref name="process"/> by <paramref name="delta"/> pages (a first
    /// brk starts it after the highest region) and returns where it starts; shrinking it by
    /// more pages than it has is an error at <paramref name="node"/>, as is growing it out of
    /// the address space.
    /// </summary>
    public PageNumber Brk(string process, long delta, YamlNode node)
    {
        var regions = _alive[process];
        var (start, pages) = _heaps.TryGetValue(process, out var heap)
            ? heap
            : (new PageNumber(regions.Values.Select(r => r.Start.Value + r.Pages).DefaultIfEmpty(geometry.PageOf(new VirtualAddress(0x1000_0000)).Value).Max()), 0UL);
        if (delta < -(long)pages)
        {
            throw YamlFields.Error(source, node, $"field 'pages': the heap of {process} has {Plural.Count((long)pages, "page")}; it cannot shrink by {Plural.Count(-delta, "page")}");
        }

        if (delta > 0 && !geometry.Contains(new PageNumber(start.Value + pages + (ulong)delta - 1)))
        {
            throw YamlFields.Error(source, node, $"field 'pages': the heap of {process} would end beyond the {geometry.AddressBits}-bit address space");
        }

        pages = (ulong)((long)pages + delta);
        _heaps[process] = (start, pages);
        if (pages == 0)
        {
            regions.Remove(BrkStep.HeapRegion);
        }
        else
        {
            regions[BrkStep.HeapRegion] = new RegionSpec(BrkStep.HeapRegion, start, pages, Protection.ReadWrite, null, 0, false);
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
