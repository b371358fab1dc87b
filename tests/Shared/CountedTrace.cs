using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Tests.Shared;

/// <summary>
/// A trace that counts how it is read: the readers opened on it and the accesses they gave in
/// all, so that a test can tell how many passes over the trace a piece of work made (the
/// accesses read over the trace's length).
/// </summary>
/// <param name="open">Opens the trace itself from its start.</param>
internal sealed class CountedTrace(Func<ITraceReader> open)
{
    private long _accessesRead;
    private int _opens;

    /// <summary>Readers opened so far.</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <summary>Accesses read so far, by every reader together.</summary>
    public long AccessesRead => Interlocked.Read(ref _accessesRead);

    /// <summary>Opens the trace from its start, with a reader whose reads are counted.</summary>
    public ITraceReader Open()
    {
        Interlocked.Increment(ref _opens);
        return new Reader(open(), this);
    }

    private sealed class Reader(ITraceReader inner, CountedTrace trace) : ITraceReader
    {
        public string Source => inner.Source;

        public string Format => inner.Format;

        public long BytesRead => inner.BytesRead;

        public long? Length => inner.Length;

        public long? Accesses => inner.Accesses;

        public bool RecordsPageNumbers => inner.RecordsPageNumbers;

        public int Read(Span<MemoryAccess> buffer)
        {
            var n = inner.Read(buffer);
            Interlocked.Add(ref trace._accessesRead, n);
            return n;
        }

        public void Dispose() => inner.Dispose();
    }
}
