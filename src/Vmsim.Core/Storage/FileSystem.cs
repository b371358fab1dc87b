namespace Vmsim.Core.Storage;

/// <summary>The files processes may map, by name; a file is created on first mention.</summary>
public sealed class FileSystem
{
    private readonly List<BackingFile> _files = [];
    private readonly Dictionary<string, BackingFile> _byName = new(StringComparer.Ordinal);

    /// <summary>All files, in order of creation.</summary>
    public IReadOnlyList<BackingFile> Files => _files;

    /// <summary>The file named <paramref name="name"/>, created if new.</summary>
    public BackingFile Open(string name)
    {
        if (!_byName.TryGetValue(name, out var file))
        {
            file = new BackingFile(_files.Count, name);
            _files.Add(file);
            _byName.Add(name, file);
        }

        return file;
    }

    /// <summary>
    /// A new memory object for a shared anonymous mapping (Linux's <c>shmem_zero_setup</c>):
    /// unnamed, so no other mapping can open it; shared by fork.
    /// </summary>
    public BackingFile CreateShmem()
    {
        var memory = new BackingFile(_files.Count, $"shared anon #{_files.Count(f => f.IsShmem) + 1}") { IsShmem = true };
        _files.Add(memory);
        return memory;
    }

    /// <summary>The file numbered <paramref name="id"/>.</summary>
    public BackingFile this[int id] => _files[id];
}
