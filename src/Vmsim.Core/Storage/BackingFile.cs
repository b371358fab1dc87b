namespace Vmsim.Core.Storage;

/// <summary>A file that can be mapped into memory; it has as many pages as are read from it.</summary>
/// <param name="Id">The file's number in the <see cref="FileSystem"/>.</param>
/// <param name="Name">The file's name, as scenarios give it.</param>
public sealed record BackingFile(int Id, string Name)
{
    /// <summary>Pages read from the file into the page cache.</summary>
    public long PagesRead { get; set; }

    /// <summary>Dirty pages written back to the file.</summary>
    public long PagesWritten { get; set; }
}
