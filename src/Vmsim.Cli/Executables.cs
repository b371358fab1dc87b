namespace Vmsim.Cli;

/// <summary>Finding the programs vmsim runs (valgrind, node) as a shell would.</summary>
internal static class Executables
{
    /// <summary>
    /// The first file named one of <paramref name="names"/> in the folders of
    /// <paramref name="pathVariable"/> (a PATH value), folder by folder; null if none is there.
    /// </summary>
    public static string? FindOnPath(string? pathVariable, params string[] names)
    {
        foreach (var folder in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
