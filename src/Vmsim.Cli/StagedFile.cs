using System.Text;
using Vmsim.Core;

namespace Vmsim.Cli;

/// <summary>
/// An output file written whole or not at all where that can be done without harm: a new file, or
/// on Linux a regular file of the user's with one name, in a folder the user may write. Its content
/// goes to a temporary file in the same folder (<c>.NAME.vmsim-</c> and a random part), renamed onto
/// the file's name only once complete (a rename within one file system replaces the name at once);
/// a failure or an interrupt while writing removes the temporary file and leaves any file of that
/// name as it was. Any other file is written into, in place, as a program writing to it would: a
/// device, a FIFO or pipe (<c>/dev/stdout</c>), a file with other names (hard links, which then all
/// see the new content), another user's file (which keeps its owner), a file in a folder the user
/// may not write.
/// </summary>
internal static class StagedFile
{
    // A temporary file's name is the file's own with ".vmsim-" and a random part (21 more bytes); a
    // name too long for that (Linux allows 255 bytes) goes without it.
    private const int LongestNameKept = 200;

    /// <summary>
    /// Writes <paramref name="path"/> (given to <paramref name="option"/>) through
    /// <paramref name="write"/>. An existing file is written over only when <paramref name="force"/>
    /// is true (<see cref="OutputFile.Check"/> refused it before any work; this refuses one that
    /// appeared since), and never when the user may not write it. A symbolic link is written
    /// through, to the file it names. While writing, an interrupt is taken over from
    /// <paramref name="interruption"/>: a staged file is then not put in place if it came before the
    /// rename (a file written in place is finished), and the result is false, for the verb to
    /// report the interrupt and end; true when the file is written and no interrupt came.
    /// </summary>
    /// <exception cref="CommandLineInputException">The file could not be written (read-only, a full disk, no permission), said without the temporary file's name.</exception>
    public static bool Write(string path, string option, bool force, Interruption? interruption, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var (target, folder, exists, staged, status) = Plan(path, option);
        if (exists && !force)
        {
            throw Appeared(path, option);
        }

        using (interruption?.TakeOver(() => { }))
        {
            if (!staged)
            {
                WriteInPlace(path, option, write);
            }
            else if (!WriteStaged(path, target, folder, option, force, status?.Permissions, interruption, write))
            {
                return false;
            }
        }

        // Checked once the interrupt is no longer taken over, so that none goes unheeded.
        return interruption?.Signal is null;
    }

    /// <summary>
    /// For content written as something runs rather than through <see cref="Write"/>'s callback (a
    /// recording's copy): the temporary file to write it into, created beside <paramref name="path"/>,
    /// when <see cref="Write"/> would stage it, with <paramref name="target"/>, the file to rename it
    /// onto once complete (<see cref="PutInPlace"/>); null when the file is to be written into in
    /// place (<see cref="OpenInPlace(string, string)"/>).
    /// </summary>
    /// <exception cref="CommandLineInputException">The file is read-only, or no file can be created in its folder.</exception>
    public static FileStream? CreateBeside(string path, string option, out string target)
    {
        ArgumentNullException.ThrowIfNull(path);
        (target, var folder, _, var staged, _) = Plan(path, option);
        return staged ? CreateTemporary(target, folder, option) : null;
    }

    /// <summary>
    /// Opens <paramref name="path"/> to be written into in place, as <see cref="Write"/> writes a
    /// file it does not stage, but without cutting it: what it held stays until the caller cuts it.
    /// A file that was not there is created.
    /// </summary>
    /// <exception cref="CommandLineInputException">It cannot be written (no permission, a folder that cannot be entered).</exception>
    public static FileStream OpenInPlace(string path, string option) => OpenInPlace(path, option, FileMode.OpenOrCreate);

    /// <summary>
    /// Renames <paramref name="temporary"/>, complete, onto <paramref name="target"/> (see
    /// <see cref="CreateBeside"/>), with the permissions of the file it replaces, if any; one that appeared
    /// meanwhile is written over only when <paramref name="force"/> is true.
    /// </summary>
    /// <exception cref="CommandLineInputException">It could not be renamed (the temporary file is then removed).</exception>
    public static void PutInPlace(string temporary, string target, string path, string option, bool force)
    {
        ArgumentNullException.ThrowIfNull(temporary);
        try
        {
            if (!OperatingSystem.IsWindows() && File.Exists(target))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw Unplaced(e, temporary, target, path, option, force);
        }
    }

    // Why a staged file did not reach target: one of that name appeared meanwhile (kept without
    // force), or the write or the rename failed, said without the temporary file's name.
    private static CommandLineInputException Unplaced(Exception e, string temporary, string target, string path, string option, bool force) =>
        !force && File.Exists(target)
            ? Appeared(path, option)
            : CouldNotWrite(option, path, e, temporary);

