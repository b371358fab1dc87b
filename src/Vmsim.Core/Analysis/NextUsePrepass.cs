using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// The future for OPT on a trace too long to hold in memory. A first pass reads the trace
/// forward and writes each access's page, as a dense 4-byte id (process and page, numbered
/// in order of first use), to a temporary file; a second pass reads that file backwards in
/// chunks of a million, keeping the next use of each id in an array, and writes each
/// access's next-use index (8 bytes) to a second temporary file at its place. Replaying then
/// reads the trace again with the next uses alongside (<see cref="NextUseTraceReader"/>).
/// Memory grows with the distinct pages (a dictionary and an array over them), never with
/// the trace's length; the disk holds 4 bytes an access during the pre-pass and 8 while
/// replaying, and both files are temporary files that vanish when closed or when the process
/// ends, however it ends (<see cref="TemporaryFile"/>).
/// </summary>
public static class NextUsePrepass
{
    // A million accesses a chunk: 4 MB of ids and 8 MB of next uses in memory at a time.
    private const int ChunkAccesses = 1 << 20;

    /// <summary>
    /// Runs the pre-pass over the trace that <paramref name="open"/> opens, then opens it again and
    /// returns a reader whose accesses carry their next use. The trace must read the same both times.
    /// </summary>
    /// <param name="open">Opens the trace from its start; called twice.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: accesses to the same page are the same for OPT.</param>
    /// <param name="tempDirectory">Where the temporary files go; the system's temporary folder when null.</param>
    public static NextUseTraceReader Run(Func<ITraceReader> open, int pageSize, string? tempDirectory = null) =>
        Run(open, pageSize, tempDirectory, ChunkAccesses);

    /// <summary>As the public overload, with the chunk size of the backward pass given (small in tests, to cross chunk boundaries).</summary>
    internal static NextUseTraceReader Run(Func<ITraceReader> open, int pageSize, string? tempDirectory, int chunkAccesses)
    {
        var file = Compute(open, pageSize, tempDirectory, chunkAccesses);
        try
        {
            return new NextUseTraceReader(open(), file, ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the pre-pass alone: the next uses of the trace that <paramref name="open"/> opens, in
    /// a temporary file that any number of readers may share (<see cref="NextUseFile.Open"/>), so
    /// that a sweep's OPT runs over a streamed trace pay for it once.
    /// </summary>
    /// <param name="open">Opens the trace from its start.</param>
    /// <param name="pageSize">Bytes in a page, a power of two.</param>
    /// <param name="tempDirectory">Where the temporary files go; the system's temporary folder when null.</param>
    public static NextUseFile Compute(Func<ITraceReader> open, int pageSize, string? tempDirectory = null) =>
        Compute(open, pageSize, tempDirectory, ChunkAccesses);

    private static NextUseFile Compute(Func<ITraceReader> open, int pageSize, string? tempDirectory, int chunkAccesses)
    {
        ArgumentNullException.ThrowIfNull(open);
        var offsetBits = TraceText.OffsetBits(pageSize);
        var directory = tempDirectory ?? Path.GetTempPath();
        using var ids = TemporaryFile.Create(directory, "ids");
        var count = WriteIds(open, offsetBits, ids, out var distinct);
        var next = TemporaryFile.Create(directory, "next");
        try
        {
            WriteNextUses(ids, next, count, distinct, chunkAccesses);
            return new NextUseFile(next, count);
        }
        catch
        {
            next.Dispose();
            throw;
        }
    }

    // Pass 1: the page of every access, as a dense id, in trace order.
    private static long WriteIds(Func<ITraceReader> open, int offsetBits, SafeFileHandle file, out int distinct)
    {
        var idOf = new Dictionary<PageKey, int>();
        var accesses = new MemoryAccess[8192];
        var ids = new int[accesses.Length];
        long count = 0;
        using (var reader = open())
        {
            for (int n; (n = reader.Read(accesses)) > 0;)
            {
                for (var i = 0; i < n; i++)
                {
                    ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(idOf, new PageKey(accesses[i].Address >> offsetBits, accesses[i].Pid), out var seen);
                    if (!seen)
                    {
                        id = idOf.Count - 1;
                    }

                    ids[i] = id;
                }

                RandomAccess.Write(file, MemoryMarshal.AsBytes(ids.AsSpan(0, n)), count * sizeof(int));
                count += n;
            }
        }

        distinct = idOf.Count;
        return count;
    }

    // Pass 2: backwards over the ids, chunk by chunk, each access's next use written in place.
    private static void WriteNextUses(SafeFileHandle idsFile, SafeFileHandle nextFile, long count, int distinct, int chunkAccesses)
    {
        var nextOf = new long[distinct];
        nextOf.AsSpan().Fill(AccessContext.Never);
        var ids = new int[(int)Math.Min(count, chunkAccesses)];
        var next = new long[ids.Length];
        for (var end = count; end > 0;)
        {
            var start = Math.Max(0, end - chunkAccesses);
            var length = (int)(end - start);
            ReadExactly(idsFile, MemoryMarshal.AsBytes(ids.AsSpan(0, length)), start * sizeof(int));
            for (var i = length - 1; i >= 0; i--)
            {
                ref var later = ref nextOf[ids[i]];
                next[i] = later;
                later = start + i;
            }

            RandomAccess.Write(nextFile, MemoryMarshal.AsBytes(next.AsSpan(0, length)), start * sizeof(long));
            end = start;
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length from <paramref name="file"/> at <paramref name="offset"/>.</summary>
    internal static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("a temporary next-use file ended early");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
