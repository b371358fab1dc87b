using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// The next use of every access of a trace, in a temporary file written by
/// <see cref="NextUsePrepass"/> (8 bytes an access, at its place), gone when disposed (<see cref="TemporaryFile"/>).
/// Reads are positional, so readers on several threads may share one file.
/// </summary>
public sealed class NextUseFile : IDisposable
{
    private readonly SafeFileHandle _file;

    internal NextUseFile(SafeFileHandle file, long count)
    {
        _file = file;
        Count = count;
    }

    /// <summary>The accesses of the trace the file was written for.</summary>
    public long Count { get; }

    /// <summary>
    /// A reader of <paramref name="trace"/>, opened afresh from its start, whose accesses carry
    /// their next uses from this file; disposing it leaves the file open for other readers.
    /// </summary>
    public NextUseTraceReader Open(ITraceReader trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new NextUseTraceReader(trace, this, ownsFile: false);
    }

    /// <summary>Reads the next uses of the accesses from index <paramref name="first"/> on into <paramref name="into"/>.</summary>
    internal void Read(long first, Span<long> into) =>
        NextUsePrepass.ReadExactly(_file, MemoryMarshal.AsBytes(into), first * sizeof(long));

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
