using Microsoft.Win32.SafeHandles;
using Vmsim.Core;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// A trace to read: a file, or standard input. A file can be opened any number of times;
/// standard input once, and so a path that names a pipe (a FIFO, a shell's <c>&lt;(zcat t.gz)</c>), unless <see cref="SaveStandardInput"/> copied it to a temporary file
/// first (gone on <see cref="Dispose"/>, and whenever the process ends, <see cref="TemporaryFile"/>),
/// or <see cref="KeepHead"/> lets a second open save it then.
/// </summary>
internal sealed class TraceInput : IDisposable
{
    private readonly CliOutput _output;
    private SafeFileHandle? _saved;
    private bool _stdinOpened;
    private bool _keepHead;
    private HeadKeepingStream? _head;

    // A path that names a pipe, opened once to tell (when first asked, see IsPipe), and handed to
    // the first open; null once handed.
    private Stream? _pipe;
    private bool? _isPipe;

    /// <summary>Creates the input; <see cref="TraceInputOptions.Resolve"/> is the usual way.</summary>
    public TraceInput(string path, string? format, CsvLayout? csv, CliOutput output)
    {
        Path = path;
        Format = format;
        Csv = csv;
        _output = output;
    }

    /// <summary>The path given, <c>-</c> for standard input.</summary>
    public string Path { get; }

    /// <summary>The name in messages and reports: the path, or "stdin".</summary>
    public string Name => IsStandardInput ? "stdin" : Path;

    /// <summary>The format given, or null to detect it.</summary>
    public string? Format { get; }

    /// <summary>The CSV delimiter, header and column map given, or null to infer them all.</summary>
    public CsvLayout? Csv { get; }

    /// <summary>True when the trace is standard input.</summary>
    public bool IsStandardInput => Path == "-";

    /// <summary>
    /// True when the path names a pipe, which, as standard input, can be read only once. Telling
    /// opens the path, which for a FIFO waits for a writer: first asked when the trace is first
    /// read, after the options are checked, so that a bad option is refused at once.
    /// </summary>
    public bool IsPipe => _isPipe ??= ProbePipe();

    /// <summary>What a copy saved for a second reading was made of, in notes: "standard input", or the pipe.</summary>
    public string SavedWhat => IsPipe ? $"the pipe {Path}" : "standard input";

    // True when the trace can be read only once: standard input, or a pipe by its name.
    private bool ReadsOnce => IsStandardInput || IsPipe;

    /// <summary>
    /// Refuses this trace, read in <paramref name="format"/>, when it held no accesses (an empty
    /// file, comments and blank lines only, a CSV header alone): there is nothing to count, and a
    /// miss ratio of nothing is no figure.
    /// </summary>
    public void RequireAccesses(string format, long accesses)
    {
        if (accesses == 0)
        {
            throw TraceFormats.NoAccesses(Name, format, Csv);
        }
    }

    /// <summary>
    /// Copies standard input to a temporary file, so that the trace can be read more than once
    /// (for OPT's pre-pass, a sweep, counting a warm-up's share). True when this call made the
    /// copy; false for a file, or when standard input was saved already.
    /// </summary>
    public bool SaveStandardInput()
    {
        if (!ReadsOnce || _saved is not null)
        {
            return false;
        }

        if (_head is not null)
        {
            SaveAfterHead(_head);
            return true;
        }

        // Written through the handle, which a FileStream would close with itself.
        using var input = OpenOnce();
        _saved = Copy(input, []);
        _stdinOpened = true;
        return true;
    }

    /// <summary>
    /// Lets standard input be opened a second time without saving it first: the first open keeps
    /// the bytes its reader reads to tell the format, and a second open, once that reader is
    /// closed, saves them and the rest of standard input to a temporary file and reads that
    /// (<see cref="SavedOnReopen"/>). For OPT, whose pre-pass reads a trace again unless its
    /// format carries the future: an oracleGeneral trace is then read once, with no copy.
    /// Nothing for a file, or when standard input was saved already.
    /// </summary>
    public void KeepHead() => _keepHead = ReadsOnce && _saved is null && !_stdinOpened;

