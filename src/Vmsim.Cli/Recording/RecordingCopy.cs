namespace Vmsim.Cli.Recording;

/// <summary>
/// The gzip copy <c>record --save</c> keeps of a recording. It is written where
/// <see cref="StagedFile"/> would write the file: to a temporary file beside it where that can be
/// done without harm, put in place once the recording has ended with accesses in it. A recording
/// of nothing (a program not found, an interrupt before its first access), or one that failed,
/// leaves no copy, and a file the user had of that name (written over with <c>--force</c>) as it was.
/// </summary>
internal sealed class RecordingCopy : IDisposable
{
    private readonly string _path;
    private readonly string _option;
    private readonly bool _force;
    private readonly string? _temporary;
    private readonly string _target;
    private readonly bool _existed;
    private bool _settled;

    /// <summary>Plans the copy to <paramref name="path"/> (given to <paramref name="option"/>); <paramref name="force"/> lets it replace a file.</summary>
    /// <exception cref="CommandLineInputException">The file is read-only.</exception>
    public RecordingCopy(string path, string option, bool force)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        _option = option;
        _force = force;
        _existed = File.Exists(path);
        _temporary = StagedFile.Beside(path, option, out _target);
    }

    /// <summary>The file the recording writes the copy into.</summary>
    public string WritePath => _temporary ?? _path;

    /// <summary>Puts the copy, closed and holding accesses, in place.</summary>
    public void Keep()
    {
        _settled = true;
        if (_temporary is not null)
        {
            StagedFile.PutInPlace(_temporary, _target, _path, _option, _force);
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
        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
        else if (!_existed)
        {
            File.Delete(_path);
        }
    }
}
