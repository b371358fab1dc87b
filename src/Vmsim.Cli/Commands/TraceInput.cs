using Microsoft.Win32.SafeHandles;
using Vmsim.Core;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Commands;

/// <summary>
/// A trace to read: a file, or standard input. A file can be opened any number of times;
/// standard input once, unless <see cref="SaveStandardInput"/> copied it to a temporary file
/// first (gone on <see cref="Dispose"/>, and whenever the process ends, <see cref="TemporaryFile"/>).
/// </summary>
internal sealed class TraceInput : IDisposable
{
    private readonly CliOutput _output;
    private SafeFileHandle? _saved;
    private bool _stdinOpened;

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
    /// Refuses a trace that held no accesses (an empty file, or comments and blank lines
    /// only): there is nothing to count, and a miss ratio of nothing is no figure.
    /// </summary>
    public static void RequireAccesses(string source, string format, long accesses)
    {
        if (accesses == 0)
        {
            throw new InputFormatException(source, 0, 0, $"has no accesses: expected at least one {format} record, found none (an empty trace, or comments and blank lines only)");
        }
    }

    /// <summary>
    /// Copies standard input to a temporary file, so that the trace can be read more than once
    /// (for OPT's pre-pass, a sweep, counting a warm-up's share). True when this call made the
    /// copy; false for a file, or when standard input was saved already.
    /// </summary>
    public bool SaveStandardInput()
    {
        if (!IsStandardInput || _saved is not null)
        {
            return false;
        }

        var saved = TemporaryFile.Create(System.IO.Path.GetTempPath(), "stdin");
        try
        {
            // Written through the handle, which a FileStream would close with itself.
            using var input = _output.OpenStandardInput();
            var buffer = new byte[1 << 16];
            long length = 0;
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

        _saved = saved;
        _stdinOpened = true;
        return true;
    }

    /// <summary>Opens the trace from its start with pages of <paramref name="pageSize"/> bytes.</summary>
    public ITraceReader Open(int pageSize)
    {
        if (_saved is not null)
        {
            return TraceFormats.Open(new FileHandleReadStream(_saved), "stdin", Format, pageSize, Csv);
        }

        if (IsStandardInput)
        {
            if (_stdinOpened)
            {
                throw new InvalidOperationException("standard input can be read only once; save it first");
            }

            _stdinOpened = true;
            return TraceFormats.Open(_output.OpenStandardInput(), "stdin", Format, pageSize, Csv);
        }

        return TraceFormats.Open(Path, Format, pageSize, Csv);
    }

    /// <summary>Closes the saved copy of standard input, if any, which frees it.</summary>
    public void Dispose()
    {
        _saved?.Dispose();
        _saved = null;
    }
}
