namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A reader as <see cref="TraceFormats.Open(Stream, string, string?, int, CsvLayout?, bool, bool)"/>
/// returns it: progress counted on the raw input (compressed bytes for gzip), and every stream
/// closed on dispose.
/// </summary>
/// <param name="inner">The format's reader.</param>
/// <param name="raw">The input as given, counting the bytes read.</param>
/// <param name="length">The input's length when known.</param>
internal sealed class OpenedTraceReader(ITraceReader inner, CountingStream raw, long? length) : ITraceReader
{
    public string Source => inner.Source;

    public string Format => inner.Format;

    public long BytesRead => raw.Count;

    public long? Length => length;

    public long? Accesses => inner.Accesses;

    public bool RecordsPageNumbers => inner.RecordsPageNumbers;

    public int Read(Span<MemoryAccess> buffer) => inner.Read(buffer);

    public void Dispose()
    {
        inner.Dispose();
        raw.Dispose();
    }
}
