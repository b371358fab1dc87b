using System.CommandLine;

namespace Vmsim.Cli;

/// <summary>
/// Checks on a file the user asked vmsim to write, made before any work: its folder must
/// exist, it must not be a file the run reads, and a file already there is written over only
/// with <c>--force</c>, so that nothing the user has is lost by a slip of the name.
/// </summary>
internal static class OutputFile
{
    /// <summary>A new <c>--force</c> option, for a verb that writes files.</summary>
    public static Option<bool> ForceOption() => new("--force")
    {
        Description = "Write over output files that already exist (never over the trace being read)",
    };

    /// <summary>
    /// Refuses <paramref name="path"/>, given to <paramref name="option"/>: when the folder it
    /// names does not exist; when it is one of <paramref name="inputs"/> (files the run reads);
    /// when it already exists and <paramref name="force"/> is false.
    /// </summary>
    public static void Check(string path, string option, bool force, params string?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            throw new CommandLineInputException($"{option}: the folder {folder} does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new CommandLineInputException($"{option}: {path} is a folder; give a file name");
        }

        foreach (var input in inputs)
        {
            if (input is not null && input != "-" && SameFile(full, Path.GetFullPath(input)))
            {
                throw new CommandLineInputException($"{option}: {path} is the file being read; give another name");
            }
        }

        if (!force && File.Exists(full))
        {
            throw new CommandLineInputException($"{option}: {path} already exists; give another name, or --force to write over it");
        }
    }

    /// <summary>Refuses the same file given to two options (<paramref name="first"/> and <paramref name="second"/>), which would write one over the other.</summary>
    public static void Distinct(string? first, string firstOption, string? second, string secondOption)
    {
        if (first is not null && second is not null && SameFile(Path.GetFullPath(first), Path.GetFullPath(second)))
        {
            throw new CommandLineInputException($"{firstOption} and {secondOption}: both name {first}; give each its own file");
        }
    }

    // Two full paths name the same file: equal once the symbolic links along them are followed.
    private static bool SameFile(string a, string b) =>
        string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    /// <summary>The full <paramref name="path"/> with every symbolic link on it followed, folder by folder, then the file itself.</summary>
    internal static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path) ?? string.Empty;
        var real = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            real = Path.Combine(real, part);
            try
            {
                FileSystemInfo entry = Directory.Exists(real) ? new DirectoryInfo(real) : new FileInfo(real);
                if (entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    real = RealPath(target.FullName);
                }
            }
            catch (IOException)
            {
                // A link that cannot be followed names nothing else: keep the path as written.
            }
        }

        return real;
    }
}
