namespace Vmsim.Cli;

/// <summary>
/// An output file written whole or not at all: its content goes to a temporary file in the same
/// folder, which is renamed onto the file's name only once complete (a rename within one file
/// system replaces the name at once). A failure or an interrupt while writing removes the
/// temporary file and leaves any file of that name as it was; a reader never sees half a file.
/// </summary>
internal static class StagedFile
{
    /// <summary>
    /// Writes <paramref name="path"/> (given to <paramref name="option"/>) through
    /// <paramref name="write"/>. An existing file is replaced only when <paramref name="force"/>
    /// is true (<see cref="OutputFile.Check"/> refused it before any work; this refuses one that
    /// appeared since). A symbolic link is written through, to the file it names. While writing,
    /// an interrupt is taken over from <paramref name="interruption"/>: the file is then not put in
    /// place if it came before the rename, and the result is false, for the verb to report the
    /// interrupt and end; true when the file is in place and no interrupt came.
    /// </summary>
    /// <exception cref="CommandLineInputException">The file could not be written (a full disk, no permission).</exception>
    public static bool Write(string path, string option, bool force, Interruption? interruption, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var target = OutputFile.RealPath(Path.GetFullPath(path));
        var temporary = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.vmsim-{Path.GetRandomFileName()}");
        try
        {
            using (interruption?.TakeOver(() => { }))
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (force && !OperatingSystem.IsWindows() && File.Exists(target))
                    {
                        // The new file keeps the permissions of the one it replaces, as writing into it did.
                        File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(target));
                    }

                    write(stream);
                    stream.Flush(flushToDisk: true);
                }

                if (interruption?.Signal is null)
                {
                    File.Move(temporary, target, overwrite: force);
                }
            }
        }
        catch (Exception e)
        {
            File.Delete(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineInputException(
                    !force && File.Exists(target)
                        ? $"{option}: {path} appeared while vmsim ran; give another name, or --force to write over it"
                        : $"{option}: could not write {path}: {e.Message}",
                    e);
            }

            throw;
        }

        // Checked once the interrupt is no longer taken over, so that none goes unheeded: one that
        // came before the rename left the temporary file, one after it found the file whole.
        File.Delete(temporary);
        return interruption?.Signal is null;
    }
}
