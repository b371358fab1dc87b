namespace Vmsim.Cli;

/// <summary>Checks on a file the user asked vmsim to write, made before any work.</summary>
internal static class OutputFile
{
    /// <summary>Refuses <paramref name="path"/>, given to <paramref name="option"/>, when the folder it names does not exist.</summary>
    public static void RequireFolder(string path, string option)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            throw new CommandLineInputException($"{option}: the folder {folder} does not exist");
        }
    }
}