    // Where path's content goes: the file it names (through links), its folder, whether one exists,
    // whether it is written staged, and what Linux says of it (null when not asked or not there).
    private static (string Target, string Folder, bool Exists, bool Staged, FileStatus? Status) Plan(string path, string option)
    {
        var target = OutputFile.RealPath(Path.GetFullPath(path));
        var folder = Path.GetDirectoryName(target) ?? ".";
        var error = FileStatus.NotImplemented;
        var status = OperatingSystem.IsLinux() ? FileStatus.Of(path, out error) : null;
        if (error is FileStatus.NotPermitted or FileStatus.NotImplemented)
        {
            // The kind of an existing file is not known here: it is written into.
            var exists = File.Exists(target);
            return (target, folder, exists, !exists, status);
        }

        if (status is null)
        {
            // None there (staged), or Linux cannot look (no permission along the path, a loop
            // of links): writing into it then says why.
            return (target, folder, false, error == FileStatus.NoSuchFile, status);
        }

        if (!FileStatus.MayWrite(path))
        {
            throw new CommandLineInputException($"{option}: {path} is read-only; make it writable, or give another name");
        }

        return (target, folder, true, status.Value is { IsRegular: true, Links: 1, OwnedByUser: true } && FileStatus.MayWriteIn(folder), status);
    }

    // A new name beside target, in folder, for its content while it is written.
    private static string Temporary(string target, string folder)
    {
        var name = Path.GetFileName(target);
        return Path.Combine(folder, Encoding.UTF8.GetByteCount(name) > LongestNameKept
            ? $".vmsim-{Path.GetRandomFileName()}"
            : $".{name}.vmsim-{Path.GetRandomFileName()}");
    }

    // Into the file itself, as a program writing to it would (so through path as given: /dev/stdout
    // is a link to a pipe that has no path of its own).
    private static void WriteInPlace(string path, string option, Action<Stream> write)
    {
        var stream = OpenInPlace(path, option, FileMode.Create);
        try
        {
            // Disposed within: its last bytes reach the file as it closes, and may fail there too.
            using (stream)
            {
                write(stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CouldNotWrite(option, path, e, path);
        }
    }

    private static FileStream OpenInPlace(string path, string option, FileMode mode)
    {
        try
        {
            return new FileStream(path, mode, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CouldNotWrite(option, path, e, path);
        }
    }

    // A new file beside target, in folder, for its content while it is written.
    private static FileStream CreateTemporary(string target, string folder, string option)
    {
        var temporary = Temporary(target, folder);
        try
        {
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineInputException($"{option}: cannot create a file in folder {folder}: {Reason(e, temporary, folder)}", e);
        }
    }

    // Into a temporary file beside target, renamed onto it when complete and no interrupt came;
    // false when one did (the temporary file then removed). It keeps replacedPermissions, those of
    // the file it replaces (null for none).
    private static bool WriteStaged(string path, string target, string folder, string option, bool force, UnixFileMode? replacedPermissions, Interruption? interruption, Action<Stream> write)
    {
        var stream = CreateTemporary(target, folder, option);
        var temporary = stream.Name;
        try
        {
            using (stream)
            {
                if (replacedPermissions is { } permissions && !OperatingSystem.IsWindows())
                {
                    // The new file keeps the permissions of the one it replaces, as writing into it did.
                    File.SetUnixFileMode(stream.SafeFileHandle, permissions);
                }

                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (interruption?.Signal is not null)
            {
                File.Delete(temporary);
                return false;
            }

            File.Move(temporary, target, overwrite: force);
            return true;
        }
        catch (Exception e)
        {
            File.Delete(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw Unplaced(e, temporary, target, path, option, force);
            }

            throw;
        }
    }

    private static CommandLineInputException Appeared(string path, string option) =>
        new($"{option}: {path} appeared while vmsim ran; give another name, or --force to write over it");

    // Why a file operation failed, without .NET's path in it (the temporary file's random name would
    // make the message differ run to run): the system's words for the error where .NET kept its
    // number, else .NET's message with the path it names put as the user gave it.
    /// <summary>
    /// The error for <paramref name="path"/> (given to <paramref name="option"/>) that could not be
    /// written: <paramref name="e"/>, thrown by the file <paramref name="failed"/> (the file itself
    /// or a temporary file for it), said without the temporary file's name.
    /// </summary>
    public static CommandLineInputException CouldNotWrite(string option, string path, Exception e, string failed) =>
        new($"{option}: could not write {path}: {Reason(e, failed, path)}", e);

    private static string Reason(Exception e, string failed, string named) =>
        FileErrorWords.Of(e) ?? e.Message.Replace($" : '{failed}'", string.Empty, StringComparison.Ordinal).Replace(failed, named, StringComparison.Ordinal);
}