    /// <summary>True when a second open saved standard input (<see cref="KeepHead"/>).</summary>
    public bool SavedOnReopen { get; private set; }

    /// <summary>Opens the trace from its start with pages of <paramref name="pageSize"/> bytes.</summary>
    public ITraceReader Open(int pageSize)
    {
        if (_saved is null && _head is not null)
        {
            SaveAfterHead(_head);
        }

        if (_saved is not null)
        {
            return TraceFormats.Open(new FileHandleReadStream(_saved), Name, Format, pageSize, Csv, isFile: IsPipe);
        }

        if (ReadsOnce)
        {
            if (_stdinOpened)
            {
                throw new InvalidOperationException("standard input can be read only once; save it first");
            }

            _stdinOpened = true;
            if (_keepHead)
            {
                // Every byte read until the format is told is kept, however many that took (gzip may read
                // far more than the head it inflates); after, none: a text reader is closed before it
                // reads on, and an oracleGeneral reader, read once, never needs them.
                _head = new HeadKeepingStream(OpenOnce());
                var reader = TraceFormats.Open(_head, Name, Format, pageSize, Csv, leaveOpen: true, isFile: IsPipe);
                _head.StopKeeping();
                return reader;
            }

            // A pipe by its name is read as the file it names is: an empty one is an empty file, and a
            // name ending in .gz must hold gzip.
            return TraceFormats.Open(OpenOnce(), Name, Format, pageSize, Csv, isFile: IsPipe);
        }

        return TraceFormats.Open(Path, Format, pageSize, Csv);
    }

    /// <summary>Closes the saved copy of standard input, if any, which frees it, and standard input if its head was kept.</summary>
    public void Dispose()
    {
        _saved?.Dispose();
        _saved = null;
        _head?.Input.Dispose();
        _head = null;
        _pipe?.Dispose();
        _pipe = null;
    }

    // True when the path names a pipe, which is then kept open for the first open.
    private bool ProbePipe()
    {
        _pipe = IsStandardInput ? null : OpenIfPipe(Path);
        return _pipe is not null;
    }

    // The path, opened, when it names something that cannot seek (a FIFO, a pipe's /dev/fd entry);
    // null for a file, or when it cannot be opened (opening it again says why).
    private static FileStream? OpenIfPipe(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (!stream.CanSeek)
            {
                return stream;
            }

            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    // Standard input, or the pipe opened when this input was made.
    private Stream OpenOnce()
    {
        if (_pipe is { } pipe)
        {
            _pipe = null;
            return pipe;
        }

        return _output.OpenStandardInput();
    }

    // Standard input saved after a first reader read its head: the bytes it read, then the rest.
    private void SaveAfterHead(HeadKeepingStream head)
    {
        var kept = head.Kept ?? throw new InputFormatException(Name, 0, 0, $"cannot be read a second time: its first reader read on after telling the format, and {(IsPipe ? "a pipe" : "standard input")} cannot be rewound; expected a trace that can be read again, so give it as a file by name");
        _head = null;
        using var input = head.Input;
        _saved = Copy(input, kept.Span);
        SavedOnReopen = true;
    }

    // A temporary file holding first, then what is left of input.
    private static SafeFileHandle Copy(Stream input, ReadOnlySpan<byte> first)
    {
        var saved = TemporaryFile.Create(System.IO.Path.GetTempPath(), "stdin");
        try
        {
            RandomAccess.Write(saved, first, 0);
            long length = first.Length;
            var buffer = new byte[1 << 16];
            while (input.Read(buffer) is var read and > 0)
            {
                RandomAccess.Write(saved, buffer.AsSpan(0, read), length);
                length += read;
            }
        }
        catch
        {
            saved.Dispose();
            throw;
        }

        return saved;
    }
}
