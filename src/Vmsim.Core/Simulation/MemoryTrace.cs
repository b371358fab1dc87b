using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vmsim.Core.Analysis;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>
/// A whole trace held in memory, as the accesses its reader produced, so that many
/// replays (a sweep of policies and sizes) read it once. The accesses live in chunks of
/// 2^20 (24 MiB each), so that no single array grows past what the large-object heap
/// copes with, and loading stops as soon as the trace outgrows a memory budget.
/// </summary>
public sealed class MemoryTrace
{
    /// <summary>Accesses in one chunk.</summary>
    public const int ChunkAccesses = 1 << 20;

    /// <summary>Bytes one access takes in memory.</summary>
    public static readonly int AccessBytes = Unsafe.SizeOf<MemoryAccess>();

    private readonly List<MemoryAccess[]> _chunks;

    private MemoryTrace(List<MemoryAccess[]> chunks, long count, string source, string format, bool recordsPageNumbers)
    {
        _chunks = chunks;
        Count = count;
        Source = source;
        Format = format;
        RecordsPageNumbers = recordsPageNumbers;
        HasFuture = count > 0 && chunks[0][0].NextUse != AccessContext.Unknown;
    }

    /// <summary>The accesses held.</summary>
    public long Count { get; }

    /// <summary>The name of the input the trace was read from.</summary>
    public string Source { get; }

    /// <summary>The format it was read in.</summary>
    public string Format { get; }

    /// <summary>True when the trace it was read from records page numbers (<see cref="ITraceReader.RecordsPageNumbers"/>).</summary>
    public bool RecordsPageNumbers { get; }

    /// <summary>True when every access carries its next use (the format had it, or <see cref="ComputeFuture"/> ran).</summary>
    public bool HasFuture { get; private set; }

    /// <summary>
    /// Reads <paramref name="reader"/> to its end into memory, or returns null as soon as
    /// the accesses would take more than <paramref name="budgetBytes"/> (the reader is then
    /// left part-read). <paramref name="progress"/>, if given, hears the accesses read so far.
    /// </summary>
    public static MemoryTrace? TryLoad(ITraceReader reader, long budgetBytes, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var limit = Math.Max(0, budgetBytes / AccessBytes);
        var chunks = new List<MemoryAccess[]>();
        var probe = new MemoryAccess[1];
        long count = 0;
        while (true)
        {
            var room = limit - count;
            if (room <= 0)
            {
                // At the budget: the trace fits only if nothing is left.
                return reader.Read(probe) == 0 ? new MemoryTrace(chunks, count, reader.Source, reader.Format, reader.RecordsPageNumbers) : null;
            }

            var offset = (int)(count % ChunkAccesses);
            if (offset == 0)
            {
                chunks.Add(new MemoryAccess[(int)Math.Min(ChunkAccesses, room)]);
            }

            var chunk = chunks[^1];
            if (offset == chunk.Length)
            {
                // The last chunk was sized to the budget: a full one is needed to go on.
                Array.Resize(ref chunk, ChunkAccesses);
                chunks[^1] = chunk;
            }

            var want = (int)Math.Min(chunk.Length - offset, room);
            var read = reader.Read(chunk.AsSpan(offset, want));
            if (read == 0)
            {
                return new MemoryTrace(chunks, count, reader.Source, reader.Format, reader.RecordsPageNumbers);
            }

            count += read;
            progress?.Report(count);
        }
    }

    /// <summary>Builds a trace from accesses already in memory (tests, generated workloads), of byte addresses.</summary>
    public static MemoryTrace FromAccesses(ReadOnlySpan<MemoryAccess> accesses, string source = "memory", string format = "memory")
    {
        var chunks = new List<MemoryAccess[]>();
        for (var start = 0; start < accesses.Length; start += ChunkAccesses)
        {
            chunks.Add(accesses.Slice(start, Math.Min(ChunkAccesses, accesses.Length - start)).ToArray());
        }

        return new MemoryTrace(chunks, accesses.Length, source, format, recordsPageNumbers: false);
    }

    /// <summary>Opens a reader over the accesses, from the first; any number may be open at once.</summary>
    public ITraceReader OpenReader() => new MemoryTraceReader(this);

    /// <summary>
    /// Sets every access's <see cref="MemoryAccess.NextUse"/>: the index of the next access to the
    /// same page (of <paramref name="pageSize"/> bytes) by the same process, or
    /// <see cref="AccessContext.Never"/>. One backward pass; memory grows with the distinct pages.
    /// </summary>
    public void ComputeFuture(int pageSize)
    {
        var offsetBits = TraceText.OffsetBits(pageSize);
        var nextOf = new Dictionary<PageKey, long>();
        var index = Count;
        for (var c = _chunks.Count - 1; c >= 0; c--)
        {
            var chunk = _chunks[c];
            for (var i = UsedLength(c) - 1; i >= 0; i--)
            {
                index--;
                ref var access = ref chunk[i];
                ref var later = ref CollectionsMarshal.GetValueRefOrAddDefault(nextOf, new PageKey(access.Address >> offsetBits, access.Pid), out var seen);
                access = access with { NextUse = seen ? later : AccessContext.Never };
                later = index;
            }
        }

        HasFuture = true;
    }

    /// <summary>The distinct pages (of <paramref name="pageSize"/> bytes, told apart by process) the trace touches.</summary>
    public long DistinctPages(int pageSize)
    {
        var offsetBits = TraceText.OffsetBits(pageSize);
        var pages = new HashSet<PageKey>();
        for (var c = 0; c < _chunks.Count; c++)
        {
            PageKey.AddPages(pages, Chunk(c), offsetBits);
        }

        return pages.Count;
    }

    /// <summary>The accesses of chunk <paramref name="c"/>, as far as they are used.</summary>
    internal ReadOnlySpan<MemoryAccess> Chunk(int c) => c < _chunks.Count ? _chunks[c].AsSpan(0, UsedLength(c)) : default;

    // How many accesses of chunk c belong to the trace: all of them, except in the last chunk.
    private int UsedLength(int c) => (int)Math.Min(_chunks[c].Length, Count - ((long)c * ChunkAccesses));

}

/// <summary>Reads a <see cref="MemoryTrace"/> from its start; progress counts the bytes the accesses take in memory.</summary>
internal sealed class MemoryTraceReader(MemoryTrace trace) : ITraceReader
{
    private int _chunk;
    private int _offset;
    private long _read;

    public string Source => trace.Source;

    public string Format => trace.Format;

    public long BytesRead => _read * MemoryTrace.AccessBytes;

    public long? Length => trace.Count * MemoryTrace.AccessBytes;

    public bool RecordsPageNumbers => trace.RecordsPageNumbers;

    public int Read(Span<MemoryAccess> buffer)
    {
        var count = 0;
        while (count < buffer.Length)
        {
            var chunk = trace.Chunk(_chunk);
            if (chunk.IsEmpty)
            {
                break;
            }

            var n = Math.Min(buffer.Length - count, chunk.Length - _offset);
            chunk.Slice(_offset, n).CopyTo(buffer[count..]);
            count += n;
            _offset += n;
            if (_offset == chunk.Length)
            {
                _chunk++;
                _offset = 0;
            }
        }

        _read += count;
        return count;
    }

    public void Dispose()
    {
    }
}
