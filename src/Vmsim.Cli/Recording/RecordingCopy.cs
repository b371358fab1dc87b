using Vmsim.Core;

namespace Vmsim.Cli.Recording;

/// <summary>
/// The gzip copy <c>record --save</c> keeps of a recording. It is written into a temporary file
/// and goes where <see cref="StagedFile"/> would write the file only once the recording has ended
/// with accesses in it: renamed onto its name where that can be done without harm (the temporary
/// file is then beside it), else written into the file in place (a file with other names, another
/// user's, one in a folder the user may not write; the temporary file is then a nameless one in the
/// system's temporary folder, <see cref="TemporaryFile"/>, which nothing can leave behind). A recording of nothing (a program not found, an interrupt before its first
/// access), or one that failed, leaves no copy, and a file the user had of that name (written over
/// with <c>--force</c>) as it was. The file, or its folder, is opened before the program runs, so
/// that one that cannot be written is said at once.
/// </summary>
internal sealed class RecordingCopy : IDisposable
{
    private readonly string _path;
    private readonly string _option;
    private readonly bool _force;
    private readonly FileStream _temporary;
    private readonly string _target;
    private readonly FileStream? _inPlace;
    private readonly bool _existed;
    private bool _settled;

    /// <summary>Plans the copy to <paramref name="path"/> (given to <paramref name="option"/>); <paramref name="force"/> lets it replace a file.</summary>
    /// <exception cref="CommandLineInputException">The file is read-only, or cannot be written, or no file can be created in its folder.</exception>
    public RecordingCopy(string path, string option, bool force)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        _option = option;
        _force = force;
        _existed = File.Exists(path);
        if (StagedFile.CreateBeside(path, option, out _target) is { } beside)
        {
            _temporary = beside;
            return;
        }

        _inPlace = StagedFile.OpenInPlace(path, option);
        try
        {
            _temporary = new FileStream(TemporaryFile.Create(Path.GetTempPath(), "save"), FileAccess.ReadWrite, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Remove();
            throw new CommandLineInputException($"{option}: cannot create a file in the temporary folder {Path.GetTempPath()}: {FileErrorWords.Of(e) ?? e.Message}", e);
        }
    }

    /// <summary>Where the recording writes the copy, until the trace has ended; this closes it.</summary>
    public Stream Stream => _temporary;

    /// <summary>Puts the copy, closed and holding accesses, in place.</summary>
    /// <exception cref="CommandLineInputException">It could not be written.</exception>
    public void Keep()
    {
        _settled = true;
        if (_inPlace is null)
        {
            _temporary.Dispose();
            StagedFile.PutInPlace(_temporary.Name, _target, _path, _option, _force);
            return;
        }

        try
        {
            using (_temporary)
            using (_inPlace)
            {
                if (_inPlace.CanSeek)
                {
                    _inPlace.SetLength(0);
                }

                _temporary.Position = 0;
                _temporary.CopyTo(_inPlace);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StagedFile.CouldNotWrite(_option, _path, e, _temporary.Name);
        }
    }

    /// <summary>Removes the copy, closed and holding nothing: a file of that name from before is left as it was.</summary>
    public void Discard()
    {
        _settled = true;
        Remove();
    }

    /// <summary>Removes a copy neither kept nor discarded (the recording failed).</summary>
    public void Dispose()
    {
        if (!_settled)
        {
            _settled = true;
            Remove();
        }
    }

    private void Remove()
    {
        _temporary?.Dispose();
        if (_inPlace is null)
        {
            if (_temporary is not null)
            {
                File.Delete(_temporary.Name);
            }
        }
        else
        {
            _inPlace.Dispose();
            if (!_existed)
            {
                File.Delete(_path);
            }
        }
    }
}
