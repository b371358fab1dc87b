namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// A source of memory accesses read from a trace, batch by batch. Readers parse their
/// input's bytes directly from their own buffers and allocate nothing per access; a bad
/// record throws <see cref="InputFormatException"/> naming the source, the line (or byte
/// offset for binary formats) and what was expected. Not thread-safe.
/// </summary>
public interface ITraceReader : IDisposable
{
    /// <summary>The name of the input in messages: a file path, or "stdin".</summary>
    string Source { get; }

    /// <summary>The format's name, as <see cref="TraceFormats.Names"/> lists it.</summary>
    string Format { get; }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the next accesses, up to its length, and returns
    /// how many it wrote; 0 means the trace has ended (and only then: a short count is not an end).
    /// The buffer must not be empty.
    /// </summary>
    int Read(Span<MemoryAccess> buffer);

    /// <summary>Bytes of the input consumed so far, in the same unit as <see cref="Length"/> (compressed bytes for a gzip file).</summary>
    long BytesRead { get; }

    /// <summary>The input's size in bytes when known (a file), or null (a pipe), for a progress bar.</summary>
    long? Length { get; }

    /// <summary>
    /// How many accesses the trace holds, when that is known before the reader is read: from the
    /// trace's size (an uncompressed oracleGeneral file of whole records: its size over 24 bytes),
    /// or from a pass already made over it (OPT's next-use pre-pass,
    /// <see cref="Analysis.NextUseTraceReader"/>); otherwise null.
    /// </summary>
    long? Accesses => null;

    /// <summary>
    /// True when the trace records page numbers rather than byte addresses: a <c>pages</c> trace,
    /// an oracleGeneral trace (its object ids are its pages), and a CSV trace whose location is a
    /// page column (<see cref="CsvColumns.IsPage"/>). Its steps write its pages in decimal, as a
    /// reference string's are; an address trace's in hexadecimal, as its addresses are. A CSV
    /// reader that infers its columns reads its header to tell. No default: a reader that wraps
    /// another says what the other says.
    /// </summary>
    bool RecordsPageNumbers { get; }
}
